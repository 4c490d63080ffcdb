import { callerHistory } from '../src/db/queries/caller-history.js';
import { lockCall } from '../src/db/queries/calls.js';
import { insertWaitAnnouncement } from '../src/db/queries/wait-announcements.js';
import { inTransaction, type Pool, type Queryable } from '../src/db/pool.js';
import { enqueueCaller } from '../src/routing/lifecycle/index.js';
import { percentile } from './support.js';

/** p50 and p99 of one statement's time, in ms. */
export interface StatementTimes {
  p50: number;
  p99: number;
}

export interface CallPathAdditions {
  /** The caller recognition read at the start of a call (the number has every bench call). */
  recognition: StatementTimes;
  /** One wait announcement kept, inside its webhook's transaction. */
  announcement: StatementTimes;
  /** The webhook's own lock read, timed the same way: what the two compare with. */
  lockRead: StatementTimes;
}

const RUNS = 500;

async function timed(runs: number, once: () => Promise<number>): Promise<StatementTimes> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(await once());
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

async function stopwatch(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * The two statements the call path gained besides its locked step (issue 12's caller recognition,
 * once per call before its row is written; the wait estimate kept each time one is announced,
 * about once a minute per waiting caller), each timed alone on the webhook bench's database, after
 * its load, next to the lock read every webhook makes. Each is one more round trip where it runs.
 */
export async function benchCallPathAdditions(pool: Pool): Promise<CallPathAdditions> {
  const { rows } = await pool.query<{ callSid: string; fromNumber: string }>(
    `SELECT call_sid AS "callSid", from_number AS "fromNumber" FROM calls ORDER BY call_sid LIMIT 1`,
  );
  const [{ callSid, fromNumber }] = rows;
  const newCall = 'CA' + 'f'.repeat(32);
  const recognition = await timed(RUNS, () => stopwatch(() => callerHistory(pool, fromNumber, newCall)));
  const group = (await pool.query<{ name: string }>('SELECT name FROM skill_groups ORDER BY name LIMIT 1')).rows[0].name;
  const { entryId } = await enqueueCaller(pool, { callSid, group, priority: 0, language: 'en-US', step: 'bench' });
  const inOwnTransaction = (work: (tx: Queryable) => Promise<unknown>) => inTransaction(pool, (tx) => stopwatch(() => work(tx)));
  const announcement = await timed(RUNS, () =>
    inOwnTransaction((tx) => insertWaitAnnouncement(tx, { callSid, entryId, position: 1, spokenMinutes: 2, estimateSeconds: 120 })),
  );
  const lockRead = await timed(RUNS, () => inOwnTransaction((tx) => lockCall(tx, callSid)));
  return { recognition, announcement, lockRead };
}
