#!/usr/bin/env node
import dotenv from 'dotenv';
import { ConfigError, parseConfig } from './config.js';
import { createPool } from './db/pool.js';
import { DEMO_PASSWORD, seedDemoCentreIfEmpty, seedDemoGroupsIfEmpty } from './db/queries/seed.js';
import { hashPassword } from './auth/passwords.js';
import { migrate } from './db/migrate.js';
import { localAuthToken, openDatabase } from './local-setup.js';
import { createLogger } from './log.js';
import { startServer } from './server.js';

/** `npm start`: the server, with an embedded database and a local auth token when nothing is configured. */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const dataDir = process.env.SWITCHBOARD_DATA_DIR || './.switchboard';
  const generatedToken = process.env.TWILIO_AUTH_TOKEN ? undefined : await localAuthToken(dataDir);
  const config = parseConfig(process.env, { localAuthToken: generatedToken });
  const log = createLogger(config.logLevel, config.logFormat);
  if (!config.signatureCheck) {
    log.warn('!!! TWILIO_SIGNATURE_CHECK=off: anyone who can reach this server can drive calls. Use only for local development. !!!');
  }
  const db = await openDatabase(config.databaseUrl, config.dataDir);
  // No Twilio account configured: Twilio's REST API is played by the server itself (see local-twilio.ts).
  const localDemo = !!generatedToken;
  const localTwilio = localDemo && !process.env.TWILIO_API_BASE_URL;
  if (localTwilio) config.twilioApiBaseUrl = `${config.publicBaseUrl}/local-twilio`;
  if (db.embedded) log.info({ dataDir: config.dataDir }, 'using the embedded PostgreSQL (set DATABASE_URL to use your own)');

  const seedPool = createPool(db.url, { max: 1 });
  try {
    await migrate(seedPool);
    // Sample agents only for the local demo; a real database just gets the groups the demo flow names.
    if (localDemo) {
      const seeded = await seedDemoCentreIfEmpty(seedPool, { passwordHash: await hashPassword(DEMO_PASSWORD) });
      if (seeded.length) log.info({ agents: seeded }, 'new database: created the demo centre (skill groups, skills, sample agents)');
    } else {
      const groups = await seedDemoGroupsIfEmpty(seedPool);
      if (groups.length) log.info({ groups }, 'new database: created the demo skill groups');
    }
  } finally {
    await seedPool.end();
  }

  const server = await startServer(config, { databaseUrl: db.url, log, localTwilio });
  log.info({ port: server.port, publicBaseUrl: config.publicBaseUrl, flows: server.registry.currentVersions().map((c) => c.flow.id) }, 'Switchboard is listening');
  const lines = [
    '',
    `  Switchboard is answering on ${config.publicBaseUrl}`,
    `  Twilio Voice URL:  ${config.publicBaseUrl}/voice/incoming   (status callback: /voice/status, fallback: /voice/fallback)`,
    ...(generatedToken
      ? [`  Local auth token:  ${generatedToken}   (kept in ${dataDir}/local-auth-token; set TWILIO_AUTH_TOKEN for real Twilio)`]
      : []),
    `  Agent console:     ${config.publicBaseUrl}/console     Supervisor dashboard: ${config.publicBaseUrl}/dashboard`,
    ...(localDemo ? [`  Demo sign-in:      agents ana, ben, chloe, dev, eve; supervisor "supervisor"; password "${DEMO_PASSWORD}"`] : []),
    `  Try a call:        npx switchboard call --digits 1,1,a,done,5`,
    '',
  ];
  process.stderr.write(lines.join('\n') + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await server.close().catch((err) => log.error({ err }, 'error while closing'));
    await db.embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => server.registry.reloadInBackground());
}

main().catch((err) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `Switchboard failed to start: ${err?.stack ?? err}\n`);
  process.exit(1);
});
