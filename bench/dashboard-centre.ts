// A 5,000-seat centre's live state, seeded set-based (generate_series: one statement per table,
// not one round trip per agent), for measuring what the supervisors' live dashboard costs.
import type { Queryable } from '../src/db/pool.js';

export const BIG_CENTRE_GROUPS = ['billing', 'support'];

export interface BigCentre {
  agents: number;
  /** Calls not yet ended: some in the IVR, some waiting, most talking to an agent. */
  liveCalls: number;
  /** Calls answered and ended earlier today. */
  endedCallsToday: number;
  /** Extra state changes per agent today (logins, breaks, calls). */
  stateChangesPerAgent: number;
}

export const BENCH_CENTRE: BigCentre = { agents: 5500, liveCalls: 3000, endedCallsToday: 20_000, stateChangesPerAgent: 6 };

/**
 * Seeds `c` on an empty schema: every agent has both skills; agents' states spread like a busy
 * shift (40 % on a call, 20 % available, the rest in wrap-up, ringing, away or logged out).
 */
export async function seedBigCentre(db: Queryable, c: BigCentre): Promise<void> {
  await db.query(`INSERT INTO skill_groups (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [BIG_CENTRE_GROUPS]);
  await db.query(`INSERT INTO skills (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [BIG_CENTRE_GROUPS]);
  await db.query(
    `INSERT INTO skill_group_requirements (group_name, skill, min_level) SELECT q, q, 1 FROM unnest($1::text[]) q ON CONFLICT DO NOTHING`,
    [BIG_CENTRE_GROUPS],
  );
  await db.query(
    `INSERT INTO agents (name, contact_kind, contact, state, state_reason)
     SELECT 'Agent ' || lpad(i::text, 5, '0'), 'phone', '+1555' || lpad(i::text, 7, '0'), s.state,
       CASE WHEN s.state = 'break' THEN 'lunch' END
     FROM generate_series(1, $1::int) i
     CROSS JOIN LATERAL (SELECT (ARRAY['on-call','on-call','on-call','on-call','available','available','wrap-up','reserved','break','not-ready'])[1 + i % 10]
       || '' AS state) s0
     CROSS JOIN LATERAL (SELECT CASE WHEN i % 20 = 19 THEN 'offline' ELSE s0.state END AS state) s`,
    [c.agents],
  );
  await db.query(
    `INSERT INTO agent_skills (agent_id, skill, level) SELECT a.id, q, 1 + a.id::int % 5 FROM agents a CROSS JOIN unnest($1::text[]) q`,
    [BIG_CENTRE_GROUPS],
  );
  await db.query(
    `INSERT INTO agent_state_changes (agent_id, from_state, to_state, at, changed_by)
     SELECT a.id, 'available', 'on-call', now() - make_interval(mins => k * 7), CASE WHEN k % 3 = 0 THEN 'supervisor:lead' END
     FROM agents a CROSS JOIN generate_series(1, $1::int) k`,
    [c.stateChangesPerAgent],
  );
  await db.query(
    `INSERT INTO flow_versions (flow_id, hash, definition, sources)
     VALUES ('bench', 'bench-hash', '{}', '{}') ON CONFLICT DO NOTHING`,
  );
  // Calls: the first liveCalls are in progress, the rest ended today.
  await db.query(
    `INSERT INTO calls (call_sid, account_sid, flow_id, flow_hash, from_number, to_number, state, context, seq, status, started_at, ended_at)
     SELECT 'CA' || lpad(i::text, 32, '0'), 'AC0', 'bench', 'bench-hash', '+1444' || lpad(i::text, 7, '0'), '+15550000000', 'queue', '{}', 1,
       CASE WHEN i <= $1 THEN 'in-progress' ELSE 'completed' END,
       CASE WHEN i <= $1 THEN now() - make_interval(secs => i % 900) ELSE now() - make_interval(secs => i % 30000) - interval '20 minutes' END,
       CASE WHEN i <= $1 THEN NULL ELSE now() - make_interval(secs => i % 30000) - interval '10 minutes' END
     FROM generate_series(1, $1::int + $2::int) i`,
    [c.liveCalls, c.endedCallsToday],
  );
  // Live calls: one in ten in the IVR (no entry), two in ten waiting, the rest connected to an on-call agent.
  await db.query(
    `INSERT INTO queue_entries (call_sid, group_name, state, first_entered_at, entered_at, state_since, step, created_at, ended_at)
     SELECT c.call_sid, ($1::text[])[1 + i % 2],
       CASE WHEN i <= $2 THEN (CASE WHEN i % 10 IN (1, 2) THEN 'waiting' ELSE 'connected' END) ELSE 'completed' END,
       c.started_at + interval '30 seconds', c.started_at + interval '30 seconds', c.started_at + interval '40 seconds', 'queue',
       c.started_at + interval '30 seconds', c.ended_at
     FROM generate_series(1, $2::int + $3::int) i JOIN calls c ON c.call_sid = 'CA' || lpad(i::text, 32, '0')
     WHERE i > $2 OR i % 10 <> 0`,
    [BIG_CENTRE_GROUPS, c.liveCalls, c.endedCallsToday],
  );
  await db.query(
    `WITH live AS (SELECT q.id, row_number() OVER (ORDER BY q.id) n FROM queue_entries q WHERE q.state = 'connected'),
       busy AS (SELECT a.id, row_number() OVER (ORDER BY a.id) n FROM agents a WHERE a.state = 'on-call')
     INSERT INTO assignments (entry_id, agent_id, state, created_at, answered_at)
     SELECT live.id, busy.id, 'connected', now() - interval '5 minutes', now() - interval '5 minutes' FROM live JOIN busy USING (n)`,
  );
  await db.query(
    `INSERT INTO assignments (entry_id, agent_id, state, outcome, created_at, answered_at, ended_at)
     SELECT q.id, (SELECT min(id) FROM agents) + q.id % $1, 'ended', 'completed', q.first_entered_at + interval '20 seconds',
       q.first_entered_at + interval '25 seconds', q.ended_at
     FROM queue_entries q WHERE q.state = 'completed'`,
    [c.agents],
  );
  await db.query('ANALYZE');
}
