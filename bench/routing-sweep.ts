import { mulberry32 } from '../src/reports/prng.js';
import { claimOffers } from '../src/routing/lifecycle/index.js';
import { CLAIM_BATCH } from '../src/routing/router.js';
import { explainClaim, type ClaimStep } from './claim-plan.js';
import { claimUntilDone } from './claim-run.js';
import type { ClaimFigures } from './routing.js';
import { seedRoutingCentre } from './routing-centre.js';
import { benchDatabase, percentile } from './support.js';

export interface SweepCell extends ClaimFigures {
  /** Callers nobody available fits, once the claims are over, and what a claim that matches none of them costs. */
  leftWaiting: number;
  emptyClaimMs: number;
}

export interface RoutingSweep {
  cells: SweepCell[];
  /** The statements of a full claim at the largest size (undefined steps: auto_explain unavailable). */
  largest?: { agents: number; waiting: number; steps?: ClaimStep[] };
  /** Those of a claim matching nobody, where the most callers were left waiting for it to walk. */
  nobodyMatched?: { agents: number; waiting: number; leftWaiting: number; steps?: ClaimStep[] };
}

/**
 * BENCH_ROUTING_SWEEP: `full` (the default: agents 1k/10k/50k × waiting callers 100/1k/10k), `small`
 * (1k/10k × 100/1k) or `off`.
 */
export function sweepGrid(setting = process.env.BENCH_ROUTING_SWEEP ?? 'full'): { agents: number[]; waiting: number[] } {
  if (setting === 'off') return { agents: [], waiting: [] };
  if (setting === 'small') return { agents: [1_000, 10_000], waiting: [100, 1_000] };
  if (setting === 'full') return { agents: [1_000, 10_000, 50_000], waiting: [100, 1_000, 10_000] };
  throw new Error(`BENCH_ROUTING_SWEEP must be full, small or off, not ${JSON.stringify(setting)}`);
}

/** The claim as the centre grows: each cell a fresh centre, two routers claiming until nobody more can be matched. */
export async function benchRoutingSweep(grid = sweepGrid(), say: (m: string) => void = () => {}): Promise<RoutingSweep> {
  const cells: SweepCell[] = [];
  let largest: RoutingSweep['largest'];
  let nobodyMatched: RoutingSweep['nobodyMatched'];
  for (const agents of grid.agents) {
    for (const waiting of grid.waiting) {
      say(`routing sweep: ${agents} agents, ${waiting} waiting callers`);
      const db = await benchDatabase();
      try {
        await seedRoutingCentre(db.pool, agents, waiting, mulberry32(7));
        const isLargest = agents === Math.max(...grid.agents) && waiting === Math.max(...grid.waiting);
        if (isLargest) largest = { agents, waiting, steps: await explainClaim(db.pool) };
        const run = await claimUntilDone(db.pool, 2);
        const empty: number[] = [];
        for (let i = 0; i < 5; i++) {
          const t0 = performance.now();
          await claimOffers(db.pool, CLAIM_BATCH);
          empty.push(performance.now() - t0);
        }
        const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM queue_entries WHERE state = 'waiting'`);
        const leftWaiting = rows[0].n;
        if (leftWaiting > (nobodyMatched?.leftWaiting ?? 0))
          nobodyMatched = { agents, waiting, leftWaiting, steps: await explainClaim(db.pool) };
        cells.push({
          agents,
          waiting,
          decisions: run.decisions,
          decisionsPerSecond: run.decisions / run.seconds,
          claimP50: percentile(run.latencies, 50),
          claimP99: percentile(run.latencies, 99),
          serverCpuPerDecision: run.serverCpuPerDecision,
          leftWaiting,
          emptyClaimMs: percentile(
            empty.sort((a, b) => a - b),
            50,
          ),
        });
      } finally {
        await db.close();
      }
    }
  }
  return { cells, largest, nobodyMatched };
}
