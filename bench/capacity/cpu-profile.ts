// Where a bench server spends its CPU at the limit: the orchestrator asks the server process (over
// its IPC channel) to profile itself with the inspector's sampling profiler, and gets back the top
// functions by self time. In-process, so the server needs no --cpu-prof restart or profile file.
import type { ChildProcess } from 'node:child_process';
import type { Profiler } from 'node:inspector';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ProfileRow {
  /** The function's name; V8's own buckets keep theirs: (garbage collector), (program), (idle). */
  fn: string;
  /** Where it is: a path in the repo, `node:…`, or `node_modules/<pkg>/…`, with the line; '' for V8's buckets. */
  where: string;
  selfMs: number;
  /** Share of the whole profile's time, idle included, %. */
  selfPct: number;
}

export type ToProfiled = { type: 'profile-start' } | { type: 'profile-stop'; top?: number };
export type FromProfiled = { type: 'profile-started' } | { type: 'profile'; top: ProfileRow[] };

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Sampling every 1 ms: ~1,000 samples a second, a summary's worth, at a small cost to the server. */
const SAMPLING_INTERVAL_US = 1000;

function shortWhere(url: string, line: number): string {
  if (!url) return '';
  const at = `:${line + 1}`;
  if (url.startsWith('node:')) return url + at;
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) return file.slice(modules + 1) + at;
  const relative = path.relative(REPO, file);
  return (relative.startsWith('..') ? file : relative) + at;
}

/** Self time per sample, µs: until the next sample (the last one until the profile's end). */
function sampleDurations(profile: Profiler.Profile): Map<number, number> | undefined {
  const { samples, timeDeltas } = profile;
  if (!samples?.length || timeDeltas?.length !== samples.length) return undefined;
  const byNode = new Map<number, number>();
  let at = profile.startTime;
  const stamps = timeDeltas.map((d) => (at += d));
  samples.forEach((node, i) => {
    const until = i + 1 < stamps.length ? stamps[i + 1] : profile.endTime;
    byNode.set(node, (byNode.get(node) ?? 0) + Math.max(0, until - stamps[i]));
  });
  return byNode;
}

/** Self time per node from hit counts, when the profile has no sample timeline. */
function hitDurations(profile: Profiler.Profile): Map<number, number> {
  const hits = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
  const interval = hits ? (profile.endTime - profile.startTime) / hits : 0;
  return new Map(profile.nodes.map((n) => [n.id, (n.hitCount ?? 0) * interval]));
}

/** The `top` functions by self time, the same function reached by different paths counted once. */
export function summarizeProfile(profile: Profiler.Profile, top = 10): ProfileRow[] {
  const durations = sampleDurations(profile) ?? hitDurations(profile);
  const rows = new Map<string, { fn: string; where: string; selfUs: number }>();
  for (const node of profile.nodes) {
    const selfUs = durations.get(node.id) ?? 0;
    if (!selfUs) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const fn = functionName || '(anonymous)';
    const where = shortWhere(url, lineNumber);
    const key = `${fn}\u0000${where}`;
    const row = rows.get(key) ?? rows.set(key, { fn, where, selfUs: 0 }).get(key)!;
    row.selfUs += selfUs;
  }
  const totalUs = [...rows.values()].reduce((sum, r) => sum + r.selfUs, 0);
  return [...rows.values()]
    .sort((a, b) => b.selfUs - a.selfUs || a.fn.localeCompare(b.fn))
    .slice(0, top)
    .map((r) => ({ fn: r.fn, where: r.where, selfMs: r.selfUs / 1000, selfPct: (100 * r.selfUs) / totalUs }));
}

/**
 * In a process forked with IPC: profile on `profile-start` (answering `profile-started` once
 * sampling runs), and on `profile-stop` answer with the summary. Does nothing without IPC.
 */
export function answerProfileRequests(): void {
  if (!process.send) return;
  const session = new Session();
  session.connect();
  const send = (m: FromProfiled) => process.send!(m);
  process.on('message', (m: ToProfiled) => {
    if (m?.type === 'profile-start')
      void (async () => {
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
        await session.post('Profiler.start');
        send({ type: 'profile-started' });
      })();
    if (m?.type === 'profile-stop')
      void session.post('Profiler.stop').then(({ profile }) => {
        send({ type: 'profile', top: summarizeProfile(profile, m.top) });
        return session.post('Profiler.disable');
      });
  });
}

function nextMessage<T extends FromProfiled['type']>(child: ChildProcess, type: T): Promise<Extract<FromProfiled, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromProfiled) => {
      if (m?.type !== type) return;
      stop();
      resolve(m as Extract<FromProfiled, { type: T }>);
    };
    const onExit = () => {
      stop();
      reject(new Error(`the profiled process (pid ${child.pid}) exited before it sent '${type}'`));
    };
    const stop = () => child.off('message', onMessage).off('exit', onExit);
    child.on('message', onMessage).on('exit', onExit);
  });
}

/** Profiles a forked process while `during` runs; its top functions by self time. */
export async function profileDuring(child: ChildProcess, during: () => Promise<void>, top = 10): Promise<ProfileRow[]> {
  if (!child.connected) throw new Error(`process ${child.pid} has no IPC channel: fork it to profile it`);
  const started = nextMessage(child, 'profile-started');
  child.send({ type: 'profile-start' } satisfies ToProfiled);
  await started;
  await during();
  const profile = nextMessage(child, 'profile');
  child.send({ type: 'profile-stop', top } satisfies ToProfiled);
  return (await profile).top;
}

/** The server's top functions by self time over `seconds` of whatever load it has now. */
export function profileServer(child: ChildProcess, seconds: number): Promise<ProfileRow[]> {
  return profileDuring(child, () => new Promise((resolve) => setTimeout(resolve, seconds * 1000)));
}
