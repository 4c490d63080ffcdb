import { expect } from 'chai';
import { ConfigError, parseConfig } from '../src/config.js';

describe('SWITCHBOARD_CLOCK (answer calls as if it were another moment)', () => {
  const base = { TWILIO_AUTH_TOKEN: 'test-auth-token-0123456789' };

  it('takes a date and time with its UTC offset', () => {
    expect(parseConfig({ ...base, SWITCHBOARD_CLOCK: '2026-12-25T22:00:00-05:00' }).clockOverride).to.deep.equal({
      startsAt: Date.parse('2026-12-26T03:00:00Z'),
      text: '2026-12-25T22:00:00-05:00',
    });
    expect(parseConfig(base).clockOverride).to.equal(undefined);
  });

  it('refuses a time without an offset (whose zone would be a guess) or no time at all', () => {
    for (const bad of ['2026-12-25T22:00', 'Christmas', '2026-13-40T22:00:00Z'])
      expect(() => parseConfig({ ...base, SWITCHBOARD_CLOCK: bad }), bad).to.throw(
        ConfigError,
        'SWITCHBOARD_CLOCK: must be a date and time with its UTC offset, such as 2026-12-25T22:00:00-05:00',
      );
  });
});
