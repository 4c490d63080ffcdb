import pg from 'pg';
import { consoleSnapshot, type ConsoleSnapshot } from '../db/queries/console.js';
import { dashboardSnapshot, type DashboardSnapshot } from '../db/queries/dashboard.js';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../log.js';

type Send<T> = (snapshot: T) => void;

/**
 * Keeps the live pages current without polling storms: one LISTEN per instance; on a change (a
 * hint from triggers) or every few seconds, each snapshot is read once and pushed to every page
 * that shows it, and only when it changed.
 */
export class LiveHub {
  private dashboards = new Set<Send<DashboardSnapshot>>();
  private agents = new Map<number, Set<Send<ConsoleSnapshot>>>();
  private last = new Map<string, string>();
  private listener?: pg.Client;
  private timer?: NodeJS.Timeout;
  private pending?: NodeJS.Timeout;
  private refreshing = false;
  private stopped = false;

  constructor(private o: { pool: Pool; listenUrl?: string; log: Logger; timezone: () => string; refreshMs?: number }) {}

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
    this.timer = setInterval(() => void this.refresh(), this.o.refreshMs ?? 5000);
  }

  /** Something changed: refresh soon, once for a burst of changes. */
  changed(): void {
    if (this.pending || this.stopped) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.refresh();
    }, 100);
  }

  subscribeDashboard(send: Send<DashboardSnapshot>): () => void {
    this.dashboards.add(send);
    void dashboardSnapshot(this.o.pool, this.o.timezone()).then(send, (err) => this.o.log.error({ err }, 'dashboard snapshot failed'));
    return () => this.dashboards.delete(send);
  }

  subscribeAgent(agentId: number, send: Send<ConsoleSnapshot>): () => void {
    const subs = this.agents.get(agentId) ?? new Set();
    subs.add(send);
    this.agents.set(agentId, subs);
    void consoleSnapshot(this.o.pool, agentId).then((s) => s && send(s), (err) => this.o.log.error({ err }, 'console snapshot failed'));
    return () => {
      subs.delete(send);
      if (!subs.size) this.agents.delete(agentId);
    };
  }

  private async refresh(): Promise<void> {
    if (this.refreshing || this.stopped) return this.changed();
    this.refreshing = true;
    try {
      if (this.dashboards.size) this.push('dashboard', await dashboardSnapshot(this.o.pool, this.o.timezone()), this.dashboards);
      for (const [id, subs] of this.agents) {
        const s = await consoleSnapshot(this.o.pool, id);
        if (s) this.push(`agent:${id}`, s, subs);
      }
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message }, 'live refresh failed');
    } finally {
      this.refreshing = false;
    }
  }

  private push<T>(key: string, snapshot: T & { at?: unknown }, subs: Set<Send<T>>): void {
    const { at: _at, ...comparable } = snapshot;
    const text = JSON.stringify(comparable);
    if (this.last.get(key) === text) return;
    this.last.set(key, text);
    for (const send of subs) send(snapshot);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.pending);
    await this.listener?.end().catch(() => {});
  }
}
