import { expect } from 'chai';
import { addAgent, agentRow, configureGroup } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { callerRinging, startCentre, type RoutingCentre } from '../support/routing.js';
import { getJson, giveLogin, signIn } from '../support/web.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

describe('routing: blind transfer from the console (POST /api/me/transfer)', () => {
  let c: RoutingCentre;
  before(async () => (c = await startCentre({ now: () => MONDAY_10AM, env: { TRANSFER_NUMBERS: '+15557770001,+1800*' } })));
  after(() => c.close());
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;

  /** A caller in the general queue talking to Ana, whose console session is returned. */
  async function talking() {
    await configureGroup('general');
    await configureGroup('sales', {}, { sales: 1 });
    const ana = await addAgent({ name: 'Ana' });
    await giveLogin(ana.id, 'ana');
    const { cookie } = await signIn(c.server.url, 'ana', 'agent');
    const call = await callerRinging(c);
    await call.agentAnswers({ press: '1' });
    expect(call.waiting).to.equal('bridged');
    const transfer = (body: unknown) => getJson(`${c.server.url}/api/me/transfer`, cookie, { method: 'POST', body: JSON.stringify(body) });
    return { ana, call, cookie, transfer };
  }

  it('to a group: the caller hears why, waits in its queue with their first queue time, and rings an agent there; the first agent wraps up', async () => {
    const { ana, call, transfer } = await talking();
    const first = (await db().query(`SELECT first_entered_at FROM queue_entries`)).rows[0].first_entered_at as Date;
    const ben = await addAgent({ name: 'Ben', skills: { sales: 3 } });

    const r = await transfer({ group: 'sales' });
    expect(r).to.deep.equal({ status: 202, body: { transferring: { group: 'sales' } } });
    await c.twilio.until(() => call.waiting === 'dial' && call.dialling[0]?.to === ben.phone);

    expect(call.heard.map((h) => h.text)).to.include('Please hold while I transfer your call.');
    expect(
      c.twilio.requests.some(
        (q) => q.path.includes(call.callSid) && /\/voice\/transfer\?seq=\d+&assignment=\d+&group=sales$/.test(q.params.Url ?? ''),
      ),
    ).to.equal(true);
    const entries = await db().query(`SELECT group_name, state, first_entered_at FROM queue_entries ORDER BY id`);
    expect(entries.rows.map((e) => [e.group_name, e.state])).to.deep.equal([
      ['general', 'overflowed'],
      ['sales', 'offered'],
    ]);
    expect(entries.rows[1].first_entered_at.getTime()).to.equal(first.getTime());
    expect((await agentRow(ana.id)).state).to.equal('wrap-up');
    const offers = await db().query(`SELECT agent_id, state, outcome, transferred_to FROM assignments ORDER BY id`);
    expect(offers.rows[0]).to.deep.equal({ agent_id: ana.id, state: 'ended', outcome: 'completed', transferred_to: 'sales' });
    expect(offers.rows[1]).to.deep.include({ agent_id: ben.id, state: 'ringing' });

    // Ben takes it: the caller talks to the second group's agent.
    await call.agentAnswers({ press: '1' });
    expect(call.waiting).to.equal('bridged');
    expect(call.faults).to.deep.equal([]);

    // The KPIs: answered in general (not abandoned), then offered to sales (and answered there by Ben).
    const kpis = await db().query(
      `SELECT group_name, offered, answered, abandoned FROM group_queue_kpis(now() - interval '1 day', now() + interval '1 day', 'UTC', 3600, 5)
       WHERE start IS NULL`,
    );
    const byGroup = Object.fromEntries(kpis.rows.map((k) => [k.group_name, [k.offered, k.answered, k.abandoned]]));
    expect(byGroup).to.deep.include({ general: [1, 1, 0], sales: [1, 1, 0] });
  });

  it('to an allowed number: the caller is dialled through to it with the centre\u2019s number as caller ID, and the offer says where it went', async () => {
    const { ana, call, transfer } = await talking();
    expect((await transfer({ number: '+1 800 555 0199' })).status).to.equal(202);
    await c.twilio.until(() => call.waiting === 'dial' && call.dialling[0]?.to === '+18005550199');
    expect(call.lastHeard).to.include('Please hold while I transfer your call.');
    const twiml = (await db().query(`SELECT last_response FROM calls`)).rows[0].last_response as string;
    expect(twiml).to.match(/<Dial [^>]*callerId="\+18005550100"[^>]*>\s*<Number>\+18005550199<\/Number>/);
    expect((await agentRow(ana.id)).state).to.equal('wrap-up');
    const offer = (await db().query(`SELECT outcome, transferred_to FROM assignments`)).rows[0];
    expect(offer).to.deep.equal({ outcome: 'completed', transferred_to: '+18005550199' });
    expect((await db().query(`SELECT state FROM queue_entries`)).rows).to.deep.equal([{ state: 'completed' }]);
    const logged = await db().query(`SELECT detail FROM call_events WHERE kind = 'transferred'`);
    expect(logged.rows.map((e) => e.detail.number)).to.deep.equal(['+18005550199']);
    // The far end answers and hangs up: the caller's call ends.
    await call.dialResult('completed', 40);
    expect(call.waiting).to.equal('ended');
    expect(call.faults).to.deep.equal([]);
  });

  it('to a number that does not answer: the caller is told and goes back in line in their group', async () => {
    const { call, transfer } = await talking();
    expect((await transfer({ number: '+15557770001' })).status).to.equal(202);
    await c.twilio.until(() => call.waiting === 'dial' && call.dialling[0]?.to === '+15557770001');
    await call.dialResult('no-answer');
    expect(call.lastHeard).to.include('The number did not answer. Please stay on the line for the next agent.');
    expect(call.waiting).to.equal('queue');
    const entries = await db().query(`SELECT group_name, state FROM queue_entries ORDER BY id`);
    expect(entries.rows).to.deep.equal([
      { group_name: 'general', state: 'completed' },
      { group_name: 'general', state: 'waiting' },
    ]);
    expect(call.faults).to.deep.equal([]);
  });

  it('refuses, in words, a number the centre does not allow, an unknown or the same group, a bad body, and an agent not on a call', async () => {
    const idle = await addAgent({ name: 'Cleo', state: 'break' });
    await giveLogin(idle.id, 'cleo');
    const cleo = (await signIn(c.server.url, 'cleo', 'agent')).cookie;
    const notOnCall = await getJson(`${c.server.url}/api/me/transfer`, cleo, { method: 'POST', body: JSON.stringify({ group: 'sales' }) });
    expect(notOnCall).to.deep.equal({
      status: 409,
      body: { error: 'you are not talking to a caller: only a connected call can be transferred' },
    });

    const { call, transfer } = await talking();
    expect(await transfer({ number: '+15559990000' })).to.deep.equal({
      status: 400,
      body: { error: 'number: +15559990000 is not a number this centre allows transfers to' },
    });
    expect((await transfer({ number: 'reception' })).body.error).to.match(/^number: must be a phone number in international format/);
    expect(await transfer({ group: 'Sale' })).to.deep.equal({ status: 404, body: { error: "group: no group 'Sale'" } });
    expect((await transfer({ group: 'general' })).body).to.deep.equal({
      error: "group: the caller is already in the 'general' queue; choose another group",
    });
    expect((await transfer({ group: 'sales', number: '+15557770001' })).body).to.deep.equal({
      error: 'body: give either a group or a number',
    });
    expect((await transfer({})).status).to.equal(400);
    // Nothing was redirected: the caller is still talking to Ana.
    expect(c.twilio.requests.filter((q) => q.path.includes(call.callSid) && /\/voice\/transfer/.test(q.params.Url ?? ''))).to.deep.equal(
      [],
    );
    expect(call.waiting).to.equal('bridged');
  });
});
