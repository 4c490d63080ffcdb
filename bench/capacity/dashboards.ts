// Supervisors' dashboards on the live stream during the capacity run, and how late they show a
// change: about once a second a probe agent (no skills, so routing never offers it a call) is put
// on break or offline the way a supervisor does it (POST /api/agents/:id/status), and each
// dashboard's stream is timed until a snapshot shows it.
import { addSupervisor } from '../../src/auth/logins.js';
import type { Pool } from '../../src/db/pool.js';
import { percentiles } from './percentiles.js';
import type { Percentiles } from './protocol.js';

const PASSWORD = 'capacity bench supervisor';
const PROBE = { name: 'Capacity probe', contact: { kind: 'client', value: 'capacity-probe' } } as const;

export interface DashboardSample {
  /** Snapshots the dashboards received in the interval. */
  updates: number;
  /** Probe change (its commit's `state_since`) → a dashboard's snapshot showing it, per dashboard and probe, ms. */
  latencyMs: Percentiles;
  /** Probes made in the interval: when all were seen within it, latencyMs.count is dashboards × probes. */
  probes: number;
  /** Streams that ended or failed before close() (each one is opened again after a second). */
  dropped: number;
  /** Probes whose change was refused or failed (none is timed). */
  failedProbes: number;
}

export interface Dashboards {
  /** What happened since the last sample (or since connecting); starts a new interval. */
  sample(): DashboardSample;
  /** One probe now; resolves with each dashboard's latency once every one has shown it. */
  probe(): Promise<number[]>;
  close(): Promise<void>;
}

interface Probe {
  /** The change's `state_since` (the database's clock, ms: the same machine's as ours). */
  since: number;
  /** The state it put the probe agent in. */
  state: ProbeState;
  latencies: Map<number, number>;
  done: () => void;
}

interface Dashboard {
  index: number;
  url: string;
  cookie: string;
  /** The probe agent's `state_since` in this dashboard's latest snapshot, and when it first showed. */
  shownSince: number;
  /** The probe agent's state in this dashboard's latest snapshot. */
  shownState?: ProbeState;
  shownAt: number;
  controller: AbortController;
}

type ProbeState = 'break' | 'offline';
/** What a dashboard snapshot carries that the probe looks at. */
interface Snapshot {
  agents: { id: number; state: string; stateSince: string }[];
  agentStates?: Partial<Record<string, number>>;
}

/** The probe's state by the counts: one agent on break and none offline, or the other way round. */
function probeStateIn(counts: Partial<Record<string, number>>): ProbeState | undefined {
  const onBreak = counts.break ?? 0;
  const offline = counts.offline ?? 0;
  return onBreak + offline !== 1 ? undefined : onBreak ? 'break' : 'offline';
}

async function call(url: string, init: { method: string; cookie?: string; body?: unknown }): Promise<Response> {
  const res = await fetch(url, {
    method: init.method,
    headers: { 'content-type': 'application/json', ...(init.cookie ? { cookie: init.cookie } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  if (!res.ok) throw new Error(`${init.method} ${url} answered ${res.status}: ${await res.text()}`);
  return res;
}

/** A supervisor account per dashboard (created or its password set), signed in at its instance. */
async function signIn(pool: Pool, url: string, index: number): Promise<string> {
  const username = `capacity-dashboard-${index + 1}`;
  await addSupervisor(pool, { username, name: `Capacity dashboard ${index + 1}`, password: PASSWORD });
  const res = await call(`${url}/auth/login`, { method: 'POST', body: { username, password: PASSWORD, role: 'supervisor' } });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`${url}/auth/login signed ${username} in without a session cookie`);
  return cookie;
}

/** The probe agent, created through the API the first time; its id and state now. */
async function probeAgent(url: string, cookie: string): Promise<{ id: number; state: string }> {
  const agents = (await (await call(`${url}/api/agents`, { method: 'GET', cookie })).json()) as {
    id: number;
    state: string;
    contact: { value: string };
  }[];
  const known = agents.find((a) => a.contact.value === PROBE.contact.value);
  if (known) return known;
  return (await (await call(`${url}/api/agents`, { method: 'POST', cookie, body: PROBE })).json()) as { id: number; state: string };
}

/** Reads a live stream's `snapshot` events until it ends; each is handed over as it arrives. */
async function readSnapshots(url: string, cookie: string, signal: AbortSignal, onSnapshot: (s: unknown) => void): Promise<void> {
  const res = await fetch(`${url}/api/dashboard/events`, { headers: { cookie, accept: 'text/event-stream' }, signal });
  if (!res.ok || !res.body) throw new Error(`${url}/api/dashboard/events answered ${res.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const lines = buffer.slice(0, cut).split('\n');
      buffer = buffer.slice(cut + 2);
      const data = lines.find((l) => l.startsWith('data: '));
      if (lines.includes('event: snapshot') && data) onSnapshot(JSON.parse(data.slice(6)));
      if (lines.includes('event: signed-out')) throw new Error(`${url}: the dashboard's session ended`);
    }
  }
}

export async function connectDashboards(o: { urls: string[]; count: number; pool: Pool; probeEveryMs?: number }): Promise<Dashboards> {
  if (!o.urls.length) throw new Error('connectDashboards: no instance urls');
  const dashboards: Dashboard[] = [];
  for (let index = 0; index < o.count; index++) {
    const url = o.urls[index % o.urls.length];
    dashboards.push({ index, url, cookie: await signIn(o.pool, url, index), shownSince: 0, shownAt: 0, controller: new AbortController() });
  }
  const agent = await probeAgent(o.urls[0], dashboards[0].cookie);
  let state = agent.state as ProbeState;
  let interval = { updates: 0, latencies: [] as number[], probes: 0, dropped: 0, failedProbes: 0 };
  let pending: Probe[] = [];
  let closed = false;

  const see = (probe: Probe, d: Dashboard) => {
    if (probe.latencies.has(d.index)) return;
    const latency = d.shownAt - probe.since;
    probe.latencies.set(d.index, latency);
    interval.latencies.push(latency);
    if (probe.latencies.size === dashboards.length) probe.done();
  };
  const onSnapshot = (d: Dashboard, snapshot: Snapshot) => {
    const at = Date.now();
    interval.updates++;
    const shown = snapshot.agents.find((a) => a.id === agent.id);
    if (shown) {
      const since = Date.parse(shown.stateSince);
      if (since === d.shownSince) return;
      d.shownSince = since;
      d.shownState = shown.state as ProbeState;
      d.shownAt = at;
      // A later change shown means the earlier ones were too; ±1 ms: two parsers round microseconds.
      for (const probe of pending) if (probe.since <= since + 1) see(probe, d);
      return;
    }
    // A big centre's snapshot lists only the agents who changed last (the probe may have dropped out
    // of them under load); its counts by state still show the probe: the only agent in the run ever
    // on break or offline. One probe at a time, so a count showing its state shows that probe.
    const shownState = probeStateIn(snapshot.agentStates ?? {});
    if (!shownState || shownState === d.shownState) return;
    d.shownState = shownState;
    d.shownAt = at;
    for (const probe of pending) if (probe.state === shownState) see(probe, d);
  };
  const follow = (d: Dashboard): void =>
    void readSnapshots(d.url, d.cookie, d.controller.signal, (s) => onSnapshot(d, s as Snapshot)).then(
      () => reopen(d),
      () => reopen(d),
    );
  // As the page's EventSource does, after a pause (a server that is down is not hammered).
  const reopen = (d: Dashboard) => {
    if (closed) return;
    interval.dropped++;
    setTimeout(() => !closed && follow(d), 1000);
  };
  dashboards.forEach(follow);

  const probe = async (): Promise<number[]> => {
    state = state === 'break' ? 'offline' : 'break';
    const res = await call(`${o.urls[0]}/api/agents/${agent.id}/status`, { method: 'POST', cookie: dashboards[0].cookie, body: { state } });
    const { stateSince } = (await res.json()) as { stateSince: string };
    let done!: () => void;
    const seen = new Promise<void>((resolve) => (done = resolve));
    const p: Probe = { since: Date.parse(stateSince), state, latencies: new Map(), done };
    pending.push(p);
    interval.probes++;
    // A dashboard may have shown it before our answer came back.
    for (const d of dashboards) if (p.since <= d.shownSince + 1 || d.shownState === state) see(p, d);
    await seen;
    pending = pending.filter((x) => x !== p);
    return [...p.latencies.values()];
  };

  // One probe at a time: under overload a slow one delays the next rather than piling them up.
  let busy = false;
  const timer =
    o.probeEveryMs === 0
      ? undefined
      : setInterval(() => {
          if (busy) return;
          busy = true;
          void probe()
            .catch(() => interval.failedProbes++)
            .finally(() => (busy = false));
        }, o.probeEveryMs ?? 1000);

  return {
    sample() {
      const { latencies, ...counts } = interval;
      interval = { updates: 0, latencies: [], probes: 0, dropped: 0, failedProbes: 0 };
      return { ...counts, latencyMs: percentiles(latencies) };
    },
    probe,
    async close() {
      closed = true;
      clearInterval(timer);
      for (const d of dashboards) d.controller.abort();
      await Promise.all(dashboards.map((d) => call(`${d.url}/auth/logout`, { method: 'POST', cookie: d.cookie }).catch(() => {})));
    },
  };
}
