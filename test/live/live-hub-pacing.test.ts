import { expect } from 'chai';
import type { Pool } from '../../src/db/pool.js';
import { LiveHub, type HubClock } from '../../src/live/live-hub.js';
import { createLogger } from '../../src/log.js';

// The hub's refreshes under a stream of change hints (issue 16): never overlapping, hints during a
// refresh coalesced into one follow-up, and a rest of 3× the last refresh's duration before it.
// A fake clock and a database stand-in whose snapshot reads the test answers: no real time passes.

/** Timers the test fires by hand, on a clock it sets. */
function fakeClock() {
  const timers: { ms: number; fn: () => void; cancelled: boolean }[] = [];
  const clock: HubClock & { time: number } = {
    time: 0,
    now: () => clock.time,
    after: (ms, fn) => {
      const t = { ms, fn, cancelled: false };
      timers.push(t);
      return { cancel: () => (t.cancelled = true) };
    },
  };
  const waiting = () => timers.filter((t) => !t.cancelled);
  return {
    clock,
    waiting,
    /** Fires the one timer waiting; returns how long it was set for. */
    fire(): number {
      const [t, ...more] = waiting();
      expect(t, 'a refresh waiting').to.not.equal(undefined);
      expect(more, 'only one refresh waiting').to.deep.equal([]);
      t.cancelled = true;
      t.fn();
      return t.ms;
    },
  };
}

/** A pool whose snapshot reads wait for the test's answer; every credential is valid. */
function snapshotStandIn() {
  const reads: { answer(): void }[] = [];
  let arrived: () => void = () => {};
  let built = 0;
  const pool = {
    query: async (text: string) => {
      if (text.includes('web_sessions')) return { rows: [{ kind: 'session', hash: 'h', who: 'supervisor' }] };
      if (!text.includes('"callsInProgress"')) throw new Error(`unexpected query: ${text.slice(0, 60)}`);
      const n = ++built;
      await new Promise<void>((resolve) => {
        reads.push({ answer: resolve });
        arrived();
      });
      return { rows: [{ at: new Date(), queues: [], agents: [], build: n }] };
    },
  };
  return {
    pool: pool as unknown as Pool,
    /** The next snapshot read, once it has started. */
    async nextRead(): Promise<{ answer(): void }> {
      if (!reads.length) await new Promise<void>((resolve) => (arrived = resolve));
      return reads.shift()!;
    },
    builds: () => built,
  };
}

describe('LiveHub pacing: a costly snapshot is rebuilt at a bounded rate', () => {
  it('hints during a refresh make one follow-up, after 3× the refresh’s duration, at most two a second; a burst waits 100 ms', async () => {
    const { clock, fire, waiting } = fakeClock();
    const db = snapshotStandIn();
    const hub = new LiveHub({ pool: db.pool, log: createLogger('silent'), timezone: () => 'UTC', serviceLevelFormula: 'offered', clock });
    let sent: () => void = () => {};
    const nextSend = () => new Promise<void>((resolve) => (sent = resolve));
    hub.subscribeDashboard({ credential: { kind: 'session', hash: 'h' }, principal: 'supervisor', send: () => sent(), end: () => {} });
    let shown = nextSend();
    (await db.nextRead()).answer(); // the page's first snapshot
    await shown;

    hub.changed();
    hub.changed();
    expect(fire(), 'a burst of hints: one refresh, 100 ms on').to.equal(100);
    const read = await db.nextRead();
    for (let i = 0; i < 50; i++) hub.changed(); // while the snapshot is being built
    expect(waiting(), 'no second refresh while one runs').to.deep.equal([]);
    clock.time += 1000; // the build took a second
    shown = nextSend();
    read.answer();
    await shown;
    clock.time += 3000;
    expect(fire(), 'the 50 hints: one follow-up, after a rest of 3 × 1 s').to.equal(3000);
    const followUp = await db.nextRead();
    clock.time += 10; // a cheap build
    shown = nextSend();
    followUp.answer();
    await shown;
    expect(waiting(), 'no hint came during it: nothing more to do').to.deep.equal([]);
    clock.time += 30;
    hub.changed();
    expect(fire(), 'after a 10 ms build: no sooner than 500 ms after it started (two refreshes a second at most)').to.equal(460);
    (await db.nextRead()).answer();
    expect(db.builds()).to.equal(4);
    await hub.stop();
  });
});
