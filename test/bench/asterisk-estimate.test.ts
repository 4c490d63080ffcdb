import { expect } from 'chai';
import { asteriskAnnouncedMinutes, asteriskHoldtime } from '../../bench/asterisk-estimate.js';

describe("bench: Asterisk app_queue's hold-time estimate, as the wait-estimate comparison runs it", () => {
  it('recalc_holdtime: three quarters of the old hold time plus a quarter of the new, in whole seconds (shifts)', () => {
    // (3 × 0 + 100) >> 2 = 25; (3 × 25 + 100) >> 2 = 175 >> 2 = 43; (3 × 43 + 0) >> 2 = 129 >> 2 = 32; (3 × 32 + 300) >> 2 = 99.
    const seen = [100, 100, 0, 300];
    const holdtimes: number[] = [];
    let h = 0;
    for (const wait of seen) holdtimes.push((h = asteriskHoldtime(h, wait)));
    expect(holdtimes).to.deep.equal([25, 43, 32, 99]);
    expect(asteriskHoldtime(7, 0)).to.equal(5); // 21 >> 2 = 5: rounded down, not to the nearest
  });

  it('say_position: the hold time less what the caller waited, +30 s, divided by 60 toward zero, then its absolute value', () => {
    expect(asteriskAnnouncedMinutes(300, 0)).to.equal(5); // 330 / 60 = 5
    expect(asteriskAnnouncedMinutes(300, 60)).to.equal(4); // 270 / 60 = 4
    expect(asteriskAnnouncedMinutes(89, 0)).to.equal(1); // 119 / 60 = 1
    expect(asteriskAnnouncedMinutes(29, 0)).to.equal(0); // 59 / 60 = 0: no hold time announced
    expect(asteriskAnnouncedMinutes(120, 200)).to.equal(0); // -50 / 60 = 0 (toward zero)
    expect(asteriskAnnouncedMinutes(120, 300)).to.equal(2); // -150 / 60 = -2, abs: a long waiter hears 2 minutes again
  });
});
