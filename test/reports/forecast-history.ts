import { testDatabase } from '../support/database.js';
import { addAgent, configureGroup } from '../support/agents.js';

/** One past queue entry: offered at `at`, answered after `answeredAfter` s and handled `handle` s, or abandoned. */
interface PastEntry {
  at: string;
  answeredAfter?: number;
  handle?: number;
  abandonedAfter?: number;
}

/** `count` entries from `start`, one every `everySeconds`, all alike. */
export function spread(start: string, count: number, everySeconds: number, e: Omit<PastEntry, 'at'>): PastEntry[] {
  return Array.from({ length: count }, (_, i) => ({ ...e, at: new Date(Date.parse(start) + i * everySeconds * 1000).toISOString() }));
}

/** Writes past entries of `group` (and their calls and completed inbound assignments) in bulk. */
export async function insertHistory(group: string, entries: PastEntry[]): Promise<void> {
  const db = testDatabase().pool;
  await db.query(
    `INSERT INTO flow_versions (hash, flow_id, definition, sources) VALUES ('test', 'test', '{}', '{}') ON CONFLICT DO NOTHING`,
  );
  const agent = await addAgent({ state: 'offline' });
  const at = (e: PastEntry, after = 0) => new Date(Date.parse(e.at) + after * 1000).toISOString();
  const { rows: calls } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM calls');
  const sids = entries.map((_, i) => `CAfc${String(calls[0].n + i).padStart(8, '0')}`);
  await db.query(
    `INSERT INTO calls (call_sid, account_sid, flow_id, flow_hash, from_number, to_number, state, context, seq, started_at)
     SELECT sid, 'AC0', 'test', 'test', '+15550001111', '+18005550100', '"ended"', '{}', 1, at FROM unnest($1::text[], $2::timestamptz[]) u(sid, at)`,
    [sids, entries.map((e) => e.at)],
  );
  const ended = entries.map((e) => at(e, e.abandonedAfter ?? (e.answeredAfter ?? 0) + (e.handle ?? 0)));
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO queue_entries (call_sid, group_name, state, step, created_at, first_entered_at, entered_at, state_since, ended_at)
     SELECT sid, $1, state, 'queue', at, at, at, ended, ended
     FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) WITH ORDINALITY u(sid, state, at, ended, n) ORDER BY n RETURNING id`,
    [group, sids, entries.map((e) => (e.abandonedAfter === undefined ? 'completed' : 'abandoned')), entries.map((e) => e.at), ended],
  );
  const answered = entries.map((e, i) => ({ e, i })).filter(({ e }) => e.abandonedAfter === undefined);
  await db.query(
    `INSERT INTO assignments (entry_id, agent_id, kind, state, outcome, created_at, answered_at, ended_at, wrap_up_until, wrap_up_ended_at)
     SELECT e, $1, 'inbound', 'ended', 'completed', ans, ans, ended, ended, ended FROM unnest($2::bigint[], $3::timestamptz[], $4::timestamptz[]) u(e, ans, ended)`,
    [agent.id, answered.map(({ i }) => rows[i].id), answered.map(({ e }) => at(e, e.answeredAfter)), answered.map(({ i }) => ended[i])],
  );
}

/**
 * Billing's history before Monday 2026-12-07 (UTC): on the Mondays one and two weeks before, 100
 * calls from 09:00 to 09:30 — 60 answered at once, 30 after 10 s, 10 abandoned after 30 s, every
 * answered one handled 180 s — so that interval forecasts 100 calls, AHT 180 s and a patience of
 * (30·10 + 10·30) s ÷ 10 abandoned = 60 s: the reference vector (14 agents by Erlang C, 12 by
 * Erlang A). One week before, also 36 calls from 10:00 answered at once and handled 240 s (18 a
 * Monday on average). Ignored: a Tuesday, another group, and a Monday five weeks before.
 */
export async function billingHistory(): Promise<void> {
  await configureGroup('billing', { service_level_seconds: 20 });
  await configureGroup('support');
  for (const monday of ['2026-11-30', '2026-11-23']) {
    await insertHistory('billing', [
      ...spread(`${monday}T09:00:00Z`, 60, 10, { answeredAfter: 0, handle: 180 }),
      ...spread(`${monday}T09:10:00Z`, 30, 20, { answeredAfter: 10, handle: 180 }),
      ...spread(`${monday}T09:20:00Z`, 10, 30, { abandonedAfter: 30 }),
    ]);
  }
  await insertHistory('billing', spread('2026-11-30T10:00:00Z', 36, 50, { answeredAfter: 0, handle: 240 }));
  await insertHistory('billing', spread('2026-12-01T09:00:00Z', 50, 10, { answeredAfter: 0, handle: 60 }));
  await insertHistory('billing', spread('2026-11-02T09:00:00Z', 50, 10, { answeredAfter: 0, handle: 60 }));
  await insertHistory('support', spread('2026-11-30T09:00:00Z', 50, 10, { answeredAfter: 0, handle: 60 }));
}
