import net from 'node:net';
import path from 'node:path';
import { parseConfig, type Config } from '../../src/config.js';
import type { Lookup } from '../../src/calls/lookup.js';
import { createLogger, type Logger } from '../../src/log.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { testDatabase } from './database.js';

export const AUTH_TOKEN = 'test-auth-token-0123456789';
export const ACCOUNT_SID = 'AC' + 'a'.repeat(32);
/**
 * The flows the tests' centre runs: a copy of the demo kept under test/fixtures, so that a
 * supervisor editing the shipped `flows/` cannot break `npm test` (the demo has its own scenarios).
 */
export const CENTRE_FLOWS = path.resolve(import.meta.dirname, '../fixtures/flows/centre');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface TestServer extends RunningServer {
  config: Config;
}

/** A real Switchboard instance on a free port, on the test database, configured like production. */
export async function startTestServer(
  opts: {
    flowsDir?: string;
    env?: Record<string, string>;
    log?: Logger;
    lookup?: Lookup;
    now?: () => number;
    watchFlows?: boolean;
    deadlineMs?: number;
    maxInFlight?: number;
    routing?: boolean;
    routingPollMs?: number;
    reconcileEveryMs?: number;
    databaseUrl?: string;
    /** Run the SMS outbox's worker (off unless asked, like routing), every `smsEveryMs`. */
    smsOutbox?: boolean;
    smsEveryMs?: number;
    /** Serve the demo's /local-twilio (point TWILIO_API_BASE_URL at it). */
    localTwilio?: boolean;
  } = {},
): Promise<TestServer> {
  const port = await freePort();
  const config = parseConfig({
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    FLOWS_DIR: opts.flowsDir ?? CENTRE_FLOWS,
    ...opts.env,
  });
  const db = testDatabase();
  const log = opts.log ?? createLogger((process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'silent');
  const server = await startServer(config, {
    // A relay in front of the test database (see database-cut.ts) when a test cuts it.
    databaseUrl: opts.databaseUrl ?? db.url,
    schema: db.schema,
    log,
    watchFlows: opts.watchFlows ?? false,
    ...(opts.lookup ? { lookup: opts.lookup } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.deadlineMs ? { deadlineMs: opts.deadlineMs } : {}),
    ...(opts.maxInFlight ? { maxInFlight: opts.maxInFlight } : {}),
    // Routing runs only where a test asks for it, so it cannot claim other tests' callers.
    routing: opts.routing ?? false,
    ...(opts.routingPollMs ? { routingPollMs: opts.routingPollMs } : {}),
    ...(opts.reconcileEveryMs ? { reconcileEveryMs: opts.reconcileEveryMs } : {}),
    smsOutbox: opts.smsOutbox ?? false,
    ...(opts.localTwilio ? { localTwilio: true } : {}),
    ...(opts.smsEveryMs ? { smsEveryMs: opts.smsEveryMs } : {}),
  });
  return { ...server, config };
}
