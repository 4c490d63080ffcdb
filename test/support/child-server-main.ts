// A Switchboard instance in its own process (for tests that kill one): configured by environment.
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer } from '../../src/server.js';

const config = parseConfig(process.env);
const server = await startServer(config, {
  databaseUrl: process.env.DATABASE_URL!,
  ...(process.env.TEST_SCHEMA ? { schema: process.env.TEST_SCHEMA } : {}),
  log: createLogger('silent'),
  watchFlows: false,
  routing: true,
  routingPollMs: 200,
  reconcileEveryMs: 500,
  now: () => Date.parse('2026-11-23T15:00:00Z'),
});
process.stdout.write(`ready ${server.url}\n`);
