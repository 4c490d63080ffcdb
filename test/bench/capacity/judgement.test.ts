import { expect } from 'chai';
import { DEFAULT_BOUNDS, whyNotHeld } from '../../../bench/capacity/judgement.js';
import type { GeneratorSample, Percentiles } from '../../../bench/capacity/protocol.js';
import { agentsFor } from '../../../bench/capacity/staffing.js';

const latency = (p99: number, count = 1000): Percentiles => ({ count, p50: p99 / 4, p99, p999: p99 * 2, max: p99 * 3 });
/** A step at 10 calls/s for 90 s that met every goal. */
const goodStep = (over: Partial<GeneratorSample> = {}): GeneratorSample => ({
  seconds: 90,
  callsStarted: 900,
  callsEnded: 500,
  concurrent: 400,
  queued: 10,
  talking: 200,
  webhooks: 5000,
  webhookMs: latency(40),
  routingMs: latency(80),
  errors: 0,
  errorExamples: [],
  restRequests: 800,
  generatorCpuSeconds: 20,
  ...over,
});
const live = { updates: 200, latencyMs: latency(300, 20 * 90), probes: 90, dropped: 0, failedProbes: 0 };
const DASHBOARDS = 20;

describe('capacity bench: whether a step held', () => {
  it('holds when every goal is met', () => {
    expect(whyNotHeld(10, goodStep(), live, DASHBOARDS)).to.deep.equal([]);
  });

  it('holds at exactly the bounds', () => {
    const step = goodStep({ webhookMs: latency(DEFAULT_BOUNDS.webhookP99Ms), routingMs: latency(DEFAULT_BOUNDS.routingP99Ms) });
    expect(whyNotHeld(10, step, { ...live, latencyMs: latency(DEFAULT_BOUNDS.liveP99Ms, 20 * 90) }, DASHBOARDS)).to.deep.equal([]);
  });

  it('names each goal missed', () => {
    const step = goodStep({
      webhookMs: latency(100.5),
      routingMs: latency(501),
      errors: 2,
      errorExamples: ['500 from /voice', 'bad TwiML'],
      lost: 1,
    });
    const why = whyNotHeld(10, step, { ...live, latencyMs: latency(5001, 20 * 90) }, DASHBOARDS);
    expect(why).to.deep.equal([
      'webhook p99 100.5 ms > 100 ms',
      '1 callers lost',
      '2 errors (500 from /voice; bad TwiML)',
      'routing p99 501 ms > 500 ms',
      'live-stream p99 5001 ms > 5000 ms',
    ]);
  });

  it('does not hold when the generator placed fewer calls than Poisson noise explains', () => {
    // 900 expected: 4 standard deviations (4 × 30) below is 780.
    expect(whyNotHeld(10, goodStep({ callsStarted: 779 }), live, DASHBOARDS)).to.deep.equal([
      '779 calls placed of 900 asked (generator behind)',
    ]);
    expect(whyNotHeld(10, goodStep({ callsStarted: 780 }), live, DASHBOARDS)).to.deep.equal([]);
  });

  it('does not hold when a dashboard stream dropped, a probe failed or views never arrived', () => {
    // 90 probes × 20 dashboards = 1,800 views; the last 2 probes' 40 may arrive in the next interval.
    const short = { ...live, dropped: 1, failedProbes: 2, latencyMs: latency(300, 1800 - 41) };
    expect(whyNotHeld(10, goodStep(), short, DASHBOARDS)).to.deep.equal([
      '1 dashboard streams dropped',
      '2 probe changes failed',
      '41 of 1800 probe views never arrived',
    ]);
    expect(whyNotHeld(10, goodStep(), { ...live, latencyMs: latency(300, 1800 - 40) }, DASHBOARDS)).to.deep.equal([]);
  });

  it('does not hold when nothing was measured', () => {
    expect(
      whyNotHeld(
        10,
        goodStep({ webhooks: 0, routingMs: latency(0, 0) }),
        { updates: 0, latencyMs: latency(0, 0), probes: 0, dropped: 0, failedProbes: 0 },
        DASHBOARDS,
      ),
    ).to.deep.equal(['no webhook answered', 'no caller was routed to an agent', 'no live-stream update reached the dashboards']);
  });
});

describe('capacity bench: agents seeded', () => {
  const mix = {
    selfService: 0.6,
    silentAtFirstMenu: 0.1,
    patienceMeanSeconds: 300,
    ringSeconds: [2, 6] as [number, number],
    talkMeanSeconds: 240,
    callbackShare: 0,
  };

  it('staffs 10 % above the offered erlangs of the queued calls', () => {
    // 50/s × 40 % queued × (4 s ring + 240 s talk + 10 s wrap-up) = 5,080 erlangs; × 1.1 = 5,588.
    expect(agentsFor(50, mix, 10)).to.equal(5588);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => agentsFor(0, mix, 10)).to.throw(/positive number of calls per second, not 0/);
  });
});
