import { userInfo } from 'node:os';
import type { Agent } from '../../db/queries/agents.js';
import * as directory from '../../admin/directory.js';
import { ago, levels, parseLevels, runAdmin, table, UsageError, type Out } from '../admin-output.js';
import { withDatabase } from '../database.js';

export interface AgentOptions {
  name?: string;
  phone?: string;
  client?: string;
  sip?: string;
  skill?: string[];
  reason?: string;
  json?: boolean;
}

const USAGE = `usage: switchboard agents add --name <name> (--phone +15551110001 | --client <identity> | --sip sip:<user>@<host>) [--skill billing=4 …]
       switchboard agents list [--json]
       switchboard agents set-skill <id> <skill> <level>
       switchboard agents remove-skill <id> <skill>
       switchboard agents status <id> <available|break|offline|not-ready> [--reason lunch]
       switchboard agents remove <id>`;

const contactText = (a: Agent) => (a.contact.kind === 'client' ? `client:${a.contact.value}` : a.contact.value);
const stateText = (a: Agent) =>
  `${a.state}${a.stateReason ? ` (${a.stateReason})` : ''}${a.pendingState ? `, then ${a.pendingState}` : ''}`;
const who = (a: Agent) => `agent ${a.id} (${a.name})`;

function args(rest: string[], count: number): string[] {
  if (rest.length !== count) throw new UsageError(USAGE);
  return rest;
}

/** `switchboard agents …`: the people who take calls, their contacts, skills and status. */
export function agentsCommand(argv: string[], opts: AgentOptions, out: Out): Promise<number> {
  const [sub, ...rest] = argv;
  return runAdmin(out, async () => {
    switch (sub) {
      case 'add': {
        args(rest, 0);
        const kinds = (['phone', 'client', 'sip'] as const).filter((k) => opts[k] !== undefined);
        if (kinds.length !== 1) throw new UsageError(`give one contact: --phone, --client or --sip\n${USAGE}`);
        const input = { name: opts.name, contact: { kind: kinds[0], value: opts[kinds[0]] }, skills: parseLevels('--skill', opts.skill) };
        const agent = await withDatabase((pool) => directory.createAgent(pool, input));
        out(`added ${who(agent)}: ${contactText(agent)}, ${agent.state}, skills ${levels(agent.skills)}`);
        return;
      }
      case 'list': {
        args(rest, 0);
        const agents = await withDatabase((pool) => directory.listAgents(pool));
        if (opts.json) return out(JSON.stringify(agents, null, 2));
        if (!agents.length) return out("no agents yet (add one with 'switchboard agents add')");
        const now = Date.now();
        const rows = agents.map((a) => [String(a.id), a.name, contactText(a), stateText(a), ago(a.stateSince, now), levels(a.skills)]);
        return table(['ID', 'NAME', 'CONTACT', 'STATE', 'SINCE', 'SKILLS'], rows).forEach((l) => out(l));
      }
      case 'set-skill': {
        const [id, skill, level] = args(rest, 3);
        const agent = await withDatabase((pool) =>
          directory.setAgentSkill(pool, id, skill, { level: /^\d+$/.test(level) ? Number(level) : level }),
        );
        return out(`${who(agent)}: skills ${levels(agent.skills)}`);
      }
      case 'remove-skill': {
        const [id, skill] = args(rest, 2);
        const agent = await withDatabase((pool) => directory.removeAgentSkill(pool, id, skill));
        return out(`${who(agent)}: skills ${levels(agent.skills)}`);
      }
      case 'status': {
        const [id, state] = args(rest, 2);
        const result = await withDatabase((pool) =>
          directory.requestStatus(pool, id, { state, reason: opts.reason }, `cli:${userInfo().username}`),
        );
        return out(result.message);
      }
      case 'remove': {
        const [id] = args(rest, 1);
        const agent = await withDatabase((pool) => directory.removeAgent(pool, id));
        return out(`removed ${who(agent)}`);
      }
      default:
        throw new UsageError(USAGE);
    }
  });
}
