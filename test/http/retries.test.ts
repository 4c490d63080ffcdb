import { expect } from 'chai';
import { staffOnBreak } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedPost, voiceParams } from '../support/signed-post.js';
import { placeCall } from '../support/twilio-driver.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

describe("Twilio's retries and late requests", () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ now: () => MONDAY_10AM })));
  after(() => server.close());
  beforeEach(async () => {
    await resetDatabase();
    // Someone is logged in (on a break), so callers wait in the queues instead of overflowing.
    await staffOnBreak();
  });

  const db = () => testDatabase().pool;
  const snapshot = async (callSid: string) => {
    const call = (await db().query('SELECT seq, state, context FROM calls WHERE call_sid = $1', [callSid])).rows[0];
    const events = (await db().query('SELECT count(*)::int AS n FROM call_events WHERE call_sid = $1', [callSid])).rows[0].n;
    return { ...call, events };
  };

  it('the first webhook retried (same idempotency token) gets the same TwiML and creates one call', async () => {
    const call = await placeCall(server);
    const first = call.twilio.lastRequest!;
    const before = await snapshot(call.sid);
    const retry = await call.twilio.retryLastRequest();
    expect(retry.status).to.equal(200);
    expect(retry.body).to.equal(first.body);
    expect(await snapshot(call.sid)).to.deep.equal(before);
    expect((await db().query('SELECT count(*)::int AS n FROM calls')).rows[0].n).to.equal(1);
  });

  it('a menu choice retried gets the same answer and moves the call once', async () => {
    const call = await placeCall(server);
    await call.press('1');
    await call.press('1'); // billing
    const answer = call.twilio.lastRequest!;
    const before = await snapshot(call.sid);
    expect(before.state).to.equal('billing');
    const retry = await call.twilio.retryLastRequest();
    expect(retry.body).to.equal(answer.body);
    expect(await snapshot(call.sid)).to.deep.equal(before);
    const queued = await db().query(`SELECT count(*)::int AS n FROM call_events WHERE call_sid = $1 AND kind = 'queued'`, [call.sid]);
    expect(queued.rows[0].n).to.equal(1);
  });

  it('the same URL and parameters with a new idempotency token is still recognised as the same request', async () => {
    const call = await placeCall(server);
    const params = voiceParams(call.sid, { Digits: '2' });
    const a = await signedPost(server, '/voice/gather?seq=1', params, { idempotencyToken: 'token-a' });
    const state = await snapshot(call.sid);
    const b = await signedPost(server, '/voice/gather?seq=1', params, { idempotencyToken: 'token-b' });
    expect(b.body).to.equal(a.body);
    expect(await snapshot(call.sid)).to.deep.equal(state);
    expect(state.seq).to.equal(2);
  });

  it('a survey answer retried is stored once', async () => {
    const call = await placeCall(server);
    await call.press('1');
    await call.press('2');
    await call.queueResult('bridged');
    await call.press('3');
    await call.twilio.retryLastRequest();
    await call.twilio.retryLastRequest();
    const { rows } = await db().query('SELECT score FROM survey_responses WHERE call_sid = $1', [call.sid]);
    expect(rows).to.deep.equal([{ score: 3 }]);
  });

  it('a late request for a step the call has left is answered with where the call is now, without moving it', async () => {
    const call = await placeCall(server);
    await call.press('1'); // now at the main menu (seq 2)
    const before = await snapshot(call.sid);
    const late = await signedPost(server, '/voice/gather?seq=1', voiceParams(call.sid, { Digits: '2' }));
    expect(late.status).to.equal(200);
    expect(late.body).to.include('For billing, press 1.');
    expect(late.body).to.include('action="' + server.config.publicBaseUrl + '/voice/gather?seq=2"');
    expect(await snapshot(call.sid)).to.deep.equal(before);
  });

  it('a request for a call that has ended gets <Hangup/>', async () => {
    const call = await placeCall(server);
    await call.hangUp();
    const res = await signedPost(server, '/voice/gather?seq=1', voiceParams(call.sid, { Digits: '1' }));
    expect(res.body).to.equal('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
  });

  it('two copies of the same webhook racing each other advance the call once', async () => {
    const call = await placeCall(server);
    const params = voiceParams(call.sid, { Digits: '1' });
    const [a, b] = await Promise.all([
      signedPost(server, '/voice/gather?seq=1', params, { idempotencyToken: 'same' }),
      signedPost(server, '/voice/gather?seq=1', params, { idempotencyToken: 'same' }),
    ]);
    expect(a.body).to.equal(b.body);
    expect((await snapshot(call.sid)).seq).to.equal(2);
  });
});
