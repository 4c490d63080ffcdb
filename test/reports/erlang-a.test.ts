import { expect } from 'chai';
import { erlangA } from '../../src/reports/erlang-a.js';
import { probabilityOfWait, serviceLevel } from '../../src/reports/erlang-c.js';
import { erlangAAgents, erlangCAgents } from '../../src/reports/forecast-staffing.js';
import { exponential, mulberry32 } from '../../src/reports/prng.js';

/**
 * An independent check of Erlang A: a discrete-event simulation of an M/M/N+M queue served first
 * come, first served. Each caller takes the first agent to come free after everyone ahead was
 * served or gave up; a caller whose patience runs out before then abandons and takes nobody.
 */
function simulate(q: { arrivalsPerSecond: number; ahtSeconds: number; agents: number; patienceSeconds: number }, t: number, calls: number) {
  const random = mulberry32(13);
  const freeAt = new Array<number>(q.agents).fill(0);
  let now = 0;
  let inTime = 0;
  let abandoned = 0;
  for (let i = 0; i < calls; i++) {
    now += exponential(random, 1 / q.arrivalsPerSecond);
    const patience = exponential(random, q.patienceSeconds);
    let agent = 0;
    for (let a = 1; a < freeAt.length; a++) if (freeAt[a] < freeAt[agent]) agent = a;
    const wait = Math.max(freeAt[agent] - now, 0);
    if (wait > patience) {
      abandoned++;
      continue;
    }
    if (wait <= t) inTime++;
    freeAt[agent] = now + wait + exponential(random, q.ahtSeconds);
  }
  return { serviceLevel: inTime / calls, abandonment: abandoned / calls };
}

// The simulations run 300 000 calls: their standard errors are a few tenths of a point, so within
// one point (0.01) the formula and the simulation agree, and a wrong stage rate fails by more.
const TOLERANCE = 0.01;

describe('Reports: Erlang A (patience) and the agents needed', () => {
  it('is Erlang C when nobody gives up (the reference vectors, patience 10^7 s)', () => {
    for (const [q, t] of [
      [{ arrivalsPerSecond: 100 / 1800, ahtSeconds: 180, agents: 14 }, 20],
      [{ arrivalsPerSecond: 360 / 1800, ahtSeconds: 240, agents: 55 }, 15],
    ] as const) {
      const a = erlangA({ ...q, patienceSeconds: 1e7 }, t);
      expect(a.probabilityOfWait).to.be.closeTo(probabilityOfWait(q), 1e-5);
      expect(a.serviceLevel).to.be.closeTo(serviceLevel(q, t), 1e-5);
      expect(a.abandonment).to.be.below(1e-4);
    }
  });

  for (const agents of [12, 9]) {
    it(`matches a simulated M/M/${agents}+M queue (100 calls / 30 min, AHT 180 s, patience 60 s, t 20 s) within 1 point`, () => {
      const q = { arrivalsPerSecond: 100 / 1800, ahtSeconds: 180, agents, patienceSeconds: 60 };
      const formula = erlangA(q, 20);
      const simulated = simulate(q, 20, 300_000);
      expect(formula.serviceLevel).to.be.closeTo(simulated.serviceLevel, TOLERANCE);
      expect(formula.abandonment).to.be.closeTo(simulated.abandonment, TOLERANCE);
    });
  }

  it('needs 14 agents for 80 % in 20 s at 100 calls / 30 min and AHT 180 s (13 give too little)', () => {
    const demand = { calls: 100, intervalSeconds: 1800, ahtSeconds: 180, thresholdSeconds: 20, target: 0.8 };
    expect(erlangCAgents(demand)).to.deep.equal({
      agents: 14,
      serviceLevel: serviceLevel({ arrivalsPerSecond: 100 / 1800, ahtSeconds: 180, agents: 14 }, 20),
    });
    expect(serviceLevel({ arrivalsPerSecond: 100 / 1800, ahtSeconds: 180, agents: 13 }, 20)).to.be.below(0.8);
    // With a patience of 60 s, callers who leave shorten the queue: 12 agents are enough, 11 are not.
    const a = erlangAAgents(demand, 60);
    expect(a.agents).to.equal(12);
    expect(a.serviceLevel).to.be.at.least(0.8);
    expect(erlangA({ arrivalsPerSecond: 100 / 1800, ahtSeconds: 180, agents: 11, patienceSeconds: 60 }, 20).serviceLevel).to.be.below(0.8);
  });

  it('needs nobody for no calls, with no service level (null, not 0)', () => {
    const none = { calls: 0, intervalSeconds: 1800, ahtSeconds: 180, thresholdSeconds: 20, target: 0.8 };
    expect(erlangCAgents(none)).to.deep.equal({ agents: 0, serviceLevel: null });
    expect(erlangAAgents(none, 60)).to.deep.equal({ agents: 0, serviceLevel: null, abandonment: null });
  });

  it('refuses a queue it cannot model', () => {
    expect(() => erlangA({ arrivalsPerSecond: 0.1, ahtSeconds: 180, agents: 3, patienceSeconds: 0 }, 20)).to.throw(RangeError);
  });
});
