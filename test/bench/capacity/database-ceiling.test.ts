import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CEILING_CALLS,
  CEILING_SCRIPT,
  databaseCeiling,
  databaseCounters,
  parsePgbench,
  removeCeilingCalls,
  runPgbench,
  seedCeilingCalls,
} from '../../../bench/capacity/database-ceiling.js';
import { createPool } from '../../../src/db/pool.js';
import { resetDatabase, testDatabase } from '../../support/database.js';

const ceilingCallsLeft = async () =>
  (await testDatabase().pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM calls WHERE call_sid LIKE 'CAceilingbench%'`)).rows[0].n;

describe("bench capacity: the database ceiling (pgbench on the webhook's own transaction)", () => {
  beforeEach(resetDatabase);

  it('steps the seeded calls: one seq and two events per transaction pgbench counts', async function () {
    this.timeout(60_000);
    const { url, schema, pool } = testDatabase();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ceiling-test-'));
    try {
      const script = path.join(dir, 'webhook.sql');
      await writeFile(script, CEILING_SCRIPT);
      await seedCeilingCalls(pool);
      const result = await runPgbench({ url, schema, seconds: 2, clients: 2, script });
      expect(result.transactions).to.be.greaterThan(0);
      const { rows } = await pool.query<{ steps: number; events: number; menu: number }>(
        `SELECT (SELECT sum(seq - 1)::int FROM calls WHERE call_sid LIKE 'CAceilingbench%') AS steps,
                (SELECT count(*)::int FROM call_events WHERE call_sid LIKE 'CAceilingbench%') AS events,
                (SELECT count(*)::int FROM calls WHERE call_sid LIKE 'CAceilingbench%' AND state = 'orders-menu') AS menu`,
      );
      expect(rows[0].steps).to.equal(result.transactions);
      expect(rows[0].events).to.equal(2 * result.transactions);
      expect(rows[0].menu).to.be.within(1, result.transactions);
    } finally {
      await removeCeilingCalls(pool);
      await rm(dir, { recursive: true, force: true });
    }
    expect(await ceilingCallsLeft()).to.equal(0);
  });

  it('measures tps and latency per client count and leaves no rows behind', async function () {
    this.timeout(60_000);
    const { url, schema } = testDatabase();
    const rows = await databaseCeiling({ url, schema, seconds: 2, clients: [2] });
    expect(rows).to.have.length(1);
    expect(rows[0].clients).to.equal(2);
    expect(rows[0].tps).to.be.greaterThan(0);
    expect(rows[0].latencyMs).to.be.greaterThan(0);
    expect(await ceilingCallsLeft()).to.equal(0);
    expect(CEILING_CALLS).to.equal(10_000);
  });

  it("reads pgbench's summary, and says so when it has none", () => {
    const output = [
      'number of transactions actually processed: 2040',
      'number of failed transactions: 0 (0.000%)',
      'latency average = 1.962 ms',
      'initial connection time = 4.120 ms',
      'tps = 1019.435611 (without initial connection time)',
    ].join('\n');
    expect(parsePgbench(output)).to.deep.equal({ tps: 1019.435611, latencyMs: 1.962, transactions: 2040 });
    expect(() => parsePgbench('pgbench: error: connection refused')).to.throw(/no tps\/latency/);
  });

  it('counts commits and WAL: both grow with committed writes', async () => {
    const { url, schema } = testDatabase();
    // One connection: its own commits are flushed to the statistics at once (another's may lag).
    const pool = createPool(url, { schema, max: 1 });
    try {
      const before = await databaseCounters(pool);
      for (let i = 0; i < 5; i++)
        await pool.query(`INSERT INTO flow_versions (hash, flow_id, definition, sources) VALUES ($1, 'x', '{}', '{}')`, [`counters-${i}`]);
      const after = await databaseCounters(pool);
      expect(after.commits - before.commits).to.be.at.least(5);
      expect(after.walBytes > before.walBytes).to.equal(true);
      await pool.query(`DELETE FROM flow_versions WHERE hash LIKE 'counters-%'`);
    } finally {
      await pool.end();
    }
  });
});
