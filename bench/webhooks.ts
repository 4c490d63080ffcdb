import type { ChildProcess } from 'node:child_process';
import type { Pool } from '../src/db/pool.js';
import { freePort, runLoad, startProcess, type LoadResult } from './support.js';

const AUTH_TOKEN = 'bench-auth-token-0123456789';
const ACCOUNT_SID = 'AC' + 'b'.repeat(32);
export const LIVE_CALLS = 10_000;

export interface WebhookFigures {
  httpHello: number;
  expressHello: number;
  webhookMax: number;
  webhookMaxErrors: number;
  fixedRate: { rate: number; rps: number; p50: number; p99: number; p999: number; errors: number };
  stepsVerified: boolean;
  heapBeforeMb: number;
  heapAfterMb: number;
  webhooksForHeap: number;
  snapshotAvgBytes: number;
  snapshotMaxBytes: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Live heap after a full collection (the bench server runs gc() on SIGUSR2), so runs compare. */
async function heapUsedMb(server: { url: string; child: ChildProcess }): Promise<number> {
  server.child.kill('SIGUSR2');
  await sleep(300);
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^switchboard_nodejs_heap_size_used_bytes (\S+)$/m.exec(text)![1]) / 1e6;
}

/** Waits until the server has answered every webhook already sent (a stopped load leaves some in flight). */
async function settled(url: string): Promise<void> {
  const answered = async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    return [...text.matchAll(/^switchboard_webhook_duration_seconds_count\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
  };
  for (let last = -1, now = await answered(); now !== last; last = now, now = await answered()) await sleep(250);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Baselines (Node http, Express) and the real webhook path, each server in its own process. The
 * machine is shared and noisy (±20% run to run), so the three throughputs are measured in turns,
 * `rounds` times, and each figure is the median of its rounds.
 */
export async function benchWebhooks(
  db: { url: string; schema?: string; pool: Pool },
  seconds: number,
  rounds = 3,
): Promise<WebhookFigures> {
  const port = await freePort();
  const publicBaseUrl = `http://127.0.0.1:${port}`;
  const servers = await Promise.all([
    startProcess('servers/hello-http.ts'),
    startProcess('servers/hello-express.ts'),
    startProcess(
      'servers/switchboard.ts',
      {
        PORT: String(port),
        PUBLIC_BASE_URL: publicBaseUrl,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        DATABASE_URL: db.url,
        ...(db.schema ? { BENCH_SCHEMA: db.schema } : {}),
        FLOWS_DIR: new URL('../flows', import.meta.url).pathname,
        MAX_INFLIGHT_WEBHOOKS: '1000',
      },
      // BENCH_CPU_PROF=<dir>: a CPU profile of the server (written as it exits), to see where a webhook's time goes.
      ['--expose-gc', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    ),
  ]);
  const [httpServer, expressServer, server] = servers;
  try {
    // 10k callers listening to the main menu; each request is their next real step (9 = repeat the menu).
    const { rows } = await db.pool.query(
      `SELECT hash FROM flow_versions WHERE flow_id = 'acme-support' ORDER BY first_loaded_at DESC LIMIT 1`,
    );
    await db.pool.query(
      `INSERT INTO calls (call_sid, account_sid, flow_id, flow_hash, from_number, to_number, state, context, seq)
       SELECT 'CA' || lpad(to_hex(i), 32, '0'), $2, 'acme-support', $1, '+15551230000', '+18005550100', 'main-menu',
              '{"caller":"+15551230000","dialled":"+18005550100","language":"en-US","vars":{},"noInput":0,"invalid":0,"path":["choose-language:1"]}', 2
       FROM generate_series(1, $3) i`,
      [rows[0].hash, ACCOUNT_SID, LIVE_CALLS],
    );
    // Each load gets every call's current step, so every request it sends is that call's next step.
    const load = async (o: Record<string, unknown>, script?: string) => {
      await settled(server.url);
      const calls = (await db.pool.query('SELECT call_sid, seq FROM calls ORDER BY call_sid')).rows;
      return runLoad(
        {
          url: server.url,
          authToken: AUTH_TOKEN,
          accountSid: ACCOUNT_SID,
          publicBaseUrl,
          calls: { sids: calls.map((c) => c.call_sid), seqs: calls.map((c) => c.seq), digits: '9' },
          ...o,
        },
        script,
      );
    };
    const hello = (url: string, secs = seconds) => runLoad({ url, seconds: secs, connections: 64 });
    await Promise.all([hello(httpServer.url, 2), hello(expressServer.url, 2)]); // warm-up
    await load({ seconds: 2, connections: 32 });
    const heapBeforeMb = await heapUsedMb(server);
    // 300 webhooks/s as independent calls send them: open-loop Poisson arrivals (bench/paced-load.ts).
    // Measured first, in steady state: straight after the saturating run below, PostgreSQL is still
    // vacuuming and checkpointing that burst and the figure says more about that than the webhook.
    const fixed = await load({ seconds, rate: 300, warmupSeconds: 2 }, 'paced-load.ts');
    const http: number[] = [];
    const express: number[] = [];
    const maxRuns: LoadResult[] = [];
    for (let r = 0; r < rounds; r++) {
      http.push((await hello(httpServer.url)).rps);
      express.push((await hello(expressServer.url)).rps);
      maxRuns.push(await load({ seconds, connections: 64 }));
    }
    await settled(server.url);
    const heapAfterMb = await heapUsedMb(server);
    // Every request was a real step: the server answered none as stale or as a replay.
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const outcomes = [...metrics.matchAll(/^switchboard_webhook_duration_seconds_count\{route="gather",outcome="(\w[\w-]*)"\} (\d+)$/gm)];
    const notStepped = outcomes.filter((m) => m[1] !== 'stepped').reduce((n, m) => n + Number(m[2]), 0);
    const sizes = await db.pool.query(
      `SELECT avg(octet_length(context::text) + octet_length(state))::int AS avg, max(octet_length(context::text) + octet_length(state)) AS max FROM calls`,
    );
    return {
      httpHello: median(http),
      expressHello: median(express),
      webhookMax: median(maxRuns.map((m) => m.rps)),
      webhookMaxErrors: maxRuns.reduce((n, m) => n + m.non2xx + m.errors, 0),
      fixedRate: {
        rate: 300,
        rps: fixed.rps,
        p50: fixed.latency.p50,
        p99: fixed.latency.p99,
        p999: fixed.latency.p999,
        errors: fixed.non2xx + fixed.errors,
      },
      stepsVerified: notStepped === 0 && outcomes.length > 0,
      heapBeforeMb,
      heapAfterMb,
      webhooksForHeap: maxRuns.reduce((n, m) => n + m.requests, fixed.requests),
      snapshotAvgBytes: sizes.rows[0].avg,
      snapshotMaxBytes: sizes.rows[0].max,
    };
  } finally {
    for (const s of servers) s.stop();
  }
}
