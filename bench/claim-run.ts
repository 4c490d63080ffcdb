import { readFileSync } from 'node:fs';
import type { Pool, PoolClient } from '../src/db/pool.js';
import { claimOffers } from '../src/routing/lifecycle/index.js';
import { CLAIM_BATCH } from '../src/routing/router.js';

export interface ClaimRun {
  decisions: number;
  seconds: number;
  /** Time of each claim statement that matched someone (ms, ascending). */
  latencies: number[];
  /** CPU of the routers' database backends per decision (µs); undefined when their /proc is out of reach. */
  serverCpuPerDecision?: number;
}

/**
 * `routers` routers (as on as many instances), each on a connection of its own, claim batches
 * as Router.pass does until nothing matches (or `maxDecisions` are made).
 */
export async function claimUntilDone(pool: Pool, routers: number, maxDecisions = Infinity): Promise<ClaimRun> {
  const clients = await Promise.all(Array.from({ length: routers }, () => pool.connect()));
  try {
    const cpu = await Promise.all(clients.map(backendCpu));
    const latencies: number[] = [];
    let decisions = 0;
    const t0 = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        while (decisions < maxDecisions) {
          const s = performance.now();
          const claims = await claimOffers(client, CLAIM_BATCH);
          if (!claims.length) return;
          decisions += claims.length;
          latencies.push(performance.now() - s);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const used = await Promise.all(cpu.map((read) => read()));
    return {
      decisions,
      seconds,
      latencies: latencies.sort((a, b) => a - b),
      serverCpuPerDecision: used.every((ms) => ms !== undefined) ? (1000 * used.reduce((a, b) => a + b, 0)) / decisions : undefined,
    };
  } finally {
    for (const c of clients) c.release();
  }
}

/**
 * The CPU time (user + system) a connection's backend uses from now on, read from /proc: the
 * machine is shared, so wall time mixes in everyone else's work and CPU does not. Undefined when
 * PostgreSQL runs elsewhere.
 */
async function backendCpu(client: PoolClient): Promise<() => Promise<number | undefined>> {
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const read = () => {
    try {
      // Fields 14 and 15 (utime, stime) in clock ticks of 10 ms, counted after the command name.
      const fields = readFileSync(`/proc/${rows[0].pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  };
  const start = read();
  return async () => {
    const end = read();
    return start === undefined || end === undefined ? undefined : end - start;
  };
}
