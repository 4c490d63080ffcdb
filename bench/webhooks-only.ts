// `npm run bench:webhooks`: only the webhook section of `npm run bench` (throughput and latency of
// signed webhook steps), for checking a change to the call path without the whole three-minute run.
import { benchCallPathAdditions } from './call-path-additions.js';
import { benchDatabase, n } from './support.js';
import { benchWebhooks, LIVE_CALLS } from './webhooks.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const db = await benchDatabase();
const { w, a } = await benchWebhooks(db, SECONDS)
  .then(async (w) => ({ w, a: await benchCallPathAdditions(db.pool) }))
  .finally(() => db.close());
console.log(`Express hello, median of 3: ${n(w.expressHello)} req/s`);
console.log(
  `webhook max throughput over ${n(LIVE_CALLS)} live calls, median of 3: ${n(w.webhookMax)} req/s (${n(w.webhookMax / w.expressHello, 2)} × Express)`,
);
console.log(
  `latency at ${w.fixedRate.rate}/s: p50 ${n(w.fixedRate.p50, 1)} ms, p99 ${n(w.fixedRate.p99, 1)} ms, p99.9 ${n(w.fixedRate.p999, 1)} ms`,
);
console.log(`errors: ${w.webhookMaxErrors + w.fixedRate.errors}; every request a real step: ${w.stepsVerified ? 'yes' : 'NO'}`);
console.log(
  `one statement, alone: lock read p50 ${n(a.lockRead.p50, 2)} ms; caller recognition (once per call) p50 ${n(a.recognition.p50, 2)} ms, p99 ${n(a.recognition.p99, 2)} ms; wait announcement (once a minute per waiting caller) p50 ${n(a.announcement.p50, 2)} ms, p99 ${n(a.announcement.p99, 2)} ms`,
);
