import { expect } from 'chai';
import { averageSpeedOfAnswer, offeredLoad, probabilityOfWait, serviceLevel } from '../../src/reports/erlang-c.js';
import { mulberry32 } from '../../src/reports/prng.js';
import { simulateDay, summarise } from '../../src/reports/simulate-day.js';

// The test vectors of ../shared/twilio-voice-reference.md.
const VECTORS = [
  {
    name: '100 calls / 30 min, AHT 180 s, N 14, t 20 s',
    q: { arrivalsPerSecond: 100 / 1800, ahtSeconds: 180, agents: 14 },
    t: 20,
    a: 10,
    pWait: 0.174132,
    sl: 0.88835,
    asa: 7.836,
  },
  {
    name: '360 calls / 30 min, AHT 240 s, N 55, t 15 s',
    q: { arrivalsPerSecond: 360 / 1800, ahtSeconds: 240, agents: 55 },
    t: 15,
    a: 48,
    pWait: 0.238701,
    sl: 0.845883,
    asa: 8.184,
  },
];

describe('Reports: Erlang C', () => {
  for (const v of VECTORS) {
    it(`matches the reference vector: ${v.name}`, () => {
      expect(offeredLoad(v.q)).to.be.closeTo(v.a, 1e-9);
      expect(probabilityOfWait(v.q)).to.be.closeTo(v.pWait, 5e-7);
      expect(serviceLevel(v.q, v.t)).to.be.closeTo(v.sl, 5e-7);
      expect(averageSpeedOfAnswer(v.q)).to.be.closeTo(v.asa, 5e-4);
    });
  }

  it('refuses a load the agents cannot carry (the queue would grow without end)', () => {
    expect(() => probabilityOfWait({ arrivalsPerSecond: 1, ahtSeconds: 10, agents: 10 })).to.throw(
      RangeError,
      'more agents (10) than the offered load (10.000 Erlangs)',
    );
  });

  it('stays finite for a large centre (no factorials)', () => {
    const p = probabilityOfWait({ arrivalsPerSecond: 2, ahtSeconds: 300, agents: 620 });
    expect(p).to.be.within(0, 1);
  });

  it('has a deterministic PRNG and simulator for a given seed', () => {
    const r = mulberry32(42);
    const first = [r(), r(), r()];
    expect(first.every((x) => x >= 0 && x < 1)).to.equal(true);
    const again = mulberry32(42);
    expect([again(), again(), again()]).to.deep.equal(first);
    const input = { seed: 7, arrivalsPerSecond: 100 / 1800, ahtSeconds: 180, agents: 14, hours: 2, startMs: 0 };
    expect(simulateDay(input)).to.deep.equal(simulateDay(input));
  });

  it('simulates a FIFO queue: nobody is answered before arriving, or by a busy agent', () => {
    const calls = simulateDay({ seed: 3, arrivalsPerSecond: 100 / 1800, ahtSeconds: 180, agents: 14, hours: 24, startMs: 0 });
    const busyUntil = new Array<number>(14).fill(0);
    let lastAnswered = 0;
    for (const c of calls) {
      expect(c.answeredMs).to.be.at.least(c.arrivedMs);
      expect(c.answeredMs).to.be.at.least(busyUntil[c.agent]);
      expect(c.answeredMs).to.be.at.least(lastAnswered); // first come, first served
      busyUntil[c.agent] = c.endedMs;
      lastAnswered = c.answeredMs;
    }
    expect(summarise(calls, 20).serviceLevel).to.be.within(0, 1);
  });
});
