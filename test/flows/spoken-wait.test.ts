import { expect } from 'chai';
import { spokenWait } from '../../src/flows/sentences/spoken.js';

describe('queue announcements: the wait a caller hears, and the figure it is scored as', () => {
  it('under a minute is "less than a minute" (scored 30 s); else about N minutes to the nearest minute (N × 60 s)', () => {
    const heard = [0, 59, 60, 89, 90, 149, 150, 1799].map((eta) => [eta, spokenWait(eta)]);
    expect(heard).to.deep.equal([
      [0, { minutes: 0, seconds: 30 }],
      [59, { minutes: 0, seconds: 30 }],
      [60, { minutes: 1, seconds: 60 }],
      [89, { minutes: 1, seconds: 60 }],
      [90, { minutes: 2, seconds: 120 }],
      [149, { minutes: 2, seconds: 120 }],
      [150, { minutes: 3, seconds: 180 }],
      [1799, { minutes: 30, seconds: 1800 }],
    ]);
  });
});
