// `npm run bench:routing`: only the routing section of `npm run bench` (the claim at 10k agents,
// then the sweep over centre sizes; BENCH_ROUTING_SWEEP=small|off shrinks or skips it).
import { benchRouting } from './routing.js';
import { routingRows, routingSweepRows } from './routing-rows.js';
import { benchRoutingSweep } from './routing-sweep.js';
import { benchDatabase } from './support.js';

const say = (m: string) => process.stderr.write(`… ${m}\n`);
const db = await benchDatabase();
const r = await benchRouting(db).finally(() => db.close());
const sweep = await benchRoutingSweep(undefined, say);
for (const [, what, result, against, ok] of [...routingRows(r), ...routingSweepRows(sweep)])
  console.log(`${what}: ${result}${against ? ` (${against})` : ''}${ok === false ? ' NOT MET' : ''}`);
