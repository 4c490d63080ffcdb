import { expect } from 'chai';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { Profiler } from 'node:inspector';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { profileDuring, summarizeProfile } from '../../../bench/capacity/cpu-profile.js';

const sessionsUrl = pathToFileURL(path.resolve(import.meta.dirname, '../../../src/calls/sessions.ts')).href;
const node = (id: number, functionName: string, url = '', lineNumber = -1, hitCount?: number): Profiler.ProfileNode => ({
  id,
  callFrame: { functionName, scriptId: String(id), url, lineNumber, columnNumber: 0 },
  ...(hitCount !== undefined ? { hitCount } : {}),
});

describe('bench capacity: CPU profile of a server, top functions by self time', () => {
  it('adds up each function’s samples, the same function reached by two paths once, and names V8’s buckets', () => {
    const profile: Profiler.Profile = {
      nodes: [
        node(1, '(root)'),
        node(2, 'handle', sessionsUrl, 99),
        node(3, 'query', 'file:///srv/app/node_modules/pg/lib/client.js', 9),
        node(4, '(garbage collector)'),
        node(5, '(idle)'),
        node(6, 'handle', sessionsUrl, 99),
        node(7, 'readFileSync', 'node:fs', 440),
      ],
      startTime: 1000,
      endTime: 8000,
      // At 1000, 2000, 4000, 4500, 5000, 6000 µs; each sample lasts until the next (the last until the end).
      samples: [2, 3, 2, 4, 5, 6],
      timeDeltas: [0, 1000, 2000, 500, 500, 1000],
    };
    expect(summarizeProfile(profile, 3)).to.deep.equal([
      { fn: 'handle', where: 'src/calls/sessions.ts:100', selfMs: 3.5, selfPct: 50 },
      { fn: 'query', where: 'node_modules/pg/lib/client.js:10', selfMs: 2, selfPct: (100 * 2) / 7 },
      { fn: '(idle)', where: '', selfMs: 1, selfPct: 100 / 7 },
    ]);
    expect(summarizeProfile(profile).map((r) => r.fn)).to.deep.equal(['handle', 'query', '(idle)', '(garbage collector)']);
  });

  it('spreads the profile’s time over hit counts when it has no sample timeline', () => {
    const profile: Profiler.Profile = {
      nodes: [node(1, '(root)', '', -1, 0), node(2, '', 'node:internal/timers', 5, 6), node(3, '(program)', '', -1, 4)],
      startTime: 0,
      endTime: 10_000,
    };
    expect(summarizeProfile(profile)).to.deep.equal([
      { fn: '(anonymous)', where: 'node:internal/timers:6', selfMs: 6, selfPct: 60 },
      { fn: '(program)', where: '', selfMs: 4, selfPct: 40 },
    ]);
  });

  it('profiles a forked process over IPC: its busy function tops the list', async function () {
    this.timeout(30_000);
    const child = fork(path.join(import.meta.dirname, 'profiled-child.ts'), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    try {
      await once(child, 'message');
      const top = await profileDuring(child, async () => {
        const spun = once(child, 'message');
        child.send({ type: 'spin', ms: 300 });
        await spun;
      });
      expect(top[0].fn).to.equal('spinTheKnownFunction');
      expect(top[0].where).to.match(/^test\/bench\/capacity\/profiled-child\.ts:\d+$/);
      // 300 ms of its own CPU, sampled every ms; the machine is shared, so only a floor.
      expect(top[0].selfMs).to.be.at.least(150);
      expect(top[0].selfPct).to.be.greaterThan(30);
    } finally {
      child.kill();
    }
  });
});
