import type { SimulatedCall } from '../../src/reports/simulate-day.js';
import { testDatabase } from '../support/database.js';

/**
 * Report fixtures written straight to the tables with explicit timestamps (what routing would have
 * recorded). Triggers also log changes at the real clock time; those rows are removed, so the
 * history is exactly what a test writes.
 */
const db = () => testDatabase().pool;
let calls = 0;

async function ensureFlowVersion(): Promise<void> {
  await db().query(
    `INSERT INTO flow_versions (hash, flow_id, definition, sources) VALUES ('test', 'test', '{}', '{}') ON CONFLICT DO NOTHING`,
  );
}

export async function newCall(at: string): Promise<string> {
  await ensureFlowVersion();
  const sid = `CA${(++calls).toString(16).padStart(32, '0')}`;
  await db().query(
    `INSERT INTO calls (call_sid, account_sid, flow_id, flow_hash, from_number, to_number, state, context, seq, started_at)
     VALUES ($1, 'AC0', 'test', 'test', '+15550001111', '+18005550100', '"ended"', '{}', 1, $2)`,
    [sid, at],
  );
  return sid;
}

/** A queue entry offered to `group` at `created`, in its final state (since `endedAt` when given). */
export async function entry(e: {
  call?: string;
  group: string;
  created: string;
  state: string;
  endedAt?: string;
  firstEntered?: string;
}): Promise<{ id: number; call: string }> {
  const call = e.call ?? (await newCall(e.created));
  const { rows } = await db().query<{ id: number }>(
    `INSERT INTO queue_entries (call_sid, group_name, state, step, created_at, first_entered_at, entered_at, state_since, ended_at)
     VALUES ($1, $2, $3, 'queue', $4::timestamptz, coalesce($6::timestamptz, $4::timestamptz), $4::timestamptz,
             coalesce($5::timestamptz, $4::timestamptz), $5::timestamptz) RETURNING id`,
    [call, e.group, e.state, e.created, e.endedAt ?? null, e.firstEntered ?? null],
  );
  await db().query('DELETE FROM queue_entry_changes WHERE entry_id = $1', [rows[0].id]);
  return { id: rows[0].id, call };
}

/** A recorded queue entry change (e.g. into 'callback'). */
export async function entryChange(entryId: number, from: string | null, to: string, at: string): Promise<void> {
  await db().query('INSERT INTO queue_entry_changes (entry_id, from_state, to_state, at) VALUES ($1, $2, $3, $4)', [entryId, from, to, at]);
}

/** An offer to an agent; ended with `outcome` when given, else still connected. */
export async function assignment(a: {
  entry: number;
  agent: number;
  kind?: 'inbound' | 'callback';
  created: string;
  answered?: string;
  ended?: string;
  outcome?: string;
  wrapUpUntil?: string;
  wrapUpEnded?: string;
}): Promise<void> {
  await db().query(
    `INSERT INTO assignments (entry_id, agent_id, kind, state, outcome, created_at, answered_at, ended_at, wrap_up_until, wrap_up_ended_at)
     VALUES ($1, $2, $3, CASE WHEN $4::text IS NULL THEN 'connected' ELSE 'ended' END, $4, $5, $6, $7, $8, $9)`,
    [
      a.entry,
      a.agent,
      a.kind ?? 'inbound',
      a.outcome ?? null,
      a.created,
      a.answered ?? null,
      a.ended ?? null,
      a.wrapUpUntil ?? null,
      a.wrapUpEnded ?? null,
    ],
  );
}

/** An agent's recorded state history: [at, state] pairs (any history the trigger wrote is replaced). */
export async function agentHistory(agentId: number, changes: [string, string][]): Promise<void> {
  await db().query('DELETE FROM agent_state_changes WHERE agent_id = $1', [agentId]);
  for (const [at, state] of changes) {
    await db().query('INSERT INTO agent_state_changes (agent_id, to_state, at) VALUES ($1, $2, $3)', [agentId, state, at]);
  }
}

export async function voicemail(call: string, group: string | null, at: string): Promise<void> {
  await db().query(
    `INSERT INTO voicemails (call_sid, step, recording_url, duration_seconds, created_at, group_name) VALUES ($1, 'vm', 'https://example.com/r', 12, $2, $3)`,
    [call, at, group],
  );
}

export async function survey(call: string, score: number, at: string): Promise<void> {
  await db().query(`INSERT INTO survey_responses (call_sid, step, score, created_at) VALUES ($1, 'survey', $2, $3)`, [call, score, at]);
}

/**
 * A simulated queue written in bulk (one multi-row statement per table): `agents` agent ids, calls
 * in `group`, completed entries and assignments (no wrap-up), and each agent's available ↔ on-call
 * history, so every report reads exactly what the simulator decided.
 */
export async function insertSimulation(group: string, agentIds: number[], sim: SimulatedCall[], startMs: number): Promise<void> {
  await ensureFlowVersion();
  const iso = (ms: number) => new Date(ms).toISOString();
  const sids = sim.map((_, i) => `CAsim${String(i).padStart(8, '0')}`);
  await db().query(
    `INSERT INTO calls (call_sid, account_sid, flow_id, flow_hash, from_number, to_number, state, context, seq, started_at)
     SELECT sid, 'AC0', 'test', 'test', '+15550001111', '+18005550100', '"ended"', '{}', 1, at FROM unnest($1::text[], $2::timestamptz[]) u(sid, at)`,
    [sids, sim.map((c) => iso(c.arrivedMs))],
  );
  const { rows } = await db().query<{ id: number }>(
    `INSERT INTO queue_entries (call_sid, group_name, state, step, created_at, first_entered_at, entered_at, state_since, ended_at)
     SELECT sid, $1, 'completed', 'queue', at, at, at, ended, ended FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY u(sid, at, ended, n)
     ORDER BY n RETURNING id`,
    [group, sids, sim.map((c) => iso(c.arrivedMs)), sim.map((c) => iso(c.endedMs))],
  );
  await db().query(
    `INSERT INTO assignments (entry_id, agent_id, kind, state, outcome, created_at, answered_at, ended_at, wrap_up_until, wrap_up_ended_at)
     SELECT e, a, 'inbound', 'ended', 'completed', ans, ans, ended, ended, ended
     FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::timestamptz[]) u(e, a, ans, ended)`,
    [rows.map((r) => r.id), sim.map((c) => agentIds[c.agent]), sim.map((c) => iso(c.answeredMs)), sim.map((c) => iso(c.endedMs))],
  );
  const changes: [number, string, string][] = agentIds.map((id) => [id, 'available', iso(startMs)]);
  for (const c of sim) changes.push([agentIds[c.agent], 'on-call', iso(c.answeredMs)], [agentIds[c.agent], 'available', iso(c.endedMs)]);
  await db().query('DELETE FROM agent_state_changes');
  await db().query(
    `INSERT INTO agent_state_changes (agent_id, to_state, at) SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamptz[])`,
    [changes.map((c) => c[0]), changes.map((c) => c[1]), changes.map((c) => c[2])],
  );
}
