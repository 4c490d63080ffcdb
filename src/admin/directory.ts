import { didYouMean } from '../flows/diagnostics.js';
import { inTransaction, type Pool, type Queryable } from '../db/pool.js';
import { requestAgentState, type AgentStatus } from '../routing/lifecycle/index.js';
import * as agents from '../db/queries/agents.js';
import * as groups from '../db/queries/groups.js';
import * as skills from '../db/queries/skills.js';
import { rulesNaming } from '../db/queries/feedback-rules.js';
import { agentInput, agentPatchInput, groupInput, groupPatchInput, skillInput, skillLevelInput, statusInput } from './directory-input.js';
import { InputError, invalidField, parseInput } from '../input-error.js';
import { requireChoice } from '../routing/floor-choices.js';

// The management operations shared by the HTTP API and the CLI: every input is validated here, so
// both answer a mistake with the same message.

const pgCode = (err: unknown) => (err as { code?: string }).code;
const quoted = (names: string[]) => names.map((n) => `'${n}'`).join(', ');

/** Ids come from URLs and the command line: anything but a whole number names no agent. */
function agentId(raw: string | number): number {
  const id = Number(raw);
  if (!/^\d{1,15}$/.test(String(raw)) || id < 1) throw new InputError('not-found', `no agent with id ${raw}`);
  return id;
}

async function requireAgent(db: Queryable, raw: string | number, opts: { lock?: boolean } = {}): Promise<agents.Agent> {
  const agent = await agents.findAgent(db, agentId(raw), opts);
  if (!agent) throw new InputError('not-found', `no agent with id ${raw}`);
  return agent;
}

async function checkSkillsExist(db: Queryable, field: string, names: string[], opts: { keyed: boolean }): Promise<void> {
  if (!names.length) return;
  const known = await skills.skillNames(db);
  for (const name of names) {
    if (!known.includes(name))
      throw invalidField(opts.keyed ? `${field}.${name}` : field, `unknown skill '${name}'${didYouMean(name, known)}`);
  }
}

// ---- skills

export const listSkills = (db: Queryable) => skills.listSkills(db);

export async function addSkill(db: Queryable, input: unknown): Promise<skills.SkillSummary> {
  const { name } = parseInput(skillInput, input);
  const result = await skills.insertSkill(db, name);
  if (!result.added) throw new InputError('conflict', `skill '${result.existing}' already exists`);
  return { name, agents: 0, groups: 0 };
}

// ---- agents

export const listAgents = (db: Queryable) => agents.listAgents(db);
export const getAgent = (db: Queryable, id: string | number) => requireAgent(db, id);

/** The last 50 changes of an agent's state, with who made each (the audit a supervisor reads). */
export async function agentStateHistory(db: Queryable, id: string | number): Promise<agents.AgentStateChange[]> {
  const agent = await requireAgent(db, id);
  return agents.agentStateChanges(db, agent.id, 50);
}

async function withContactCheck<T>(contact: agents.Contact | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (pgCode(err) === '23505' && contact)
      throw new InputError('conflict', `another agent already has the ${contact.kind} contact ${contact.value}`);
    throw err;
  }
}

export async function createAgent(pool: Pool, input: unknown): Promise<agents.Agent> {
  const a = parseInput(agentInput, input);
  const id = await withContactCheck(a.contact, () =>
    inTransaction(pool, async (tx) => {
      await checkSkillsExist(tx, 'skills', Object.keys(a.skills), { keyed: true });
      const id = await agents.insertAgent(tx, a);
      await agents.replaceAgentSkills(tx, id, a.skills);
      return id;
    }),
  );
  return requireAgent(pool, id);
}

export async function updateAgent(pool: Pool, id: string | number, input: unknown): Promise<agents.Agent> {
  const patch = parseInput(agentPatchInput, input);
  const agent = await withContactCheck(patch.contact, () =>
    inTransaction(pool, async (tx) => {
      const agent = await requireAgent(tx, id, { lock: true });
      if (patch.skills) await checkSkillsExist(tx, 'skills', Object.keys(patch.skills), { keyed: true });
      await agents.updateAgentDetails(tx, agent.id, patch);
      if (patch.skills) await agents.replaceAgentSkills(tx, agent.id, patch.skills);
      return agent;
    }),
  );
  return requireAgent(pool, agent.id);
}

export async function setAgentSkill(db: Queryable, id: string | number, skill: string, input: unknown): Promise<agents.Agent> {
  const { level } = parseInput(skillLevelInput, input);
  const agent = await requireAgent(db, id);
  await checkSkillsExist(db, 'skill', [skill], { keyed: false });
  await agents.upsertAgentSkill(db, agent.id, skill, level);
  return requireAgent(db, agent.id);
}

export async function removeAgentSkill(db: Queryable, id: string | number, skill: string): Promise<agents.Agent> {
  const agent = await requireAgent(db, id);
  if (!(await agents.deleteAgentSkill(db, agent.id, skill)))
    throw new InputError('not-found', `agent ${agent.id} (${agent.name}) has no skill '${skill}'`);
  return requireAgent(db, agent.id);
}

export async function removeAgent(db: Queryable, id: string | number): Promise<agents.Agent> {
  const agent = await requireAgent(db, id);
  const who = `agent ${agent.id} (${agent.name})`;
  const rules = await rulesNaming(db, { agentId: agent.id });
  if (rules.length) throw new InputError('conflict', `${who} owns feedback rule ${quoted(rules)}; give it another owner first`);
  try {
    if (await agents.deleteOfflineAgent(db, agent.id)) return agent;
  } catch (err) {
    // Assignments keep a reference to the agent, so the call history stays whole.
    if (pgCode(err) === '23503')
      throw new InputError('conflict', `${who} has call history and cannot be removed; leave them offline instead`);
    throw err;
  }
  const now = await requireAgent(db, agent.id);
  throw new InputError('conflict', `${who} is ${now.state}; set them offline before removing them`);
}

export interface StatusResult {
  status: AgentStatus;
  /** True when the agent is busy and the request waits for the call to end. */
  pending: boolean;
  message: string;
}

/** An agent (or a supervisor) asks for a state: at once, or after the call when they are on one. */
/** `actor` is who asks, as recorded with the change (see actorOf); the agent themselves from the console. */
export async function requestStatus(db: Queryable, id: string | number, input: unknown, actor: string): Promise<StatusResult> {
  const { state, reason } = parseInput(statusInput, input);
  if (state === 'break' && reason) await requireChoice(db, 'break-reasons', reason, 'reason');
  const status = await requestAgentState(db, agentId(id), state, reason, actor);
  if (!status) throw new InputError('not-found', `no agent with id ${id}`);
  const pending = status.pendingState !== null;
  const withReason = `${state}${reason ? ` (${reason})` : ''}`;
  const message = pending
    ? `agent ${status.id} is ${status.state}; ${withReason} applies after the call`
    : `agent ${status.id} is now ${withReason}`;
  return { status, pending, message };
}

// ---- skill groups

export const listGroups = (db: Queryable) => groups.listGroups(db);
export const queueSummary = (db: Queryable) => groups.queueSummary(db);

async function requireGroup(db: Queryable, name: string, opts: { lock?: boolean } = {}): Promise<groups.Group> {
  const group = await groups.findGroup(db, name, opts);
  if (!group) {
    const known = (await groups.listGroups(db)).map((g) => g.name);
    throw new InputError('not-found', `no group named '${name}'${didYouMean(name, known)}`);
  }
  return group;
}
export const getGroup = (db: Queryable, name: string) => requireGroup(db, name);

/** Checks the skills and groups that settings name; sorts widening steps by time. */
async function checkGroupSettings(db: Queryable, name: string, s: Partial<groups.GroupSettings>): Promise<Partial<groups.GroupSettings>> {
  if (s.requirements) await checkSkillsExist(db, 'requirements', Object.keys(s.requirements), { keyed: true });
  const targets = await groups.groupOverflowTargets(db);
  const known = [...targets.keys()].filter((g) => g !== name).sort();
  const checkTarget = (field: string, target: string) => {
    if (target === name) throw invalidField(field, `cannot be the group itself`);
    if (!targets.has(target)) throw invalidField(field, `unknown group '${target}'${didYouMean(target, known)}`);
  };
  s.widening?.forEach((step, i) => step.addGroup !== undefined && checkTarget(`widening[${i}].addGroup`, step.addGroup));
  if (s.overflow?.action === 'group') {
    checkTarget('overflow.group', s.overflow.group);
    // Follow the chain of overflows: one that leads back here would pass callers round forever.
    const seen = new Set([name]);
    for (let g: string | null | undefined = s.overflow.group; g; g = targets.get(g)) {
      if (seen.has(g)) throw invalidField('overflow.group', `'${s.overflow.group}' overflows back to '${name}', a circle`);
      seen.add(g);
    }
  }
  return s.widening ? { ...s, widening: [...s.widening].sort((a, b) => a.afterSeconds - b.afterSeconds) } : s;
}

export async function createGroup(pool: Pool, input: unknown): Promise<groups.Group> {
  const { name, ...settings } = parseInput(groupInput, input);
  await inTransaction(pool, async (tx) => {
    const existing = await groups.groupNameLike(tx, name);
    if (existing) throw new InputError('conflict', `group '${existing}' already exists`);
    await groups.saveGroupSettings(tx, name, await checkGroupSettings(tx, name, settings), { create: true });
  }).catch((err) => {
    throw pgCode(err) === '23505' ? new InputError('conflict', `group '${name}' already exists`) : err;
  });
  return requireGroup(pool, name);
}

export async function updateGroup(pool: Pool, name: string, input: unknown): Promise<groups.Group> {
  const settings = parseInput(groupPatchInput, input);
  await inTransaction(pool, async (tx) => {
    await requireGroup(tx, name, { lock: true });
    await groups.saveGroupSettings(tx, name, await checkGroupSettings(tx, name, settings), { create: false });
  });
  return requireGroup(pool, name);
}

export async function removeGroup(pool: Pool, name: string): Promise<groups.Group> {
  return inTransaction(pool, async (tx) => {
    // The row lock holds off new queue entries (their foreign key waits for it) while we look.
    const group = await requireGroup(tx, name, { lock: true });
    const { openEntries, referencedBy, ownedCases } = await groups.groupDependents(tx, name);
    if (openEntries)
      throw new InputError('conflict', `group '${name}' has ${openEntries} caller(s) in its queue; remove it once they are served`);
    if (referencedBy.length)
      throw new InputError(
        'conflict',
        `group '${name}' is named in the overflow or widening of ${quoted(referencedBy)}; change those first`,
      );
    const rules = await rulesNaming(tx, { group: name });
    if (rules.length) throw new InputError('conflict', `group '${name}' is named by feedback rule ${quoted(rules)}; change those first`);
    if (ownedCases) throw new InputError('conflict', `group '${name}' owns ${ownedCases} case(s); give them another owner first`);
    await groups.deleteGroup(tx, name).catch((err) => {
      throw pgCode(err) === '23503'
        ? new InputError('conflict', `group '${name}' has call history (past queue entries) and cannot be removed`)
        : err;
    });
    return group;
  });
}
