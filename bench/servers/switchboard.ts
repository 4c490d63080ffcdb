// Switchboard itself, in its own process: for the webhook benchmark with routing off (the webhook
// path alone); for the capacity bench (BENCH_ROUTING=on) the whole centre: router, reconciler, SMS outbox.
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer } from '../../src/server.js';
import { answerProfileRequests } from '../capacity/cpu-profile.js';

const config = parseConfig(process.env);
const wholeCentre = process.env.BENCH_ROUTING === 'on';
const server = await startServer(config, {
  databaseUrl: process.env.DATABASE_URL!,
  ...(process.env.BENCH_SCHEMA ? { schema: process.env.BENCH_SCHEMA } : {}),
  log: createLogger('silent'),
  watchFlows: false,
  routing: wholeCentre,
  // The webhook path alone sends no texts (the demo flow's SMS survey is still decided as calls
  // end); the whole centre sends its texts through the capacity generator's REST stand-in.
  smsOutbox: wholeCentre,
});
process.stdout.write(`ready ${server.url}\n`);
// Forked by the capacity bench: it asks for a CPU profile summary over IPC, and when the bench
// has gone (even killed), so does this server.
answerProfileRequests();
process.once('disconnect', () => void server.close().finally(() => process.exit(0)));
// A clean exit on SIGTERM/SIGINT (so --cpu-prof, when used, writes its profile).
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void server.close().finally(() => process.exit(0)));
// The benchmark reads the live heap after a full collection (node --expose-gc).
process.on('SIGUSR2', () => (globalThis as { gc?: () => void }).gc?.());
