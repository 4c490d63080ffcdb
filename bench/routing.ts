import { claimOffers } from '../src/routing/lifecycle/index.js';
import type { Pool } from '../src/db/pool.js';
import { createLogger } from '../src/log.js';
import type { CallControl } from '../src/twilio/call-control.js';
import { CLAIM_BATCH, Router } from '../src/routing/router.js';
import { mulberry32 } from '../src/reports/prng.js';
import { percentile } from './support.js';

export interface RoutingFigures {
  agents: number;
  waiting: number;
  decisions: number;
  decisionsPerSecond: number;
  /** Time of one claim statement (a batch of up to CLAIM_BATCH matches). */
  claimP50: number;
  claimP99: number;
  doubleBookings: number;
  eventP50: number;
  eventP99: number;
  eventsMeasured: number;
}

const SKILLS = 20;
const noRinging: CallControl = {
  redirect: async () => {},
  placeCall: async () => 'CA' + '0'.repeat(32),
  status: async () => 'in-progress',
};

/** 10k agents with 3 of 20 skills each, 1k callers waiting in 20 groups; two routers claim at once. */
export async function benchRouting(
  db: { url: string; schema?: string; pool: Pool },
  agents = 10_000,
  waiting = 1_000,
): Promise<RoutingFigures> {
  const pool = db.pool;
  const random = mulberry32(7);
  await pool.query(`INSERT INTO skills (name) SELECT 'skill' || i FROM generate_series(1, $1) i ON CONFLICT DO NOTHING`, [SKILLS]);
  await pool.query(`INSERT INTO skill_groups (name) SELECT 'group' || i FROM generate_series(1, $1) i ON CONFLICT DO NOTHING`, [SKILLS]);
  await pool.query(
    `INSERT INTO skill_group_requirements (group_name, skill, min_level) SELECT 'group' || i, 'skill' || i, 2 FROM generate_series(1, $1) i ON CONFLICT DO NOTHING`,
    [SKILLS],
  );
  await pool.query(
    `INSERT INTO agents (name, contact_kind, contact, state, state_since)
    SELECT 'Bench agent ' || i, 'client', 'bench-' || i, 'available', now() - make_interval(secs => i) FROM generate_series(1, $1) i`,
    [agents],
  );
  const skillRows: [number, string, number][] = [];
  const { rows: ids } = await pool.query<{ id: number }>(`SELECT id FROM agents WHERE contact LIKE 'bench-%' ORDER BY id`);
  for (const { id } of ids) {
    const chosen = new Set<number>();
    while (chosen.size < 3) chosen.add(1 + Math.floor(random() * SKILLS));
    for (const s of chosen) skillRows.push([id, `skill${s}`, 1 + Math.floor(random() * 5)]);
  }
  await pool.query(`INSERT INTO agent_skills (agent_id, skill, level) SELECT * FROM unnest($1::bigint[], $2::text[], $3::smallint[])`, [
    skillRows.map((r) => r[0]),
    skillRows.map((r) => r[1]),
    skillRows.map((r) => r[2]),
  ]);
  await insertCallers(pool, waiting, random, 0);
  // Statistics as autovacuum would keep them on a live system.
  await pool.query(`ANALYZE agents; ANALYZE agent_skills; ANALYZE queue_entries`);

  // Two routers (as on two instances), each claiming batches (as Router.pass does) until nothing matches.
  const latencies: number[] = [];
  let decisions = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      for (;;) {
        const s = performance.now();
        const claims = await claimOffers(pool, CLAIM_BATCH);
        if (!claims.length) return;
        decisions += claims.length;
        latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const doubles = await pool.query(
    `SELECT count(*)::int AS n FROM (SELECT agent_id FROM assignments WHERE state IN ('ringing', 'connected') GROUP BY agent_id HAVING count(*) > 1) d`,
  );

  // Event to committed assignment: a router listening for NOTIFY, callers arriving one by one.
  await pool.query(`UPDATE assignments SET state = 'ended', outcome = 'cancelled', ended_at = now() WHERE state = 'ringing'`);
  await pool.query(`UPDATE agents SET state = 'available', lease_until = NULL WHERE contact LIKE 'bench-%'`);
  const router = new Router({
    pool,
    control: noRinging,
    baseUrl: 'http://bench',
    log: createLogger('silent'),
    listen: { url: db.url },
    pollMs: 1000,
  });
  await router.start();
  const events = 200;
  try {
    for (let i = 0; i < events; i++) {
      await insertCallers(pool, 1, random, waiting + i);
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await router.stop();
  }
  const { rows: lags } = await pool.query<{ ms: number }>(
    `SELECT extract(epoch FROM a.created_at - q.created_at) * 1000 AS ms FROM assignments a JOIN queue_entries q ON q.id = a.entry_id
     WHERE q.id > (SELECT max(id) - $1 FROM queue_entries) ORDER BY ms`,
    [events],
  );
  const eventLatencies = lags.map((r) => Number(r.ms));
  return {
    agents,
    waiting,
    decisions,
    decisionsPerSecond: decisions / seconds,
    claimP50: percentile(latencies, 50),
    claimP99: percentile(latencies, 99),
    doubleBookings: doubles.rows[0].n,
    eventP50: percentile(eventLatencies, 50),
    eventP99: percentile(eventLatencies, 99),
    eventsMeasured: eventLatencies.length,
  };
}

async function insertCallers(pool: Pool, n: number, random: () => number, offset: number): Promise<void> {
  await pool.query(
    `INSERT INTO flow_versions (hash, flow_id, definition, sources) VALUES ('bench', 'bench', '{}', '{}') ON CONFLICT DO NOTHING`,
  );
  const sids = Array.from({ length: n }, (_, i) => 'CA' + (900_000 + offset + i).toString(16).padStart(32, '0'));
  await pool.query(
    `WITH c AS (INSERT INTO calls (call_sid, account_sid, flow_id, flow_hash, from_number, to_number, state, context, seq)
       SELECT s, 'AC', 'bench', 'bench', '+15550000000', '+18005550100', 'x', '{}', 1 FROM unnest($1::text[]) s RETURNING call_sid)
     INSERT INTO queue_entries (call_sid, group_name, priority, step)
     SELECT c.call_sid, 'group' || (1 + (row_number() OVER () + $2) % ${SKILLS}), (random() * 3)::int, 'x' FROM c`,
    [sids, Math.floor(random() * 1000)],
  );
}
