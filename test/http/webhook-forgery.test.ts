import { expect } from 'chai';
import twilio from 'twilio';
import { resetDatabase, testDatabase } from '../support/database.js';
import { AUTH_TOKEN, startTestServer, type TestServer } from '../support/server.js';
import { signedPost, sid, voiceParams } from '../support/signed-post.js';
import { placeCall } from '../support/twilio-driver.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

async function refusals(server: TestServer, reason: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const m = new RegExp(`^switchboard_webhook_refusals_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

const callRow = async (callSid: string) =>
  (await testDatabase().pool.query('SELECT seq, state, from_number, to_number FROM calls WHERE call_sid = $1', [callSid])).rows[0];

describe('forged webhooks: spliced parameters, other accounts, port-stripped URLs', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ now: () => MONDAY_10AM })));
  after(() => server.close());
  beforeEach(resetDatabase);

  describe('request splicing (names and values are signed without separators)', () => {
    it('a webhook re-split so that From swallows To carries the same signature, and is refused with the call untouched', async () => {
      const call = await placeCall(server);
      const before = await callRow(call.sid);
      const genuine = voiceParams(call.sid, { Digits: '1' });
      // "From" + "+15551230000" + "To" + "+18005550100" is the same string as "From" + "+15551230000To+18005550100".
      const { To, ...rest } = genuine;
      const spliced = { ...rest, From: `${genuine.From}To${To}` };
      const url = `${server.config.publicBaseUrl}/voice/gather?seq=1`;
      expect(twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, spliced)).to.equal(
        twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, genuine),
      );

      const res = await signedPost(server, '/voice/gather?seq=1', spliced);
      expect(res.status).to.equal(403);
      expect(res.body).to.equal('From, To do not match this call');
      expect(await callRow(call.sid)).to.deep.equal(before);
      expect(await refusals(server, 'call-mismatch')).to.be.greaterThan(0);
      // The genuine request still moves the call.
      expect((await signedPost(server, '/voice/gather?seq=1', genuine)).status).to.equal(200);
      expect((await callRow(call.sid)).state).to.equal('main-menu');
    });

    it('a signed webhook for a known call with another caller or dialled number is refused on every route', async () => {
      const call = await placeCall(server);
      const before = await callRow(call.sid);
      for (const [route, extra] of [
        ['/voice/gather?seq=1', { Digits: '1', From: '+12125550123' }],
        ['/voice/no-input?seq=1', { To: '+18005550199' }],
        ['/voice/recover', { From: 'anonymous' }],
        ['/voice/incoming', { To: '+18005550199' }],
      ] as const) {
        const res = await signedPost(server, route, voiceParams(call.sid, extra));
        expect(res.status, route).to.equal(403);
      }
      expect(await callRow(call.sid)).to.deep.equal(before);
    });

    it('a status callback spliced from another caller does not end the call', async () => {
      const call = await placeCall(server);
      const res = await signedPost(
        server,
        '/voice/status',
        voiceParams(call.sid, { From: '+12125550123', CallStatus: 'completed', CallDuration: '5' }),
      );
      expect(res.status).to.equal(403);
      const { rows } = await testDatabase().pool.query('SELECT ended_at FROM calls WHERE call_sid = $1', [call.sid]);
      expect(rows[0].ended_at).to.equal(null);
      expect(
        (await signedPost(server, '/voice/status', voiceParams(call.sid, { CallStatus: 'completed', CallDuration: '5' }))).status,
      ).to.equal(204);
    });
  });

  describe('AccountSid must be the configured TWILIO_ACCOUNT_SID', () => {
    const otherAccount = 'AC' + 'b'.repeat(32);

    it('a webhook signed with our token for another account is refused and no call is created', async () => {
      const before = await refusals(server, 'account');
      const res = await signedPost(server, '/voice/incoming', voiceParams(sid(7), { AccountSid: otherAccount }));
      expect(res.status).to.equal(403);
      expect(res.body).to.equal('AccountSid is not this account');
      expect(await callRow(sid(7))).to.equal(undefined);
      expect(await refusals(server, 'account')).to.equal(before + 1);
    });

    it('an agent-leg webhook for another account is refused too', async () => {
      const res = await signedPost(server, '/voice/agent/whisper?assignment=1', voiceParams(sid(8), { AccountSid: otherAccount }));
      expect(res.status).to.equal(403);
    });

    it('a missing AccountSid is refused', async () => {
      const { AccountSid: _, ...params } = voiceParams(sid(9));
      expect((await signedPost(server, '/voice/incoming', params)).status).to.equal(403);
    });
  });

  describe('the URL signed must be PUBLIC_BASE_URL, with only the default port added or removed', () => {
    it('a signature over the URL with a non-default port stripped is refused', async () => {
      const stripped = server.config.publicBaseUrl.replace(/:\d+$/, '');
      expect(stripped).to.not.equal(server.config.publicBaseUrl);
      const res = await signedPost(server, '/voice/incoming', voiceParams(sid(10)), { signedUrl: `${stripped}/voice/incoming` });
      expect(res.status).to.equal(403);
      expect(await callRow(sid(10))).to.equal(undefined);
      expect(await refusals(server, 'bad-signature')).to.be.greaterThan(0);
    });

    it('the same when another port is put in its place', async () => {
      const other = server.config.publicBaseUrl.replace(/:\d+$/, ':443');
      expect((await signedPost(server, '/voice/incoming', voiceParams(sid(11)), { signedUrl: `${other}/voice/incoming` })).status).to.equal(
        403,
      );
    });

    describe('https on the default port', () => {
      let https: TestServer;
      before(async () => (https = await startTestServer({ now: () => MONDAY_10AM, env: { PUBLIC_BASE_URL: 'https://ivr.example.com' } })));
      after(() => https.close());

      it('accepts the URL as configured and with :443 added (Twilio documents both)', async () => {
        expect((await signedPost(https, '/voice/incoming', voiceParams(sid(12)))).status).to.equal(200);
        expect(
          (await signedPost(https, '/voice/incoming', voiceParams(sid(13)), { signedUrl: 'https://ivr.example.com:443/voice/incoming' }))
            .status,
        ).to.equal(200);
      });

      it('refuses :80, http, or another port', async () => {
        for (const base of ['https://ivr.example.com:80', 'http://ivr.example.com', 'https://ivr.example.com:8443']) {
          const res = await signedPost(https, '/voice/incoming', voiceParams(sid(14)), { signedUrl: `${base}/voice/incoming` });
          expect(res.status, base).to.equal(403);
        }
      });
    });

    describe('https on another port', () => {
      let https: TestServer;
      before(
        async () => (https = await startTestServer({ now: () => MONDAY_10AM, env: { PUBLIC_BASE_URL: 'https://ivr.example.com:8443' } })),
      );
      after(() => https.close());

      it('refuses the URL with the port removed, or replaced by 443', async () => {
        expect((await signedPost(https, '/voice/incoming', voiceParams(sid(15)))).status).to.equal(200);
        for (const base of ['https://ivr.example.com', 'https://ivr.example.com:443']) {
          const res = await signedPost(https, '/voice/incoming', voiceParams(sid(16)), { signedUrl: `${base}/voice/incoming` });
          expect(res.status, base).to.equal(403);
        }
      });
    });
  });
});
