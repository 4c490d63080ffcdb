import { expect } from 'chai';
import { addAgent, configureGroup, staffOnBreak } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { dialCentre, startCentre, untilRinging, type RoutingCentre } from '../support/routing.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');
const RINGING_AGENT = 'An agent is being connected now. Please stay on the line.';
const NEXT_IN_LINE = 'You are next in line.';
const NO_ESTIMATE = 'We will answer as soon as an agent is free.';
const HOLD_PROMPT = 'Thank you for holding. The next available agent will be with you shortly.';

// What a caller hears on hold must be true: it comes from their queue entry, read in the waitUrl's transaction.
describe('routing: what the caller is told on hold', () => {
  let c: RoutingCentre;
  before(async () => (c = await startCentre({ now: () => MONDAY_10AM })));
  after(() => c.close());
  beforeEach(async () => {
    c.twilio.releaseRedirects();
    await c.twilio.settled();
    await resetDatabase();
  });
  afterEach(() => c.twilio.releaseRedirects());
  const db = () => testDatabase().pool;
  const entryState = async (callSid: string) =>
    (await db().query('SELECT state FROM queue_entries WHERE call_sid = $1', [callSid])).rows[0]?.state;
  const said = (call: { lastHeard: string[] }) => call.lastHeard.filter((t) => !t.startsWith('['));

  async function queued(menuKey = '0', language = '1') {
    const call = await dialCentre(c);
    await call.press(language);
    await call.press(menuKey);
    expect(call.waiting).to.equal('queue');
    return call;
  }

  it('an agent is free and being rung: the waitUrl says so, never that every agent is busy', async () => {
    await addAgent({ name: 'Free' });
    c.twilio.holdRedirects = true; // Twilio has not yet acted on routing's redirect to the agent
    const call = await queued('0');
    await c.twilio.until(() => c.twilio.redirectsHeld > 0);
    expect(await entryState(call.callSid)).to.equal('offered');
    // Before or after the reservation, the first waitUrl answer already knew an agent was free.
    expect(said(call)).to.deep.equal([RINGING_AGENT]);
    await call.hold(20); // the hold document ran out while the agent's phone rings
    expect(said(call)).to.deep.equal([RINGING_AGENT]);
    expect(call.lastHeard.join(' ')).not.to.match(/busy|unavailable|in line|wait/i);
    c.twilio.releaseRedirects();
    await untilRinging(c, call);
  });

  it('in Spanish too, while ringing', async () => {
    await addAgent({ name: 'Libre' });
    c.twilio.holdRedirects = true;
    const call = await queued('0', '2');
    await c.twilio.until(() => c.twilio.redirectsHeld > 0);
    await call.hold(20);
    expect(said(call)).to.deep.equal(['Le estamos comunicando con un agente. Por favor no cuelgue.']);
  });

  it('nobody free: first in line, and no estimate invented when the group has no history', async () => {
    await staffOnBreak();
    const call = await queued('0');
    expect(said(call)).to.deep.equal([
      NEXT_IN_LINE,
      NO_ESTIMATE,
      'To be called back without losing your place in line, press star. To leave a message, press 1.',
      HOLD_PROMPT,
    ]);
  });

  it('with history the estimate is given; the position is not repeated while unchanged, and said when it improves', async () => {
    const agent = await staffOnBreak();
    // One earlier call of general that an agent talked to for 5 minutes: the estimate's basis.
    const past = await queued('0');
    await past.hangUp();
    await c.twilio.until(() => true);
    await db().query(`UPDATE queue_entries SET state = 'completed' WHERE call_sid = $1`, [past.callSid]);
    await db().query(
      `INSERT INTO assignments (entry_id, agent_id, state, outcome, created_at, answered_at, ended_at)
       SELECT id, $2, 'ended', 'completed', now() - interval '6 minutes', now() - interval '5 minutes', now()
       FROM queue_entries WHERE call_sid = $1`,
      [past.callSid, agent.id],
    );
    const first = await queued('0');
    const second = await queued('0');
    expect(said(second).slice(0, 2)).to.deep.equal(['You are number 2 in line.', 'Your expected wait is about 10 minutes.']);
    await second.hold(30); // before the cadence (60 s): nothing new to say
    expect(said(second)).to.deep.equal([HOLD_PROMPT]);
    await second.hold(40); // at the cadence, the position unchanged: not repeated
    expect(said(second)[0]).to.equal('Your expected wait is about 10 minutes.');
    expect(said(second).join(' ')).not.to.include('number 2');
    await first.hangUp();
    await c.twilio.until(() => true);
    await second.hold(10); // moved up: news at once, before the cadence
    expect(said(second)[0]).to.equal(NEXT_IN_LINE);
  });

  it('after a miss the agent is free again but kept from this caller by the back-off: they are not told "being connected"', async () => {
    await configureGroup('general', { max_misses: 3, miss_backoff_seconds: 600 });
    await addAgent({ name: 'Missed' });
    const call = await queued('0');
    await untilRinging(c, call);
    await call.dialResult('no-answer');
    expect(call.waiting).to.equal('queue');
    expect(said(call)[0]).to.equal('We could not reach an agent. Please stay on the line; you keep your place in line.');
    await call.hold(30);
    expect(said(call)).to.deep.equal([HOLD_PROMPT]);
  });

  it('after an agent misses the caller, they are not told their position went backwards', async () => {
    await configureGroup('general', { max_misses: 1 }); // the agent is not-ready after one miss
    const agent = await staffOnBreak();
    const a = await queued('0');
    expect(said(a)[0]).to.equal(NEXT_IN_LINE);
    const b = await queued('0');
    expect(said(b)[0]).to.equal('You are number 2 in line.');
    await db().query(`UPDATE agents SET state = 'available' WHERE id = $1`, [agent.id]);
    await untilRinging(c, a);
    // A caller whose agent rings still counts ahead: the one behind stays number 2, nothing new to say.
    await b.hold(30);
    expect(said(b)).to.deep.equal([HOLD_PROMPT]);
    // Meanwhile a caller with a higher priority arrives.
    const urgent = await queued('0');
    await db().query('UPDATE queue_entries SET priority = 5 WHERE call_sid = $1', [urgent.callSid]);
    await a.dialResult('no-answer');
    expect(said(a)[0]).to.equal('We could not reach an agent. Please stay on the line; you keep your place in line.');
    expect(a.waiting).to.equal('queue');
    expect(said(a).join(' ')).not.to.match(/number \d|next in line/);
    await a.hold(60); // the cadence restarts with Twilio's queue time: an announcement, but not "number 2"
    expect(said(a)[0]).to.equal(NO_ESTIMATE);
    expect(said(a).join(' ')).not.to.match(/number \d/);
    // The one behind had not rejoined: a worse position is the truth, said at the cadence.
    await b.hold(40);
    expect(said(b)[0]).to.equal('You are number 3 in line.');
  });
});
