import { expect } from 'chai';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { staffOnBreak } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedPost, sid, voiceParams } from '../support/signed-post.js';
import { placeCall } from '../support/twilio-driver.js';

const ROUTES = [
  '/voice/incoming',
  '/voice/gather?seq=1',
  '/voice/no-input?seq=2',
  '/voice/queue-wait?seq=3',
  '/voice/queue-key?seq=3',
  '/voice/queue-result?seq=3',
  '/voice/connect?assignment=1',
  '/voice/dial-result?seq=4',
  '/voice/recorded?seq=5',
  '/voice/fallback',
  '/voice/agent/whisper?assignment=1',
  '/voice/agent/whisper-accept?assignment=99',
  '/voice/agent/callback-result?assignment=abc',
];
const PARAMS = [
  'CallSid',
  'AccountSid',
  'From',
  'To',
  'CallStatus',
  'Digits',
  'SpeechResult',
  'Confidence',
  'QueueResult',
  'QueuePosition',
  'QueueTime',
  'DialCallStatus',
  'DialCallDuration',
  'RecordingUrl',
  'RecordingDuration',
  'ErrorCode',
  'ErrorUrl',
];

/** Hostile values: huge, unicode, control characters, SQL and XML lookalikes, numbers where text goes. */
const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ minLength: 5_000, maxLength: 20_000 }),
  fc.constantFrom(
    "'; DROP TABLE calls; --",
    '" OR 1=1 --',
    '<Response><Hangup/></Response>',
    ']]>&amp;<',
    '\u0000\u0001\u001f',
    '%00',
    '../../etc/passwd',
    '${jndi:ldap://x}',
    '-1',
    '1e309',
    'NaN',
    '99999999999999999999',
    '*',
    '#',
    '',
  ),
  fc.integer().map(String),
);

describe('hardening: hostile webhook bodies (fast-check)', function () {
  this.timeout(120_000);
  let server: TestServer;
  let liveCall: string;
  before(async () => {
    server = await startTestServer({ now: () => Date.parse('2026-11-23T15:00:00Z') });
    await resetDatabase();
    await staffOnBreak();
    liveCall = (await placeCall(server)).sid;
  });
  after(() => server.close());

  it('never a 5xx on a voice route, always well-formed TwiML with a <Response> root', async () => {
    const callSid = fc.oneof(fc.constant(liveCall), fc.constant(sid(424242)), fc.constant(undefined), hostile);
    const body = fc.record({
      route: fc.constantFrom(...ROUTES),
      callSid,
      extra: fc.dictionary(fc.constantFrom(...PARAMS, 'Unknown', 'digits'), hostile, { maxKeys: 8 }),
    });
    await fc.assert(
      fc.asyncProperty(body, async ({ route, callSid, extra }) => {
        const params = { ...voiceParams(callSid ?? ''), ...extra };
        if (callSid === undefined) delete (params as Record<string, string>).CallSid;
        const res = await signedPost(server, route, params);
        expect(res.status, `${route} ${JSON.stringify(params).slice(0, 200)}`).to.be.lessThan(500);
        if (res.status === 200) {
          expect(res.contentType).to.match(/^text\/xml/);
          expect(XMLValidator.validate(res.body), res.body.slice(0, 200)).to.equal(true);
          expect(res.body).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?><Response[ />]/);
        } else {
          expect([204, 400, 403, 404, 413]).to.include(res.status);
        }
      }),
      { numRuns: 400, seed: 20261122 },
    );
  });

  it('afterwards the data is intact and calls go on as before', async () => {
    // The fuzzed call may have been stepped or ended by the bodies above, but only into real states.
    const { rows } = await testDatabase().pool.query('SELECT state FROM calls WHERE call_sid = $1', [liveCall]);
    expect(rows).to.have.length(1);
    const states = Object.keys(server.registry.forNumber('+18005550100')!.machine.config.states ?? {});
    expect([...states, '$ended']).to.include(rows[0].state);
    const fresh = await placeCall(server);
    await fresh.press('1');
    fresh.expectHeard('For billing, press 1.');
  });
});
