import { expect } from 'chai';
import { percentiles } from '../../../bench/capacity/percentiles.js';

describe('bench capacity: latency percentiles', () => {
  it('takes the nearest rank of the sorted values, whatever their order', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i); // 1000 … 1
    expect(percentiles(values)).to.deep.equal({ count: 1000, p50: 501, p99: 991, p999: 1000, max: 1000 });
    expect(values[0]).to.equal(1000); // not sorted in place
  });

  it('is all zeros for no values', () => {
    expect(percentiles([])).to.deep.equal({ count: 0, p50: 0, p99: 0, p999: 0, max: 0 });
  });
});
