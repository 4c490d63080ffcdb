import { expect } from 'chai';
import { ConfigError, parseConfig } from '../src/config.js';
import { checkTransferNumber } from '../src/routing/transfer-policy.js';

const TOKEN = { TWILIO_AUTH_TOKEN: 'token-123456' };

describe('TRANSFER_NUMBERS: where agents may transfer callers', () => {
  it('reads numbers and `*` prefixes; a number is allowed when it is one or starts with one', () => {
    const { transferNumbers } = parseConfig({ ...TOKEN, TRANSFER_NUMBERS: '+15557770001, +1800*' });
    expect(transferNumbers).to.deep.equal([{ number: '+15557770001' }, { prefix: '+1800' }]);
    expect(checkTransferNumber('+15557770001', transferNumbers)).to.deep.equal({ ok: true });
    expect(checkTransferNumber('+18005550199', transferNumbers)).to.deep.equal({ ok: true });
    expect(checkTransferNumber('+15557770002', transferNumbers)).to.deep.equal({
      ok: false,
      problem: '+15557770002 is not a number this centre allows transfers to',
    });
  });

  it('allows none by default, and says so', () => {
    expect(parseConfig(TOKEN).transferNumbers).to.deep.equal([]);
    expect(checkTransferNumber('+18005550199', [])).to.deep.equal({
      ok: false,
      problem: 'transfers to numbers are not allowed in this centre (TRANSFER_NUMBERS is not set)',
    });
  });

  it('refuses an entry that is neither a number nor a prefix, naming it', () => {
    expect(() => parseConfig({ ...TOKEN, TRANSFER_NUMBERS: '+1800*,1555' }))
      .to.throw(ConfigError)
      .with.property('message')
      .that.includes("TRANSFER_NUMBERS: '1555' is neither an E.164 number such as +15551234567 nor a prefix such as +1800*");
  });
});
