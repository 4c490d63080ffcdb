// `npm run bench:estimates`: only the wait-estimate section of `npm run bench` (our announced
// estimates against Asterisk app_queue's on the same simulated queue), without the whole run.
import { benchDatabase } from './support.js';
import { waitEstimateRows } from './wait-estimate-rows.js';
import { benchWaitEstimates } from './wait-estimates.js';

const HOURS = Number(process.env.BENCH_ESTIMATE_HOURS ?? 24);
const db = await benchDatabase();
const e = await benchWaitEstimates(db.pool, HOURS).finally(() => db.close());
for (const [, what, result, against, ok] of waitEstimateRows(e))
  console.log(`${what}: ${result} (${against})${ok === false ? ' NOT MET' : ''}`);
