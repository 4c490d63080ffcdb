import type { Pool } from '../src/db/pool.js';
import { createLogger } from '../src/log.js';
import { mulberry32 } from '../src/reports/prng.js';
import { Router } from '../src/routing/router.js';
import type { CallControl } from '../src/twilio/call-control.js';
import { claimOrder, keepIdleSince, type ClaimOrder } from './claim-order.js';
import { claimUntilDone } from './claim-run.js';
import { insertCallers, seedRoutingCentre } from './routing-centre.js';
import { percentile } from './support.js';

/** What two routers claiming until nobody matches did, on a centre of `agents` and `waiting` callers. */
export interface ClaimFigures {
  agents: number;
  waiting: number;
  decisions: number;
  decisionsPerSecond: number;
  /** Time of one claim statement (a batch of up to CLAIM_BATCH matches). */
  claimP50: number;
  claimP99: number;
  /** CPU of the routers' database backends per decision (µs), when PostgreSQL is on this machine. */
  serverCpuPerDecision?: number;
}

export interface RoutingFigures extends ClaimFigures {
  doubleBookings: number;
  /** Offers that passed over a caller or an agent of their group (see claim-order.ts). */
  order: ClaimOrder;
  eventP50: number;
  eventP99: number;
  eventsMeasured: number;
}

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
  await seedRoutingCentre(pool, agents, waiting, random);
  await keepIdleSince(pool);

  // Two routers (as on two instances), each claiming batches (as Router.pass does) until nothing matches.
  const run = await claimUntilDone(pool, 2);
  const doubles = await pool.query(
    `SELECT count(*)::int AS n FROM (SELECT agent_id FROM assignments WHERE state IN ('ringing', 'connected') GROUP BY agent_id HAVING count(*) > 1) d`,
  );
  const order = await claimOrder(pool);

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
    decisions: run.decisions,
    decisionsPerSecond: run.decisions / run.seconds,
    claimP50: percentile(run.latencies, 50),
    claimP99: percentile(run.latencies, 99),
    serverCpuPerDecision: run.serverCpuPerDecision,
    doubleBookings: doubles.rows[0].n,
    order,
    eventP50: percentile(eventLatencies, 50),
    eventP99: percentile(eventLatencies, 99),
    eventsMeasured: eventLatencies.length,
  };
}
