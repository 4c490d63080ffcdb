import { expect } from 'chai';
import { waitEstimateRows } from '../../bench/wait-estimate-rows.js';
import { benchWaitEstimates } from '../../bench/wait-estimates.js';
import { resetDatabase, testDatabase } from '../support/database.js';

describe('bench: the wait-estimate section runs (a short day; the figures are `npm run bench`’s)', () => {
  beforeEach(resetDatabase);

  it('scores both estimators on the same announcements and makes its table rows', async function () {
    this.timeout(120_000);
    const e = await benchWaitEstimates(testDatabase().pool, 0.5);
    expect(e.calls).to.be.greaterThan(50);
    expect(e.announcements).to.be.greaterThan(0);
    for (const errors of [e.spoken.ours, e.spoken.asterisk, e.raw.ours, e.raw.asterisk]) {
      expect(errors.meanAbsolute).to.be.a('number').and.satisfy(Number.isFinite);
      expect(errors.p90Absolute).to.be.at.least(0);
      expect(Math.abs(errors.bias)).to.be.at.most(errors.meanAbsolute + 1e-9);
    }
    const rows = waitEstimateRows(e);
    expect(rows.map((r) => r[0])).to.deep.equal(Array(4).fill('6 wait estimates'));
    expect(rows[0][3]).to.match(/^MAE -?\d+% smaller, P90 -?\d+% smaller \(goal: smaller\)$/);
  });
});
