import { expect } from 'chai';
import { atLeast, atMost, judgeTargets, type KpiTargets } from '../../src/reports/target-status.js';

const TARGETS: KpiTargets = {
  serviceLevel: 0.8,
  serviceLevelSeconds: 20,
  serviceLevelFormula: null,
  asaSeconds: 30,
  abandonRate: 0.05,
  nps: 30,
  csat: 0.85,
};
const NONE = { serviceLevel: null, asaSeconds: null, abandonRate: null, nps: null, csat: null };

describe('KPI targets: met, close, missed (src/reports/target-status.ts)', () => {
  it('service level: met from the target up, close within 5 points below, missed beyond', () => {
    const sl = (v: number) => judgeTargets({ ...NONE, serviceLevel: v }, TARGETS).serviceLevel;
    expect([1, 0.8, 0.7999, 0.75, 0.7499, 0].map(sl)).to.deep.equal(['met', 'met', 'close', 'close', 'missed', 'missed']);
  });

  it('ASA: met up to the target, close up to 10 % over, missed beyond', () => {
    const asa = (v: number) => judgeTargets({ ...NONE, asaSeconds: v }, TARGETS).asa;
    expect([0, 30, 30.1, 33, 33.1, 120].map(asa)).to.deep.equal(['met', 'met', 'close', 'close', 'missed', 'missed']);
  });

  it('abandonment: met up to the target, close up to 1 point over, missed beyond', () => {
    const ab = (v: number) => judgeTargets({ ...NONE, abandonRate: v }, TARGETS).abandonRate;
    expect([0, 0.05, 0.055, 0.06, 0.0601, 0.5].map(ab)).to.deep.equal(['met', 'met', 'close', 'close', 'missed', 'missed']);
  });

  it('NPS and CSAT: close within 5 points below', () => {
    const j = (nps: number, csat: number) => judgeTargets({ ...NONE, nps, csat }, TARGETS);
    expect(j(30, 0.85)).to.include({ nps: 'met', csat: 'met' });
    expect(j(25, 0.8)).to.include({ nps: 'close', csat: 'close' });
    expect(j(24.9, 0.79)).to.include({ nps: 'missed', csat: 'missed' });
  });

  it('nothing to judge: null for no value (0 calls) or no target, never "missed"', () => {
    expect(judgeTargets(NONE, TARGETS)).to.deep.equal({ serviceLevel: null, asa: null, abandonRate: null, nps: null, csat: null });
    const noTargets = { ...TARGETS, asaSeconds: null, abandonRate: null, nps: null, csat: null };
    expect(judgeTargets({ serviceLevel: 0, asaSeconds: 999, abandonRate: 1, nps: -100, csat: 0 }, noTargets)).to.deep.equal({
      serviceLevel: 'missed',
      asa: null,
      abandonRate: null,
      nps: null,
      csat: null,
    });
    expect(atLeast(null, 0.8, 0.05)).to.equal(null);
    expect(atMost(0, null, 1)).to.equal(null);
  });
});
