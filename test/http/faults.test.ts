import { expect } from 'chai';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedPost, sid, voiceParams } from '../support/signed-post.js';
import { flowWithLookup } from '../support/lookup-flow.js';
import { placeCall } from '../support/twilio-driver.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');
const fallbackGeneral = (base: string) =>
  '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">We are sorry, we are having technical difficulties. Please hold while we connect you.</Say>' +
  `<Enqueue waitUrl="${base}/voice/fallback-wait" waitUrlMethod="POST">general</Enqueue><Redirect method="POST">${base}/voice/recover</Redirect></Response>`;

describe('faults: the caller always gets valid TwiML, never a 5xx', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ now: () => MONDAY_10AM })));
  after(() => server.close());
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;

  it('when the database fails mid-call, the webhook answers the fallback; once it is back the call goes on', async () => {
    const call = await placeCall(server);
    await db().query('ALTER TABLE calls RENAME TO calls_away');
    try {
      const res = await signedPost(server, '/voice/gather?seq=1', voiceParams(call.sid, { Digits: '1' }));
      expect(res.status).to.equal(200);
      expect(res.contentType).to.match(/^text\/xml/);
      expect(res.body).to.equal(fallbackGeneral(server.config.publicBaseUrl));
    } finally {
      await db().query('ALTER TABLE calls_away RENAME TO calls');
    }
    await call.press('1');
    call.expectHeard('For billing, press 1.');
  });

  it('a call row with a broken state answers the fallback and logs the fault on the call', async () => {
    const call = await placeCall(server);
    await db().query(`UPDATE calls SET state = 'no-such-step' WHERE call_sid = $1`, [call.sid]);
    const res = await signedPost(server, '/voice/gather?seq=1', voiceParams(call.sid, { Digits: '1' }));
    expect(res.status).to.equal(200);
    expect(res.body).to.equal(fallbackGeneral(server.config.publicBaseUrl));
    // The fault is noted after the caller has been answered.
    await server.sessions.lateWorkDone();
    const faults = await db().query(`SELECT detail FROM call_events WHERE call_sid = $1 AND kind = 'fault'`, [call.sid]);
    expect(faults.rowCount).to.equal(1);
  });

  it('an unknown CallSid on a step URL answers the fallback', async () => {
    const res = await signedPost(server, '/voice/gather?seq=3', voiceParams(sid(999), { Digits: '1' }));
    expect(res.status).to.equal(200);
    expect(res.body).to.equal(fallbackGeneral(server.config.publicBaseUrl));
  });

  it('inside Twilio\u2019s queue (waitUrl TwiML, no <Enqueue> allowed) a fault answers hold music: the caller keeps their place', async () => {
    const call = await placeCall(server);
    await db().query('ALTER TABLE calls RENAME TO calls_away');
    try {
      for (const route of ['queue-wait?seq=1', 'queue-key?seq=1']) {
        const res = await signedPost(server, `/voice/${route}`, voiceParams(call.sid, { Digits: '*', QueueTime: '12' }));
        expect(res.status, route).to.equal(200);
        expect(res.body, route).to.match(/^<\?xml[^>]*><Response><Play>[^<]+<\/Play><\/Response>$/);
      }
    } finally {
      await db().query('ALTER TABLE calls_away RENAME TO calls');
    }
    const unknown = await signedPost(server, '/voice/queue-wait?seq=1', voiceParams(sid(998), { QueueTime: '3' }));
    expect(unknown.body).to.not.include('<Enqueue');
  });

  for (const [what, params] of [
    ['a missing CallSid', { AccountSid: 'AC' + 'a'.repeat(32), From: '+15551230000', To: '+18005550100' }],
    ['a malformed CallSid', voiceParams("CA' OR 1=1 --")],
    ['letters in Digits', voiceParams(sid(5), { Digits: 'abc' })],
  ] as const) {
    it(`a signed webhook with ${what} answers the fallback (200, TwiML)`, async () => {
      const res = await signedPost(server, '/voice/gather?seq=1', params as Record<string, string>);
      expect(res.status).to.equal(200);
      expect(res.body).to.equal(fallbackGeneral(server.config.publicBaseUrl));
    });
  }

  it("Twilio's Fallback URL answers the fallback TwiML and notes the error on the call", async () => {
    const call = await placeCall(server);
    const res = await signedPost(
      server,
      '/voice/fallback',
      voiceParams(call.sid, { ErrorCode: '11205', ErrorUrl: `${server.config.publicBaseUrl}/voice/gather?seq=1` }),
    );
    expect(res.status).to.equal(200);
    // Twilio says which number was called: the apology is in the voice of the flow answering it.
    expect(res.body).to.equal(
      fallbackGeneral(server.config.publicBaseUrl).replace('<Say language="en-US">', '<Say language="en-US" voice="Polly.Joanna">'),
    );
    await server.sessions.lateWorkDone();
    const { rows } = await db().query(`SELECT detail->>'message' AS m FROM call_events WHERE call_sid = $1 AND kind = 'fault'`, [call.sid]);
    expect(rows).to.deep.equal([{ m: `Twilio error 11205 on ${server.config.publicBaseUrl}/voice/gather?seq=1` }]);
  });

  it('an unknown voice path is a 404, not a 5xx', async () => {
    const res = await signedPost(server, '/voice/nope', voiceParams(sid(6)));
    expect(res.status).to.equal(404);
  });

  describe('with FALLBACK_NUMBER and a webhook that hangs', () => {
    let slow: TestServer;
    before(async () => {
      slow = await startTestServer({
        env: { FALLBACK_NUMBER: '+15550001111' },
        now: () => MONDAY_10AM,
        deadlineMs: 300,
        lookup: () => new Promise(() => {}), // a data source that never answers
        flowsDir: await flowWithLookup(),
      });
    });
    after(() => slow.close());

    it('answers the fallback number before Twilio gives up', async () => {
      const t0 = Date.now();
      const res = await signedPost(slow, '/voice/incoming', voiceParams(sid(7)));
      expect(Date.now() - t0).to.be.lessThan(2000);
      expect(res.body).to.equal(
        '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">We are sorry, we are having technical difficulties. Please hold while we connect you.</Say><Dial>+15550001111</Dial></Response>',
      );
    });
  });

  describe('when no flow answers the dialled number and none is the default', () => {
    let bare: TestServer;
    before(async () => (bare = await startTestServer({ flowsDir: await mkdtemp(path.join(os.tmpdir(), 'no-flows-')) })));
    after(() => bare.close());

    it('the caller gets the fallback', async () => {
      const res = await signedPost(bare, '/voice/incoming', voiceParams(sid(8)));
      expect(res.body).to.equal(fallbackGeneral(bare.config.publicBaseUrl));
    });
  });
});
