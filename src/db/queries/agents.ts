import type { Queryable } from '../pool.js';
import type { AgentState, RequestableState } from '../../routing/lifecycle/states.js';

export const CONTACT_KINDS = ['phone', 'client', 'sip'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export interface Contact {
  kind: ContactKind;
  value: string;
}

/** Who an agent is and what they are doing: what every view of an agent shows. */
export interface AgentPresence {
  id: number;
  name: string;
  state: AgentState;
  stateSince: Date;
  stateReason: string | null;
  pendingState: RequestableState | null;
}

/** An agent as the API and the CLI show it. */
export interface Agent extends AgentPresence {
  contact: Contact;
  skills: Record<string, number>;
}

const SELECT_AGENTS = `
  SELECT a.id, a.name, json_build_object('kind', a.contact_kind, 'value', a.contact) AS contact,
         coalesce((SELECT json_object_agg(s.skill, s.level ORDER BY s.skill) FROM agent_skills s WHERE s.agent_id = a.id), '{}'::json) AS skills,
         a.state, a.state_since AS "stateSince", a.state_reason AS "stateReason", a.pending_state AS "pendingState"
  FROM agents a`;

export async function listAgents(db: Queryable): Promise<Agent[]> {
  const { rows } = await db.query<Agent>(`${SELECT_AGENTS} ORDER BY a.id`);
  return rows;
}

export async function findAgent(db: Queryable, id: number, opts: { lock?: boolean } = {}): Promise<Agent | undefined> {
  const { rows } = await db.query<Agent>(`${SELECT_AGENTS} WHERE a.id = $1${opts.lock ? ' FOR UPDATE OF a' : ''}`, [id]);
  return rows[0];
}

/** Inserts an agent (offline); a contact another agent already has fails with 23505. */
export async function insertAgent(db: Queryable, a: { name: string; contact: Contact }): Promise<number> {
  const { rows } = await db.query<{ id: number }>('INSERT INTO agents (name, contact_kind, contact) VALUES ($1, $2, $3) RETURNING id', [
    a.name,
    a.contact.kind,
    a.contact.value,
  ]);
  return rows[0].id;
}

export async function updateAgentDetails(db: Queryable, id: number, a: { name?: string; contact?: Contact }): Promise<void> {
  await db.query(
    `UPDATE agents SET name = coalesce($2, name), contact_kind = coalesce($3, contact_kind), contact = coalesce($4, contact) WHERE id = $1`,
    [id, a.name ?? null, a.contact?.kind ?? null, a.contact?.value ?? null],
  );
}

export async function replaceAgentSkills(db: Queryable, id: number, skills: Record<string, number>): Promise<void> {
  await db.query('DELETE FROM agent_skills WHERE agent_id = $1', [id]);
  await db.query('INSERT INTO agent_skills (agent_id, skill, level) SELECT $1, k, v FROM unnest($2::text[], $3::int[]) AS x(k, v)', [
    id,
    Object.keys(skills),
    Object.values(skills),
  ]);
}

export async function upsertAgentSkill(db: Queryable, id: number, skill: string, level: number): Promise<void> {
  await db.query(
    'INSERT INTO agent_skills (agent_id, skill, level) VALUES ($1, $2, $3) ON CONFLICT (agent_id, skill) DO UPDATE SET level = EXCLUDED.level',
    [id, skill, level],
  );
}

export async function deleteAgentSkill(db: Queryable, id: number, skill: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM agent_skills WHERE agent_id = $1 AND skill = $2', [id, skill]);
  return rowCount === 1;
}

/** Deletes the agent only while offline: true when deleted. Call history (assignments) fails with 23503. */
export async function deleteOfflineAgent(db: Queryable, id: number): Promise<boolean> {
  const { rowCount } = await db.query(`DELETE FROM agents WHERE id = $1 AND state = 'offline'`, [id]);
  return rowCount === 1;
}

export interface AgentStateChange {
  at: Date;
  from: string | null;
  to: string;
  reason: string | null;
  /** 'agent:…', 'supervisor:…', 'cli:…'; null when Switchboard made the change (routing, a wrap-up's end). */
  changedBy: string | null;
}

/** An agent's most recent state changes, newest first. */
export async function agentStateChanges(db: Queryable, id: number, limit: number): Promise<AgentStateChange[]> {
  const { rows } = await db.query<AgentStateChange>(
    `SELECT at, from_state AS "from", to_state AS "to", reason, changed_by AS "changedBy"
     FROM agent_state_changes WHERE agent_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
    [id, limit],
  );
  return rows;
}
