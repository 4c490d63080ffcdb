// What the supervisors' live dashboard costs at a 5,000-seat centre (issue 16): one snapshot's time
// and size, and how many snapshots one instance builds per second under a stream of change hints.
// Run: DATABASE_URL=postgres://… npm run bench:dashboard (a fresh schema of its own, dropped after;
// without DATABASE_URL, an embedded PostgreSQL). Figures on a busy machine are indicative only.
import { performance } from 'node:perf_hooks';
import { dashboardSnapshot } from '../src/db/queries/dashboard.js';
import { addSupervisor, createSession } from '../src/db/queries/people.js';
import { LiveHub } from '../src/live/live-hub.js';
import { createLogger } from '../src/log.js';
import { hashSecretToken } from '../src/auth/secret-token.js';
import { BENCH_CENTRE, seedBigCentre } from './dashboard-centre.js';
import { benchDatabase } from './support.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const db = await benchDatabase();
try {
  const seeding = performance.now();
  await seedBigCentre(db.pool, BENCH_CENTRE);
  console.log(
    `seeded ${BENCH_CENTRE.agents} agents, ${BENCH_CENTRE.liveCalls} live calls, ${BENCH_CENTRE.endedCallsToday} ended today in ${Math.round(performance.now() - seeding)} ms`,
  );

  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 13; i++) {
    const t = performance.now();
    const s = await dashboardSnapshot(db.pool, 'UTC', 'offered');
    if (i >= 3) times.push(performance.now() - t);
    bytes = Buffer.byteLength(JSON.stringify(s));
  }
  console.log(`snapshot: median ${median(times).toFixed(1)} ms over ${times.length} builds, ${(bytes / 1024).toFixed(1)} kB of JSON`);

  // Under load: a change hint every 5 ms (a busy centre's NOTIFYs) for 15 s, one dashboard open.
  let builds = 0;
  let buildMs = 0;
  const query = db.pool.query.bind(db.pool) as (...args: unknown[]) => Promise<unknown>;
  (db.pool as unknown as { query: typeof query }).query = async (...args: unknown[]) => {
    const isSnapshot = typeof args[0] === 'string' && args[0].includes('"callsInProgress"');
    const t = performance.now();
    try {
      return await query(...args);
    } finally {
      if (isSnapshot) {
        builds++;
        buildMs += performance.now() - t;
      }
    }
  };
  const hash = hashSecretToken('bench dashboard');
  const supervisorId = await addSupervisor(db.pool, { username: 'bench', name: 'bench', passwordHash: 'x' });
  await createSession(db.pool, hash, { role: 'supervisor', supervisorId, name: 'bench' }, 1);
  const hub = new LiveHub({ pool: db.pool, log: createLogger('silent'), timezone: () => 'UTC', serviceLevelFormula: 'offered' });
  await hub.start();
  let sent = 0;
  hub.subscribeDashboard({ credential: { kind: 'session', hash }, principal: 'supervisor', send: () => sent++, end: () => {} });
  const seconds = 15;
  const hints = setInterval(() => hub.changed(), 5);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  clearInterval(hints);
  const wall = performance.now() - started;
  await hub.stop();
  console.log(
    `under a change hint every 5 ms for ${seconds} s: ${(builds / (wall / 1000)).toFixed(2)} snapshot builds/s, ` +
      `${((100 * buildMs) / wall).toFixed(0)} % of the time building (${sent} snapshots sent)`,
  );
} finally {
  await db.close();
}
