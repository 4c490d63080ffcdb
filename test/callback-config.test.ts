import { expect } from 'chai';
import { ConfigError, parseConfig } from '../src/config.js';
import { DEFAULT_BLOCKED_PREFIXES } from '../src/flows/callback-policy.js';

const TOKEN = { TWILIO_AUTH_TOKEN: 'real-token-abcdef' };

describe('configuration: the callback policy', () => {
  it('CALLBACK_COUNTRIES and CALLBACK_BLOCKED_PREFIXES add to the built-in premium and satellite ranges', () => {
    const c = parseConfig({ ...TOKEN, CALLBACK_COUNTRIES: 'us, ca,US', CALLBACK_BLOCKED_PREFIXES: '+1242,+44871' });
    expect(c.callbacks).to.deep.equal({ countries: ['US', 'CA'], blockedPrefixes: [...DEFAULT_BLOCKED_PREFIXES, '+1242', '+44871'] });
  });

  for (const [env, message] of [
    [{ CALLBACK_COUNTRIES: 'US,XX' }, "CALLBACK_COUNTRIES: 'XX' is not a country code such as US, CA or MX"],
    [{ CALLBACK_COUNTRIES: 'USA' }, "CALLBACK_COUNTRIES: 'USA' is not a country code such as US, CA or MX"],
    [{ CALLBACK_COUNTRIES: ',' }, 'CALLBACK_COUNTRIES: give at least one country code, or leave it unset'],
    [{ CALLBACK_BLOCKED_PREFIXES: '1900' }, "CALLBACK_BLOCKED_PREFIXES: '1900' is not an E.164 prefix such as +1900 or +44871"],
    [{ CALLBACK_BLOCKED_PREFIXES: '+1900,+44 871' }, "CALLBACK_BLOCKED_PREFIXES: '+44 871' is not an E.164 prefix such as +1900 or +44871"],
  ] as const) {
    it(`${JSON.stringify(env)} is refused: ${message}`, () => {
      expect(() => parseConfig({ ...TOKEN, ...env })).to.throw(ConfigError, message);
    });
  }
});
