import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Principal } from '../../db/queries/people.js';
import * as cases from '../../routing/cases/index.js';
import { runAdmin, table, UsageError, utcMinute, type Out } from '../admin-output.js';
import { withDatabase } from '../database.js';

export const CASES_USAGE = `  switchboard cases list [--state received,acknowledged] [--open] [--overdue] [--breached] [--owner <group>] [--customer +1…] [--json]
  switchboard cases show <id> [--json] | open --category <text> (--group <g> | --agent <id>) [--customer +1…] [--summary …] [--note …]
  switchboard cases state <id> <acknowledged|resolved|closed|reopened> [--note …] | assign <id> [--group <g>] [--agent <id>] [--note …]
  switchboard cases note <id> <text>
  switchboard cases rules [--json] | rule <name> --kind csat|nps|resolved --max <score> --category <text> (--group <g> | --agent <id>)
      [--callback-group <g> --callback-priority 80] [--disabled] | remove-rule <name>
  switchboard cases settings [--acknowledge-minutes 240] [--resolve-minutes 7200] [--sms on|off] [--sms-text "… {reference}"]
      Complaint cases (received → acknowledged → resolved → closed, reopened) and the feedback rules that open them.`;

/** Who the command line acts as: a supervisor, named by the operating-system user. */
const CLI_SUPERVISOR: Principal = { role: 'supervisor', supervisorId: null, name: `command line (${os.userInfo().username})` };

const OPTIONS = {
  state: { type: 'string' },
  open: { type: 'boolean' },
  overdue: { type: 'boolean' },
  breached: { type: 'boolean' },
  owner: { type: 'string' },
  customer: { type: 'string' },
  category: { type: 'string' },
  group: { type: 'string' },
  agent: { type: 'string' },
  summary: { type: 'string' },
  note: { type: 'string' },
  kind: { type: 'string' },
  max: { type: 'string' },
  'callback-group': { type: 'string' },
  'callback-priority': { type: 'string' },
  disabled: { type: 'boolean' },
  'acknowledge-minutes': { type: 'string' },
  'resolve-minutes': { type: 'string' },
  sms: { type: 'string' },
  'sms-text': { type: 'string' },
  json: { type: 'boolean' },
} as const;

// Numbers stay numbers when they look like one, so the shared input checks name a bad one clearly.
const num = (v: string | undefined) => (v === undefined ? undefined : /^-?\d+$/.test(v) ? Number(v) : v);
const idOf = (v: string | undefined) => {
  if (!v || !/^\d{1,15}$/.test(v)) throw new UsageError(`a case number is needed\n${CASES_USAGE}`);
  return Number(v);
};

/** `switchboard cases …`: the same operations and input checks as /api/cases, as a supervisor. */
export function casesCommand(argv: string[], out: Out): Promise<number> {
  return runAdmin(out, async () => {
    const { values: o, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
    const [sub, ...rest] = positionals;
    const json = (v: unknown) => out(JSON.stringify(v, null, 2));
    switch (sub) {
      case 'list': {
        const query = Object.fromEntries(
          Object.entries({
            state: o.state,
            open: o.open ? 'true' : undefined,
            overdue: o.overdue ? 'true' : undefined,
            breached: o.breached ? 'true' : undefined,
            owner: o.owner,
            customer: o.customer,
          }).filter(([, v]) => v !== undefined),
        );
        const found = await withDatabase((pool) => cases.listCases(pool, CLI_SUPERVISOR, query));
        if (o.json) return json(found);
        if (!found.length) return out('no cases');
        return table(
          ['CASE', 'STATE', 'FLAGS', 'CATEGORY', 'CUSTOMER', 'OWNER', 'DUE'],
          found.map((c) => [
            String(c.id),
            c.state,
            c.overdue ? 'overdue' : c.breached ? 'breached' : '-',
            c.category,
            c.customerNumber ?? '-',
            [c.owner.agentName, c.owner.group].filter(Boolean).join(' · ') || '-',
            utcMinute(new Date(c.state === 'received' ? c.acknowledgeDueAt : c.resolveDueAt)),
          ]),
        ).forEach((l) => out(l));
      }
      case 'show': {
        const found = await withDatabase((pool) => cases.getCase(pool, CLI_SUPERVISOR, idOf(rest[0])));
        if (o.json) return json(found);
        const c = found.case;
        out(
          `case ${c.id}: ${c.state}${c.overdue ? ' (overdue)' : c.breached ? ' (breached)' : ''} · ${c.category} · ${c.customerNumber ?? 'no number'}`,
        );
        out(`  ${c.summary || '(no summary)'}`);
        for (const h of found.history) {
          const move = h.what === 'state' ? ` ${h.fromState} → ${h.toState}` : '';
          out(`  ${utcMinute(new Date(h.at))}  ${h.what}${move}  by ${h.by.name}${h.note ? `: ${h.note}` : ''}`);
        }
        return;
      }
      case 'open': {
        const made = await withDatabase((pool) =>
          cases.createCase(pool, CLI_SUPERVISOR, {
            category: o.category,
            ...(o.summary !== undefined ? { summary: o.summary } : {}),
            ...(o.customer ? { customerNumber: o.customer } : {}),
            ...(o.group ? { ownerGroup: o.group } : {}),
            ...(o.agent ? { ownerAgentId: num(o.agent) } : {}),
            ...(o.note ? { note: o.note } : {}),
          }),
        );
        return out(`opened case ${made.case.id} (due to be acknowledged by ${utcMinute(new Date(made.case.acknowledgeDueAt))})`);
      }
      case 'state': {
        const id = idOf(rest[0]);
        const changed = await withDatabase((pool) =>
          cases.changeCaseState(pool, CLI_SUPERVISOR, id, { state: rest[1], ...(o.note ? { note: o.note } : {}) }),
        );
        return out(`case ${id} is ${changed.case.state}`);
      }
      case 'assign': {
        const id = idOf(rest[0]);
        const moved = await withDatabase((pool) =>
          cases.assignCase(pool, CLI_SUPERVISOR, id, {
            ...(o.group ? { ownerGroup: o.group } : {}),
            ...(o.agent ? { ownerAgentId: num(o.agent) } : {}),
            ...(o.note ? { note: o.note } : {}),
          }),
        );
        return out(`case ${id} belongs to ${[moved.case.owner.agentName, moved.case.owner.group].filter(Boolean).join(' in ')}`);
      }
      case 'note': {
        const id = idOf(rest[0]);
        await withDatabase((pool) => cases.addCaseNote(pool, CLI_SUPERVISOR, id, { note: rest.slice(1).join(' ') }));
        return out(`noted on case ${id}`);
      }
      case 'rules': {
        const rules = await withDatabase((pool) => cases.listFeedbackRules(pool));
        if (o.json) return json(rules);
        if (!rules.length) return out("no feedback rules (add one with 'switchboard cases rule <name> …')");
        return table(
          ['RULE', 'WHEN', 'CATEGORY', 'OWNER', 'CALLBACK', 'ON'],
          rules.map((r) => [
            r.name,
            `${r.kind} <= ${r.maxScore}`,
            r.category,
            [r.ownerAgentId ? `agent ${r.ownerAgentId}` : null, r.ownerGroup].filter(Boolean).join(' in '),
            r.callbackGroup ? `${r.callbackGroup} (priority ${r.callbackPriority})` : '-',
            r.enabled ? 'yes' : 'no',
          ]),
        ).forEach((l) => out(l));
      }
      case 'rule': {
        if (!rest[0]) throw new UsageError(CASES_USAGE);
        const saved = await withDatabase((pool) =>
          cases.saveFeedbackRule(pool, rest[0], {
            kind: o.kind,
            maxScore: num(o.max),
            category: o.category,
            ...(o.group ? { ownerGroup: o.group } : {}),
            ...(o.agent ? { ownerAgentId: num(o.agent) } : {}),
            ...(o['callback-group'] ? { callbackGroup: o['callback-group'] } : {}),
            ...(o['callback-priority'] ? { callbackPriority: num(o['callback-priority']) } : {}),
            enabled: !o.disabled,
          }),
        );
        return out(`saved rule '${saved.name}': ${saved.kind} <= ${saved.maxScore} opens a ${saved.category} case`);
      }
      case 'remove-rule': {
        if (!rest[0]) throw new UsageError(CASES_USAGE);
        await withDatabase((pool) => cases.deleteFeedbackRule(pool, rest[0]));
        return out(`removed rule '${rest[0]}'`);
      }
      case 'settings': {
        const changes = Object.fromEntries(
          Object.entries({
            acknowledgeMinutes: num(o['acknowledge-minutes']),
            resolveMinutes: num(o['resolve-minutes']),
            acknowledgeBySms: o.sms === undefined ? undefined : o.sms === 'on' ? true : o.sms === 'off' ? false : o.sms,
            acknowledgeText: o['sms-text'],
          }).filter(([, v]) => v !== undefined),
        );
        const s = await withDatabase((pool) =>
          Object.keys(changes).length ? cases.updateCaseSettings(pool, changes) : cases.caseSettings(pool),
        );
        if (o.json) return json(s);
        out(`acknowledge within ${s.acknowledgeMinutes} min, resolve within ${s.resolveMinutes} min`);
        return out(`acknowledgement text message: ${s.acknowledgeBySms ? 'on' : 'off'} — ${s.acknowledgeText}`);
      }
      default:
        throw new UsageError(CASES_USAGE);
    }
  });
}
