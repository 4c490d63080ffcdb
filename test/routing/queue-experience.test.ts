import { expect } from 'chai';
import { addAgent, agentRow, configureGroup, staffOnBreak } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { dialCentre, startCentre, type RoutingCentre } from '../support/routing.js';
import { signedPost, voiceParams } from '../support/signed-post.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');
/** A caller ID the callback policy accepts (555-01xx numbers are fictional but valid). */
const CALLER = '+12125550123';

describe("routing: the caller's wait", () => {
  let c: RoutingCentre;
  before(async () => (c = await startCentre({ now: () => MONDAY_10AM })));
  after(() => c.close());
  beforeEach(async () => {
    await resetDatabase();
    c.twilio.outbound.length = 0;
  });
  const db = () => testDatabase().pool;
  const entries = async () =>
    (await db().query('SELECT state, callback_number, group_name, first_entered_at FROM queue_entries ORDER BY id')).rows;
  const heard = (call: { heard: { text: string }[] }) => call.heard.map((h) => h.text);

  async function queued(menuKey = '1', language = '1') {
    const call = await dialCentre(c, { from: CALLER });
    await call.press(language);
    await call.press(menuKey);
    expect(call.waiting).to.equal('queue');
    return call;
  }

  it('position and estimate are announced in the caller\u2019s language and priority-aware', async () => {
    await staffOnBreak();
    const first = await queued('1');
    const second = await queued('1', '2');
    expect(second.lastHeard).to.include('Usted es el número 2 en la fila.');
    await db().query(`UPDATE queue_entries SET priority = 5 WHERE call_sid = $1`, [second.callSid]);
    await first.hold(90);
    expect(first.lastHeard).to.include('You are number 2 in line.');
  });

  it('press * and 1: a callback at the caller\u2019s own number that keeps their place; the agent is called first', async () => {
    const agent = await addAgent({ state: 'break' });
    const call = await queued('0');
    const placedAt = (await entries())[0].first_entered_at;
    await call.press('*');
    expect(call.lastHeard).to.deep.equal([
      'To be called back at 2 1 2, 5 5 5, 0 1 2 3, press 1. To be called back at another number, enter it now, followed by the pound key.',
    ]);
    await call.press('1');
    expect(call.lastHeard).to.deep.equal([
      'Thank you. We will call you back at 2 1 2, 5 5 5, 0 1 2 3, and you keep your place in line. Goodbye.',
    ]);
    expect(call.waiting).to.equal('ended');
    expect(await entries()).to.deep.equal([
      { state: 'callback', callback_number: CALLER, group_name: 'general', first_entered_at: placedAt },
    ]);

    // An agent becomes free: Twilio is asked to call the agent first.
    await db().query(`UPDATE agents SET state = 'available' WHERE id = $1`, [agent.id]);
    await c.twilio.until(() => c.twilio.outbound.length > 0);
    expect(c.twilio.outbound).to.have.length(1);
    const out = c.twilio.outbound[0];
    expect(out).to.deep.include({ to: agent.phone, from: '+18005550100' });
    const agentCall = await out.answer();
    expect(agentCall.lastHeard[0]).to.match(
      // On the centre's clock (America/New_York), as the agent reads it: "10:05 a.m.".
      /^Callback for general: 2 1 2, 5 5 5, 0 1 2 3, waiting since (\d{1,2}(:\d\d)? [ap]\.m\.|noon\.|midnight\.) Press 1 to call them now\.$/,
    );
    await agentCall.press('1');
    expect(agentCall.lastHeard).to.deep.equal(['Calling the customer.']);
    expect(agentCall.dialling).to.deep.equal([{ kind: 'Number', to: CALLER }]);
    expect((await agentRow(agent.id)).state).to.equal('on-call');
    await agentCall.dialResult('completed', 120);
    expect((await agentRow(agent.id)).state).to.equal('wrap-up');
    expect((await entries())[0].state).to.equal('completed');
  });

  it('a callback to another number keyed in; a customer who does not answer keeps their place for a later try', async () => {
    const agent = await addAgent({ state: 'break' });
    const call = await queued('2');
    await call.press('*');
    await call.press('2125559876#');
    expect(call.lastHeard[0]).to.equal(
      'Thank you. We will call you back at 2 1 2, 5 5 5, 9 8 7 6, and you keep your place in line. Goodbye.',
    );
    await db().query(`UPDATE agents SET state = 'available' WHERE id = $1`, [agent.id]);
    await c.twilio.until(() => c.twilio.outbound.length > 0);
    expect(c.twilio.outbound).to.have.length(1);
    const agentCall = await c.twilio.outbound[0].answer();
    await agentCall.press('1');
    expect(agentCall.dialling).to.deep.equal([{ kind: 'Number', to: '+12125559876' }]);
    await agentCall.dialResult('no-answer');
    const { rows } = await db().query('SELECT state, callback_attempts, not_before > now() AS later FROM queue_entries');
    expect(rows).to.deep.equal([{ state: 'callback', callback_attempts: 1, later: true }]);
    expect((await agentRow(agent.id)).state).to.equal('available');
  });

  it('a callback agent who does not answer is a miss; the callback keeps its place', async () => {
    await configureGroup('sales', { max_misses: 1 }); // so the agent is not offered it again at once
    const agent = await addAgent({ state: 'break' });
    const call = await queued('3');
    await call.press('*');
    await call.press('1');
    await db().query(`UPDATE agents SET state = 'available' WHERE id = $1`, [agent.id]);
    await c.twilio.until(() => c.twilio.outbound.length > 0);
    expect(c.twilio.outbound).to.have.length(1);
    await c.twilio.outbound[0].notAnswered('no-answer');
    expect(await agentRow(agent.id)).to.deep.include({ missed_in_row: 1, state: 'not-ready' });
    expect((await entries())[0].state).to.equal('callback');
  });

  it('letting the callback offer go by returns the caller to hold, still in the queue: their wait clock keeps running', async () => {
    await staffOnBreak();
    const call = await queued('2');
    const enteredAt = (await db().query('SELECT entered_at FROM queue_entries')).rows[0].entered_at;
    await call.press('*');
    await call.silence(); // the offer's <Gather> times out
    await call.hold(30);
    expect(call.faults).to.deep.equal([]);
    expect(call.waiting).to.equal('queue');
    expect(call.lastHeard[0]).to.equal('Thank you for holding. The next available agent will be with you shortly.');
    expect(call.lastHeard.slice(1).every((t) => t.startsWith('[play'))).to.equal(true);
    expect((await db().query('SELECT entered_at FROM queue_entries')).rows[0].entered_at).to.deep.equal(enteredAt);
  });

  it('a caller\u2019s late status callback while their callback is being offered does not cancel the callback', async () => {
    await configureGroup('sales', { max_misses: 1 });
    const agent = await addAgent({ state: 'break' });
    const call = await queued('3');
    await call.press('*');
    await call.press('1');
    await db().query(`UPDATE agents SET state = 'available' WHERE id = $1`, [agent.id]);
    await c.twilio.until(() => c.twilio.outbound.length > 0);
    expect(c.twilio.outbound).to.have.length(1);
    expect((await entries())[0].state).to.equal('offered');
    // Twilio's status callback for the caller's (finished) call arrives while the agent's phone rings.
    const late = await signedPost(
      c.server,
      '/voice/status',
      voiceParams(call.callSid, { From: CALLER, CallStatus: 'completed', CallDuration: '40' }),
    );
    expect(late.status).to.equal(204);
    expect((await entries())[0].state).to.equal('offered');
    await c.twilio.outbound[0].notAnswered('no-answer');
    expect((await entries())[0].state).to.equal('callback');
  });

  it('press 1 on hold: leave a voicemail, stored with the call and the group', async () => {
    await staffOnBreak();
    const call = await queued('1');
    await call.press('1');
    expect(call.lastHeard).to.include('Please leave a message after the tone, then press the pound key.');
    await call.record({ url: 'https://api.twilio.com/rec/RE1', duration: 22 });
    expect(call.lastHeard).to.deep.equal(['Thank you for your message. Goodbye.']);
    const { rows } = await db().query('SELECT step, group_name, duration_seconds FROM voicemails');
    expect(rows).to.deep.equal([{ step: 'billing#voicemail', group_name: 'billing', duration_seconds: 22 }]);
    expect((await entries())[0].state).to.equal('left');
  });

  describe('overflow', () => {
    it('nobody who could take the call is logged in: straight to voicemail (the default overflow)', async () => {
      const call = await dialCentre(c);
      await call.press('1');
      await call.press('2');
      expect(call.lastHeard).to.deep.equal([
        'All of our agents are unavailable right now.',
        'Please leave a message after the tone, then press the pound key.',
        '[beep]',
      ]);
      expect(call.waiting).to.equal('record');
      expect((await entries())[0].state).to.equal('left');
    });

    it('an offline agent does not count; one on a break does', async () => {
      await addAgent({ state: 'offline' });
      const nobody = await dialCentre(c);
      await nobody.press('1');
      await nobody.press('2');
      expect(nobody.waiting).to.equal('record');
      await staffOnBreak();
      expect((await queued('2')).waiting).to.equal('queue');
    });

    it('callback overflow offers a callback at once', async () => {
      await configureGroup('sales', { overflow: { action: 'callback' } });
      const call = await dialCentre(c, { from: CALLER });
      await call.press('1');
      await call.press('3');
      expect(call.lastHeard[0]).to.equal('All of our agents are unavailable right now.');
      await call.press('1');
      expect(call.lastHeard[0]).to.match(/^Thank you. We will call you back at 2 1 2, 5 5 5, 0 1 2 3/);
      expect((await entries())[0]).to.deep.include({ state: 'callback', group_name: 'sales' });
    });

    it('group overflow moves the caller to another group, keeping their place', async () => {
      await configureGroup('billing', { overflow: { action: 'group', group: 'general' } }, { billing: 3 });
      await staffOnBreak(); // fits general (no requirements), not billing
      const call = await dialCentre(c);
      await call.press('1');
      await call.press('1');
      expect(call.waiting).to.equal('queue');
      expect(call.lastRequest!.url).to.match(/queue-wait/);
      const rows = await entries();
      expect(rows.map((r) => [r.group_name, r.state])).to.deep.equal([
        ['billing', 'overflowed'],
        ['general', 'waiting'],
      ]);
      expect(rows[1].first_entered_at.getTime()).to.equal(rows[0].first_entered_at.getTime());
    });

    it('at the maximum wait the caller leaves the queue for the overflow', async () => {
      await configureGroup('support', { max_wait_seconds: 30 });
      await staffOnBreak();
      const call = await queued('2');
      await db().query(`UPDATE queue_entries SET entered_at = now() - interval '31 seconds'`);
      await call.hold(30);
      expect(call.waiting).to.equal('record');
      expect(heard(call)).to.include('Please leave a message after the tone, then press the pound key.');
      expect((await entries())[0].state).to.equal('left');
    });
  });
});
