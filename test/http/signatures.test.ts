import { expect } from 'chai';
import { TwilioCall } from '../../src/emulator/twilio-call.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { ACCOUNT_SID, AUTH_TOKEN, startTestServer, type TestServer } from '../support/server.js';
import { signedPost, sid, voiceParams } from '../support/signed-post.js';
import { placeCall } from '../support/twilio-driver.js';

describe('X-Twilio-Signature on every Twilio-facing route', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ now: () => Date.parse('2026-11-23T15:00:00Z') })));
  after(() => server.close());
  beforeEach(resetDatabase);

  const callRow = async (callSid: string) =>
    (await testDatabase().pool.query('SELECT seq, state FROM calls WHERE call_sid = $1', [callSid])).rows[0];

  for (const route of ['/voice/incoming', '/voice/gather?seq=1', '/voice/status', '/voice/fallback', '/voice/queue-wait?seq=1']) {
    it(`${route}: a missing signature is refused with 403`, async () => {
      const res = await signedPost(server, route, voiceParams(sid(1)), { signature: null });
      expect(res.status).to.equal(403);
      expect(res.body).to.equal('X-Twilio-Signature header is missing');
    });
  }

  it('a signature made with another auth token is refused and no call is created', async () => {
    const res = await signedPost(server, '/voice/incoming', voiceParams(sid(2)), { token: 'not-the-token' });
    expect(res.status).to.equal(403);
    expect(res.body).to.equal('Twilio signature does not match this request');
    expect(await callRow(sid(2))).to.equal(undefined);
  });

  it('a signed request replayed with changed parameters is refused and the call does not move', async () => {
    const call = await placeCall(server);
    const before = await callRow(call.sid);
    const original = voiceParams(call.sid, { Digits: '1' });
    const res = await signedPost(server, '/voice/gather?seq=1', { ...original, Digits: '2' }, { signedParams: original });
    expect(res.status).to.equal(403);
    expect(await callRow(call.sid)).to.deep.equal(before);
    // The untouched request still works.
    expect((await signedPost(server, '/voice/gather?seq=1', original)).status).to.equal(200);
    expect(await callRow(call.sid)).to.deep.equal({ seq: 2, state: 'main-menu' });
  });

  it('a signature over a different URL (query changed) is refused', async () => {
    const call = await placeCall(server);
    const params = voiceParams(call.sid, { Digits: '1' });
    const res = await signedPost(server, '/voice/gather?seq=1', params, { signedUrl: `${server.config.publicBaseUrl}/voice/gather?seq=2` });
    expect(res.status).to.equal(403);
  });

  describe('behind a proxy: signatures are checked against PUBLIC_BASE_URL, not the Host header', () => {
    let proxied: TestServer;
    before(async () => (proxied = await startTestServer({ env: { PUBLIC_BASE_URL: 'https://ivr.example.com' } })));
    after(() => proxied.close());

    it('accepts a call signed for the public URL though it arrives on 127.0.0.1, and puts the public URL in TwiML', async () => {
      const call = await TwilioCall.dial({
        baseUrl: 'https://ivr.example.com',
        transportUrl: proxied.url,
        authToken: AUTH_TOKEN,
        accountSid: ACCOUNT_SID,
        from: '+15551230000',
        to: '+18005550100',
      });
      expect(call.faults).to.deep.equal([]);
      expect(call.lastRequest!.body).to.include('action="https://ivr.example.com/voice/gather?seq=1"');
      await call.press('1');
      expect(call.faults).to.deep.equal([]);
    });

    it('refuses a request signed for the address it really arrived on', async () => {
      const res = await signedPost(proxied, '/voice/incoming', voiceParams(sid(3)), { signedUrl: `${proxied.url}/voice/incoming` });
      expect(res.status).to.equal(403);
    });
  });

  describe('TWILIO_SIGNATURE_CHECK=off (local development only)', () => {
    let open: TestServer;
    before(async () => (open = await startTestServer({ env: { TWILIO_SIGNATURE_CHECK: 'off' } })));
    after(() => open.close());

    it('accepts unsigned webhooks', async () => {
      const res = await signedPost(open, '/voice/incoming', voiceParams(sid(4)), { signature: null });
      expect(res.status).to.equal(200);
      expect(res.body).to.include('Thank you for calling Acme.');
    });
  });

  it('the signature check uses the twilio package (test vector from the Twilio reference)', async () => {
    const twilio = (await import('twilio')).default;
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
    expect(twilio.getExpectedTwilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).to.equal(
      'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
    );
    expect(twilio.validateRequest('12345', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).to.equal(
      true,
    );
  });
});
