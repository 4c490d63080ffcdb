import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { consoleSnapshot, type ConsoleSnapshot, type FlowOf } from '../db/queries/console.js';
import { dashboardSnapshot, type DashboardSnapshot } from '../db/queries/dashboard.js';
import type { ServiceLevelFormula } from '../config.js';
import type { Pool } from '../db/pool.js';
import { validCredentials, type Credential } from '../db/queries/people.js';
import type { Logger } from '../log.js';
import { TargetWatch } from './target-watch.js';
import { wallboardSnapshot, type WallboardSnapshot } from './wallboard.js';

/** A burst of change hints within this many ms makes one refresh. */
const HINT_DEBOUNCE_MS = 100;
/**
 * After a refresh that took d ms, the next one waits at least REST_PER_REFRESH_MS × d: refreshing
 * takes at most a quarter of one connection's time however costly the snapshots become (a
 * 5,500-agent centre's took 0.4–0.8 s; refreshing back to back kept a connection busy 93 % of the time).
 */
const REST_PER_REFRESH_MS = 3;
/**
 * And at most two refreshes a second, however cheap: each instance rebuilds the snapshot, so at
 * 30 calls/s two instances spent a third of the database's CPU on ten dashboards a second
 * (npm run bench, capacity section). A supervisor's floor view does not need more.
 */
const MIN_REFRESH_INTERVAL_MS = 500;

/** The hub's clock and timer for its refreshes (tests drive a fake one). */
export interface HubClock {
  now(): number;
  after(ms: number, fn: () => void): { cancel(): void };
}

const realClock: HubClock = {
  now: () => performance.now(),
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(timer) };
  },
};

/** One open page: what proved who it is, who that was, and how to feed or end it. */
export interface LiveStream<T> {
  credential: Credential;
  /** `principalKey` of whom the stream was opened for; a credential now acting for someone else ends it. */
  principal: string;
  send(snapshot: T): void;
  /** Another kind of event on the same stream (the dashboard's `target` events). */
  notify?(event: string, data: unknown): void;
  /** The credential ended (sign-out, revocation, expiry, password or role change). */
  end(): void;
}

/**
 * Keeps the live pages current without polling storms: one LISTEN per instance; on a change (a
 * hint from triggers) or every few seconds, each snapshot is read once and pushed to every page
 * that shows it, and only when it changed. Each refresh also re-checks every stream's
 * credential in one query, so a stream ends within a refresh of the sign-out, revocation, password
 * change (triggers NOTIFY) or expiry (the timer) that ended its right to see it. Refreshes never
 * overlap: hints during one make a single follow-up, after a rest proportional to its duration.
 */
export class LiveHub {
  private dashboards = new Set<LiveStream<DashboardSnapshot>>();
  private agents = new Map<number, Set<LiveStream<ConsoleSnapshot>>>();
  private wallboards = new Set<LiveStream<WallboardSnapshot>>();
  private last = new Map<string, string>();
  private targets = new TargetWatch();
  private listener?: pg.Client;
  private timer?: NodeJS.Timeout;
  private pending?: { cancel(): void };
  private refreshing = false;
  /** A hint came during the refresh in progress: refresh once more after it. */
  private changedDuringRefresh = false;
  /** The clock's time before which the next refresh does not start (the rest after the last one). */
  private restUntil = 0;
  private stopped = false;

  constructor(
    private o: {
      pool: Pool;
      listenUrl?: string;
      log: Logger;
      timezone: () => string;
      serviceLevelFormula: ServiceLevelFormula;
      refreshMs?: number;
      /** The flow version of a call, so the screen pop says its menu path in words. */
      flowOf?: FlowOf;
      clock?: HubClock;
    },
  ) {}

  private get clock(): HubClock {
    return this.o.clock ?? realClock;
  }

  async start(): Promise<void> {
    if (this.o.listenUrl) {
      const client = new pg.Client({ connectionString: this.o.listenUrl });
      client.on('notification', () => this.changed());
      client.on('error', (err) => this.o.log.warn({ err: err.message }, 'live listener lost; refreshing on the timer only'));
      try {
        await client.connect();
        await client.query('LISTEN switchboard_live');
        this.listener = client;
      } catch (err) {
        this.o.log.warn({ err: (err as Error).message }, 'live listener could not connect');
        await client.end().catch(() => {});
      }
    }
    this.timer = setInterval(() => this.changed(), this.o.refreshMs ?? 5000);
  }

  /** Something changed: refresh soon, once for a burst of changes, and not before the last refresh's rest is over. */
  changed(): void {
    if (this.stopped) return;
    if (this.refreshing) {
      this.changedDuringRefresh = true;
      return;
    }
    if (this.pending) return;
    this.pending = this.clock.after(Math.max(HINT_DEBOUNCE_MS, this.restUntil - this.clock.now()), () => {
      this.pending = undefined;
      void this.refresh();
    });
  }

  subscribeDashboard(stream: LiveStream<DashboardSnapshot>): () => void {
    this.dashboards.add(stream);
    void dashboardSnapshot(this.o.pool, this.o.timezone(), this.o.serviceLevelFormula).then(
      (s) => {
        stream.send(s);
        // A fresh reading: the first page's sets what is missing; later ones may show a change.
        this.notifyTargets(s);
      },
      (err) => this.o.log.error({ err }, 'dashboard snapshot failed'),
    );
    return () => {
      this.dashboards.delete(stream);
      // Nobody watching: forget what was missing; the next page's first snapshot sets it afresh.
      if (!this.dashboards.size) this.targets = new TargetWatch();
    };
  }

  /** After the snapshot, so a page that hears a group started or stopped missing already shows it. */
  private notifyTargets(snapshot: DashboardSnapshot): void {
    for (const event of this.targets.changes(snapshot)) for (const stream of this.dashboards) stream.notify?.('target', event);
  }

  /** A wallboard (a TV, by its token, or a supervisor's preview): the read-only queue view. */
  subscribeWallboard(stream: LiveStream<WallboardSnapshot>): () => void {
    this.wallboards.add(stream);
    void wallboardSnapshot(this.o.pool, this.o.timezone(), this.o.serviceLevelFormula).then(
      (s) => stream.send(s),
      (err) => this.o.log.error({ err }, 'wallboard snapshot failed'),
    );
    return () => this.wallboards.delete(stream);
  }

  subscribeAgent(agentId: number, stream: LiveStream<ConsoleSnapshot>): () => void {
    const subs = this.agents.get(agentId) ?? new Set();
    subs.add(stream);
    this.agents.set(agentId, subs);
    void consoleSnapshot(this.o.pool, agentId, this.o.flowOf).then(
      (s) => s && stream.send(s),
      (err) => this.o.log.error({ err }, 'console snapshot failed'),
    );
    return () => {
      subs.delete(stream);
      if (!subs.size) this.agents.delete(agentId);
    };
  }

  private async refresh(): Promise<void> {
    if (this.stopped) return;
    this.refreshing = true;
    this.changedDuringRefresh = false;
    const started = this.clock.now();
    try {
      await this.endRevoked();
      // One read of the dashboard's snapshot serves the wallboards too.
      const dashboard =
        this.dashboards.size || this.wallboards.size
          ? await dashboardSnapshot(this.o.pool, this.o.timezone(), this.o.serviceLevelFormula)
          : undefined;
      if (dashboard && this.dashboards.size) {
        this.push('dashboard', dashboard, this.dashboards);
        this.notifyTargets(dashboard);
      }
      if (dashboard && this.wallboards.size)
        this.push(
          'wallboard',
          await wallboardSnapshot(this.o.pool, this.o.timezone(), this.o.serviceLevelFormula, dashboard),
          this.wallboards,
        );
      for (const [id, subs] of this.agents) {
        const s = await consoleSnapshot(this.o.pool, id, this.o.flowOf);
        if (s) this.push(`agent:${id}`, s, subs);
      }
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message }, 'live refresh failed');
    } finally {
      const ended = this.clock.now();
      this.restUntil = Math.max(ended + REST_PER_REFRESH_MS * (ended - started), started + MIN_REFRESH_INTERVAL_MS);
      this.refreshing = false;
      if (this.changedDuringRefresh) this.changed();
    }
  }

  /** Ends every stream whose credential is no longer valid, or no longer acts for the same person. */
  private async endRevoked(): Promise<void> {
    const streams: { stream: LiveStream<never>; drop: () => void }[] = [...this.dashboards].map((stream) => ({
      stream,
      drop: () => this.dashboards.delete(stream),
    }));
    for (const stream of this.wallboards) streams.push({ stream, drop: () => this.wallboards.delete(stream) });
    for (const [id, subs] of this.agents) {
      for (const stream of subs) streams.push({ stream, drop: () => (subs.delete(stream), subs.size || this.agents.delete(id)) });
    }
    if (!streams.length) return;
    const valid = await validCredentials(
      this.o.pool,
      streams.map((s) => s.stream.credential),
    );
    for (const { stream, drop } of streams) {
      if (valid.get(`${stream.credential.kind}:${stream.credential.hash}`) === stream.principal) continue;
      drop();
      stream.end();
    }
  }

  private push<T>(key: string, snapshot: T & { at?: unknown }, subs: Set<LiveStream<T>>): void {
    const { at: _at, ...comparable } = snapshot;
    const text = JSON.stringify(comparable);
    if (this.last.get(key) === text) return;
    this.last.set(key, text);
    for (const stream of subs) stream.send(snapshot);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.pending?.cancel();
    await this.listener?.end().catch(() => {});
  }
}
