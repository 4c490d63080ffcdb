import { expect } from 'chai';
import type { SentRequest } from '../../src/emulator/twilio-webhook.js';
import { addAgent, agentRow, configureGroup } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { claimNext, queueCaller } from '../support/queue.js';
import { callerRinging, dialCentre, type RoutingCentre, startCentre } from '../support/routing.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { sid, signedPost, voiceParams } from '../support/signed-post.js';

/** A caller ID the callback policy accepts (555-01xx numbers are fictional but valid). */
const CALLBACK_CALLER = '+12125550123';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');
const HANGUP = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';
const BRIDGE = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const db = () => testDatabase().pool;
const assignments = async () => (await db().query('SELECT id, state, outcome FROM assignments ORDER BY id')).rows;
/** Twilio's retry of a webhook it sent before: the same URL, parameters and idempotency token. */
const resend = (server: TestServer, sent: SentRequest) => {
  const url = new URL(sent.url);
  return signedPost(server, url.pathname + url.search, sent.params, { idempotencyToken: sent.idempotencyToken });
};
const metric = async (server: TestServer, line: string) =>
  (await (await fetch(`${server.url}/metrics`)).text()).split('\n').find((l) => l.startsWith(line));

/**
 * Twilio sends a webhook again with the same I-Twilio-Idempotency-Token when our first answer
 * was slow or lost. On the agent's leg, as on the caller's, the retry gets the first answer and
 * changes nothing.
 */
describe("routing: Twilio's retries on the agent's leg", () => {
  let c: RoutingCentre;
  before(async () => (c = await startCentre({ now: () => MONDAY_10AM })));
  after(() => c.close());
  beforeEach(async () => {
    await resetDatabase();
    c.twilio.outbound.length = 0;
  });

  it('whisper-accept retried (the agent pressed 1): the retry bridges too, the call goes on and is counted once', async () => {
    const agent = await addAgent();
    const call = await callerRinging(c);
    const leg = await call.agentAnswers({ press: '1' });
    const first = leg.lastRequest!;
    expect(first.url).to.match(/\/voice\/agent\/whisper-accept\?assignment=\d+$/);
    expect(first.body).to.equal(BRIDGE);
    const retry = await leg.retryLastRequest();
    expect(retry).to.deep.include({ status: 200, body: BRIDGE });
    expect(await assignments()).to.deep.equal([{ id: 1, state: 'connected', outcome: null }]);
    expect((await agentRow(agent.id)).state).to.equal('on-call');
    expect(call.waiting).to.equal('bridged');
    await call.endBridge({ by: 'agent', seconds: 90 });
    expect(await assignments()).to.deep.equal([{ id: 1, state: 'ended', outcome: 'completed' }]);
    expect(await metric(c.server, 'switchboard_webhook_duration_seconds_count{route="agent/whisper-accept",outcome="replayed"}')).to.match(
      / 1$/,
    );
    expect(await metric(c.server, 'switchboard_webhook_duration_seconds_count{route="agent/whisper-accept",outcome="answered"}')).to.match(
      / \d+$/,
    );
  });

  it('two copies of whisper-accept at once (the first still running when Twilio retries) get the same answer', async () => {
    await addAgent();
    const call = await callerRinging(c);
    const [{ id }] = await assignments();
    const params = voiceParams(sid(0xa1), { Digits: '1', Direction: 'outbound-dial', ParentCallSid: call.callSid });
    const path = `/voice/agent/whisper-accept?assignment=${id}`;
    const answers = await Promise.all([1, 2].map(() => signedPost(c.server, path, params, { idempotencyToken: 'retried-token' })));
    expect(answers.map((a) => a.body)).to.deep.equal([BRIDGE, BRIDGE]);
    expect(await assignments()).to.deep.equal([{ id, state: 'connected', outcome: null }]);
  });

  it('callback-accept retried: the retry dials the customer too, and the callback is completed only when that dial ends', async () => {
    const agent = await addAgent({ state: 'break' });
    const call = await dialCentre(c, { from: CALLBACK_CALLER });
    await call.press('1');
    await call.press('0');
    await call.press('*');
    await call.press('1'); // at the caller's own number
    await db().query(`UPDATE agents SET state = 'available' WHERE id = $1`, [agent.id]);
    await c.twilio.until(() => c.twilio.outbound.length > 0);
    expect(c.twilio.outbound).to.have.length(1);
    const agentCall = await c.twilio.outbound[0].answer();
    const intro = agentCall.lastRequest!;
    await agentCall.press('1');
    const accept = agentCall.lastRequest!;
    expect(accept.url).to.match(/\/voice\/agent\/callback-accept\?assignment=\d+$/);
    expect(accept.body).to.include('<Dial');
    const retry = await agentCall.retryLastRequest();
    expect(retry.body).to.equal(accept.body);
    const entry = async () => (await db().query('SELECT state FROM queue_entries')).rows[0].state;
    expect(await entry()).to.equal('connected');
    expect((await agentRow(agent.id)).state).to.equal('on-call');

    // The agent's first webhook retried late, after the state moved on: still its first answer.
    expect((await resend(c.server, intro)).body).to.equal(intro.body);

    await agentCall.dialResult('no-answer');
    const result = agentCall.requests.find((r) => r.url.includes('/voice/agent/callback-result'))!;
    expect(result.body).to.include('The customer did not answer.');
    expect((await resend(c.server, result)).body).to.equal(result.body);
    const { rows } = await db().query('SELECT state, callback_attempts FROM queue_entries');
    expect(rows).to.deep.equal([{ state: 'callback', callback_attempts: 1 }]);
  });

  it("the agent's status callback retried is answered once: one miss, not two", async () => {
    await configureGroup('general', { max_misses: 2 });
    const agent = await addAgent({ state: 'break' });
    const call = await dialCentre(c, { from: CALLBACK_CALLER });
    await call.press('1');
    await call.press('0');
    await call.press('*');
    await call.press('1');
    await db().query(`UPDATE agents SET state = 'available' WHERE id = $1`, [agent.id]);
    await c.twilio.until(() => c.twilio.outbound.length > 0);
    expect(c.twilio.outbound).to.have.length(1);
    const [{ id }] = await assignments();
    const params = voiceParams(c.twilio.outbound[0].sid, { CallStatus: 'no-answer', CallDuration: '0', Direction: 'outbound-api' });
    const path = `/voice/agent/status?assignment=${id}`;
    const first = await signedPost(c.server, path, params, { idempotencyToken: 'status-token' });
    const again = await signedPost(c.server, path, params, { idempotencyToken: 'status-token' });
    expect([first.status, again.status]).to.deep.equal([204, 204]);
    expect((await agentRow(agent.id)).missed_in_row).to.equal(1);
    expect(await metric(c.server, 'switchboard_webhook_duration_seconds_count{route="agent/status",outcome="replayed"}')).to.match(/ 1$/);
  });
});

describe("the agent's leg: input checked at the edge, answered before Twilio's deadline", () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ now: () => MONDAY_10AM, deadlineMs: 300 })));
  after(() => server.close());
  beforeEach(resetDatabase);

  /** One caller waiting and one agent being rung for them (no router runs here). */
  async function ringing(): Promise<number> {
    await addAgent();
    const { callSid } = await queueCaller('general');
    const claim = await claimNext(db());
    expect(claim?.callSid).to.equal(callSid);
    return claim!.assignmentId;
  }

  it('a malformed request hangs up the agent leg and changes nothing', async () => {
    const id = await ringing();
    const bad = await signedPost(server, `/voice/agent/whisper-accept?assignment=${id}`, voiceParams('not-a-call-sid', { Digits: '1' }));
    expect(bad).to.deep.include({ status: 200, body: HANGUP });
    const noAssignment = await signedPost(server, '/voice/agent/whisper-accept?assignment=1e3', voiceParams(sid(0xb1), { Digits: '1' }));
    expect(noAssignment.body).to.equal(HANGUP);
    const badStatus = await signedPost(server, `/voice/agent/status?assignment=${id}`, voiceParams(sid(0xb1), { CallStatus: 'exploded' }));
    expect(badStatus.status).to.equal(400);
    expect(await assignments()).to.deep.equal([{ id, state: 'ringing', outcome: null }]);
    expect(await metric(server, 'switchboard_errors_total{where="agent-webhook-invalid"}')).to.match(/ 3$/);
  });

  it('a webhook stuck behind a lock answers by the deadline, and its late work is not kept', async () => {
    const id = await ringing();
    const blocker = await db().connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT id FROM assignments WHERE id = $1 FOR UPDATE', [id]);
      // Answered while the lock is still held: only the deadline can answer them (mocha's time-out otherwise).
      const [accept, status] = await Promise.all([
        signedPost(server, `/voice/agent/whisper-accept?assignment=${id}`, voiceParams(sid(0xc1), { Digits: '1' })),
        signedPost(server, `/voice/agent/status?assignment=${id}`, voiceParams(sid(0xc1), { CallStatus: 'no-answer' })),
      ]);
      expect(accept).to.deep.include({ status: 200, body: HANGUP });
      // A status callback not recorded gets a 5xx, so that Twilio sends it again.
      expect(status.status).to.equal(503);
      await blocker.query('ROLLBACK');
      // The webhooks' transactions queued for this lock first: once we have it, they are over.
      await blocker.query('BEGIN');
      const { rows } = await blocker.query('SELECT state FROM assignments WHERE id = $1 FOR UPDATE', [id]);
      expect(rows).to.deep.equal([{ state: 'ringing' }]);
    } finally {
      await blocker.query('ROLLBACK').catch(() => {});
      blocker.release();
    }
    expect(await metric(server, 'switchboard_webhook_duration_seconds_count{route="agent/whisper-accept",outcome="timeout"}')).to.match(
      / 1$/,
    );
  });
});
