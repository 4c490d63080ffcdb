// The capacity section of `npm run bench` (issue 16): two Switchboard instances on one PostgreSQL,
// a load generator playing Twilio for every call in real time, 20 dashboards on the live stream.
// The arrival rate steps up until a step misses a goal; the last rate that held is the figure, then
// a soak at it (calls are long: concurrency needs minutes to reach its steady state), a CPU profile,
// a drain with every call accounted for, and pgbench's ceiling on the same database.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchDatabase, freePort } from '../support.js';
import { accountForCalls, type Accounting } from './accounting.js';
import { profileServer } from './cpu-profile.js';
import { postgresPids } from './process-usage.js';
import { connectDashboards, type DashboardSample } from './dashboards.js';
import { databaseCeiling, databaseCounters, findPgbench } from './database-ceiling.js';
import { DEFAULT_BOUNDS, whyNotHeld, type Bounds } from './judgement.js';
import { startGenerator, startSwitchboard, stopChild } from './processes.js';
import type { CallMix, GeneratorConfig, GeneratorFinal, GeneratorSample } from './protocol.js';
import { CAPACITY_QUEUES, seedCentre } from './seed.js';
import { agentsFor } from './staffing.js';
import { readUsage, shares, type ProcessShare } from './usage-meter.js';

const env = process.env;
const num = (name: string, fallback: number): number => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, not ${JSON.stringify(env[name])}`);
  return value;
};
const list = (name: string, fallback: number[]): number[] => {
  const values = env[name] ? env[name]!.split(',').map(Number) : fallback;
  if (!values.length || values.some((v) => !(v > 0)))
    throw new Error(`${name} must be positive numbers separated by commas, not ${JSON.stringify(env[name])}`);
  return values;
};

/** Every knob of the section, from BENCH_CAPACITY_* (defaults: the run the README quotes). */
export function capacitySettings() {
  const mix: CallMix = {
    selfService: 0.6,
    silentAtFirstMenu: 0.1,
    patienceMeanSeconds: 300,
    ringSeconds: [2, 6],
    talkMeanSeconds: num('BENCH_CAPACITY_TALK_SECONDS', 240),
    callbackShare: 0,
  };
  const wrapUpSeconds = num('BENCH_CAPACITY_WRAP_UP_SECONDS', 10);
  return {
    rates: list('BENCH_CAPACITY_RATES', [10, 20, 30, 40, 50, 60, 75, 90, 110, 130, 160]),
    warmUpSeconds: num('BENCH_CAPACITY_WARMUP_SECONDS', 30),
    stepSeconds: num('BENCH_CAPACITY_STEP_SECONDS', 90),
    soakSeconds: num('BENCH_CAPACITY_SOAK_SECONDS', 300),
    profileSeconds: num('BENCH_CAPACITY_PROFILE_SECONDS', 20),
    drainSeconds: num('BENCH_CAPACITY_DRAIN_SECONDS', 420),
    mix,
    wrapUpSeconds,
    agents: env.BENCH_CAPACITY_AGENTS
      ? num('BENCH_CAPACITY_AGENTS', 0)
      : agentsFor(num('BENCH_CAPACITY_STAFF_RATE', 50), mix, wrapUpSeconds),
    dashboards: num('BENCH_CAPACITY_DASHBOARDS', 20),
    seed: num('BENCH_CAPACITY_SEED', 16),
    ceilingSeconds: num('BENCH_CAPACITY_CEILING_SECONDS', 10),
    ceilingClients: list('BENCH_CAPACITY_CEILING_CLIENTS', [1, 2, 4, 8, 16]),
    bounds: {
      ...DEFAULT_BOUNDS,
      routingP99Ms: num('BENCH_CAPACITY_ROUTING_P99_MS', DEFAULT_BOUNDS.routingP99Ms),
      liveP99Ms: num('BENCH_CAPACITY_LIVE_P99_MS', DEFAULT_BOUNDS.liveP99Ms),
    } satisfies Bounds,
  };
}

/** One interval at one rate, everything sampled at its end. */
export interface Interval {
  rate: number;
  seconds: number;
  generator: GeneratorSample;
  live: DashboardSample;
  processes: ProcessShare[];
  /** Database commits and WAL over the interval, per second. */
  commitsPerSecond: number;
  walBytesPerSecond: number;
  /** Why the interval missed a goal; empty: it held. */
  missed: string[];
}

export interface CapacityResult {
  settings: ReturnType<typeof capacitySettings>;
  steps: Interval[];
  /** The last rate that held (undefined: none did; the soak then ran at the first rate). */
  heldRate?: number;
  soak: Interval;
  profile: Awaited<ReturnType<typeof profileServer>>;
  /** The generator's account after the drain (its call sids checked against the database, not kept: tens of thousands). */
  final: Omit<GeneratorFinal, 'callSids'> & { callsPlaced: number };
  accounting: Accounting;
  walBytesPerCall: number;
  ceiling: Awaited<ReturnType<typeof databaseCeiling>>;
  seconds: number;
}

export async function benchCapacity(say: (m: string) => void = () => {}): Promise<CapacityResult> {
  const started = Date.now();
  const s = capacitySettings();
  findPgbench(); // before the long run, not after it: the ceiling needs it
  const db = await benchDatabase();
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    say(`capacity: seeding ${s.agents} agents (wrap-up ${s.wrapUpSeconds} s)`);
    await seedCentre(db.pool, { agents: s.agents, wrapUpSeconds: s.wrapUpSeconds });

    const accountSid = `AC${randomBytes(16).toString('hex')}`;
    const authToken = randomBytes(16).toString('hex');
    // The generator must know the servers' addresses and the servers its REST stand-in's: the ports first.
    const ports = [await freePort(), await freePort()];
    const publicBaseUrl = 'http://switchboard.capacity.invalid';
    const config: GeneratorConfig = {
      publicBaseUrl,
      instances: ports.map((p) => `http://127.0.0.1:${p}`),
      accountSid,
      authToken,
      to: '+18005550199',
      seed: s.seed,
      timeScale: 1,
      mix: s.mix,
      wrapUpSeconds: Object.fromEntries(CAPACITY_QUEUES.map((q) => [q, s.wrapUpSeconds])),
    };
    const generator = await startGenerator(config);
    cleanups.push(() => stopChild(generator.child));
    const servers = await Promise.all(
      ports.map(async (port) => {
        const server = await startSwitchboard({
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_BASE_URL: publicBaseUrl,
          TWILIO_ACCOUNT_SID: accountSid,
          TWILIO_AUTH_TOKEN: authToken,
          TWILIO_API_BASE_URL: generator.restUrl,
          DATABASE_URL: db.url,
          ...(db.schema ? { BENCH_SCHEMA: db.schema } : {}),
          FLOWS_DIR: path.join(import.meta.dirname, 'flows'),
        });
        cleanups.push(() => stopChild(server.child));
        return server;
      }),
    );
    const dashboards = await connectDashboards({ urls: servers.map((x) => x.url), count: s.dashboards, pool: db.pool });
    cleanups.push(() => dashboards.close());

    // PostgreSQL: the server's own processes and this database's backends, not other databases' clients.
    const { rows } = await db.pool.query<{ name: string }>('SELECT current_database() AS name');
    const usage = () =>
      readUsage([
        ...servers.map((x, i) => ({ name: `server ${'AB'[i]}`, pids: [x.child.pid!] })),
        { name: 'generator', pids: [generator.child.pid!] },
        { name: 'PostgreSQL', pids: postgresPids({ database: rows[0].name }) },
      ]);
    // Each interval: run at the rate, then sample everything at its end against its start.
    let mark = { at: performance.now(), usage: usage(), counters: await databaseCounters(db.pool) };
    const interval = async (rate: number, seconds: number): Promise<Interval> => {
      await sleep(seconds * 1000);
      const gone = servers.findIndex((x) => x.child.exitCode !== null || x.child.signalCode !== null);
      if (gone >= 0)
        throw new Error(`server ${'AB'[gone]} exited (${servers[gone].child.exitCode ?? servers[gone].child.signalCode}) during the run`);
      generator.send({ type: 'sample' });
      const [sample, counters] = await Promise.all([generator.next('sample', 30_000), databaseCounters(db.pool)]);
      const live = dashboards.sample();
      const now = { at: performance.now(), usage: usage(), counters };
      const elapsed = (now.at - mark.at) / 1000;
      const result: Interval = {
        rate,
        seconds: elapsed,
        generator: sample,
        live,
        processes: shares(mark.usage, now.usage, elapsed),
        commitsPerSecond: (now.counters.commits - mark.counters.commits) / elapsed,
        walBytesPerSecond: Number(now.counters.walBytes - mark.counters.walBytes) / elapsed,
        missed: whyNotHeld(rate, sample, live, s.dashboards, s.bounds),
      };
      mark = now;
      return result;
    };

    const first = await databaseCounters(db.pool);
    say(`capacity: warm-up at ${s.rates[0]}/s for ${s.warmUpSeconds} s`);
    generator.send({ type: 'rate', callsPerSecond: s.rates[0] });
    await interval(s.rates[0], s.warmUpSeconds);
    const steps: Interval[] = [];
    for (const rate of s.rates) {
      generator.send({ type: 'rate', callsPerSecond: rate });
      const step = await interval(rate, s.stepSeconds);
      steps.push(step);
      say(
        `capacity: ${rate}/s: ${step.generator.concurrent} concurrent, webhook p99 ${step.generator.webhookMs.p99.toFixed(1)} ms` +
          (step.missed.length ? ` — did not hold: ${step.missed.join('; ')}` : ' — held'),
      );
      if (step.missed.length) break;
    }
    const heldRate = steps.filter((x) => !x.missed.length).at(-1)?.rate;
    const soakRate = heldRate ?? s.rates[0];
    say(`capacity: soak at ${soakRate}/s for ${s.soakSeconds} s, then a ${s.profileSeconds} s CPU profile of server A`);
    generator.send({ type: 'rate', callsPerSecond: soakRate });
    const soak = await interval(soakRate, s.soakSeconds);
    // After the soak's sample, so the profiler's own cost is in no reported interval.
    const profile = await profileServer(servers[0].child, s.profileSeconds);
    say('capacity: draining (no new calls; agents end the calls they are on; every call accounted for)');
    generator.send({ type: 'drain', timeoutSeconds: s.drainSeconds });
    const { callSids, ...final } = await generator.next('drained', (s.drainSeconds + 60) * 1000);
    const last = await databaseCounters(db.pool);
    const accounting = await accountForCalls(db.pool, callSids);
    const placed = callSids.length;
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();

    say(
      `capacity: database ceiling, pgbench with the webhook's transaction (${s.ceilingClients.join(', ')} clients × ${s.ceilingSeconds} s)`,
    );
    const ceiling = await databaseCeiling({ url: db.url, schema: db.schema, seconds: s.ceilingSeconds, clients: s.ceilingClients });
    return {
      settings: s,
      steps,
      heldRate,
      soak,
      profile,
      final: { ...final, callsPlaced: placed },
      accounting,
      walBytesPerCall: placed ? Number(last.walBytes - first.walBytes) / placed : 0,
      ceiling,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    await db.close();
  }
}
