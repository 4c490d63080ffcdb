import { expect } from 'chai';
import { requestAgentState } from '../../src/routing/lifecycle/index.js';
import { addAgent, agentRow, configureGroup } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { whenDatabaseShows } from '../support/database-change.js';
import { callerRinging, dialCentre, endMissBackoffs, type RoutingCentre, startCentre, untilRinging } from '../support/routing.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

describe('routing: ringing agents, misses, hang-ups', () => {
  let c: RoutingCentre;
  before(async () => (c = await startCentre({ now: () => MONDAY_10AM })));
  after(() => c.close());
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;
  const entry = async () => (await db().query('SELECT state, first_entered_at FROM queue_entries ORDER BY id DESC LIMIT 1')).rows[0];

  it('no answer: the caller goes back to the queue in their original place; the agent is available again', async () => {
    const agent = await addAgent({ name: 'Ana' });
    await configureGroup('general', { max_misses: 3 });
    const call = await callerRinging(c);
    const before = await entry();
    // The miss back-off keeps the caller from being offered to this agent again at once.
    await call.dialResult('no-answer');
    expect(call.heard.map((h) => h.text)).to.include('We could not reach an agent. Please stay on the line; you keep your place in line.');
    expect(call.waiting).to.equal('queue');
    const after = await entry();
    expect(after.first_entered_at.getTime()).to.equal(before.first_entered_at.getTime());
    const a = await db().query('SELECT outcome FROM assignments ORDER BY id LIMIT 1');
    expect(a.rows[0].outcome).to.equal('no-answer');
    expect((await agentRow(agent.id)).missed_in_row).to.equal(1);
    // Still the only agent: once the miss back-off is over, routing rings them again, and the caller keeps the same entry.
    await endMissBackoffs();
    await untilRinging(c, call);
    expect((await db().query('SELECT count(*)::int AS n FROM queue_entries')).rows[0].n).to.equal(1);
  });

  it('after the group\u2019s number of misses in a row the agent becomes not-ready', async () => {
    const agent = await addAgent({ name: 'Ben' });
    await configureGroup('general', { max_misses: 2 });
    const call = await callerRinging(c);
    await call.dialResult('busy');
    await endMissBackoffs();
    await untilRinging(c, call);
    await call.dialResult('no-answer');
    expect(await agentRow(agent.id)).to.deep.include({ state: 'not-ready', state_reason: 'missed 2 calls in a row', missed_in_row: 2 });
    expect(call.waiting).to.equal('queue');
  });

  it('an agent who answers but does not press 1 does not take the call (their voicemail never does)', async () => {
    const agent = await addAgent();
    const call = await callerRinging(c);
    const leg = await call.agentAnswers({}); // silence at the whisper
    expect(leg.endedBy).to.equal('hangup-verb');
    expect(call.waiting).to.equal('queue');
    expect(call.heard.map((h) => h.text)).to.include('We could not reach an agent. Please stay on the line; you keep your place in line.');
    const a = await db().query('SELECT outcome FROM assignments ORDER BY id LIMIT 1');
    expect(a.rows[0].outcome).to.equal('rejected');
    expect((await agentRow(agent.id)).missed_in_row).to.equal(1);
  });

  it('the caller hangs up while the agent rings: the reservation is released, no miss', async () => {
    const agent = await addAgent();
    const call = await callerRinging(c);
    await call.hangUp();
    await whenDatabaseShows(async () => expect(await agentRow(agent.id)).to.deep.include({ state: 'available', missed_in_row: 0 }));
    const a = await db().query('SELECT outcome FROM assignments');
    expect(a.rows).to.deep.equal([{ outcome: 'caller-hung-up' }]);
    expect((await entry()).state).to.equal('abandoned');
  });

  it('the caller hangs up while talking: the assignment completes and the agent wraps up', async () => {
    const agent = await addAgent();
    await configureGroup('general', { wrap_up_seconds: 60 });
    const call = await callerRinging(c);
    await call.agentAnswers({ press: '1' });
    await call.endBridge({ by: 'caller', seconds: 30 });
    await whenDatabaseShows(async () => expect((await agentRow(agent.id)).state).to.equal('wrap-up'));
    expect((await db().query('SELECT outcome FROM assignments')).rows).to.deep.equal([{ outcome: 'completed' }]);
  });

  it("the caller's dial result for an agent who talked ends the offer once; the same webhook again changes nothing", async () => {
    const agent = await addAgent();
    await configureGroup('general', { wrap_up_seconds: 60 });
    const call = await callerRinging(c);
    await call.agentAnswers({ press: '1' });
    await call.endBridge({ by: 'agent', seconds: 42 });
    const dialResult = call.lastRequest!;
    expect(dialResult.url).to.match(/\/voice\/dial-result\?seq=\d+$/);
    const ended = async () => ({
      assignments: (await db().query('SELECT state, outcome, ended_at, wrap_up_until FROM assignments')).rows,
      agent: (await db().query('SELECT state, calls_today FROM agents WHERE id = $1', [agent.id])).rows[0],
      changes: (await db().query('SELECT to_state FROM agent_state_changes WHERE agent_id = $1 ORDER BY id', [agent.id])).rows.map(
        (r) => r.to_state,
      ),
      call: (await db().query('SELECT seq, state FROM calls')).rows,
      events: (await db().query('SELECT count(*)::int AS n FROM call_events')).rows[0].n,
    });
    const once = await ended();
    expect(once.assignments).to.have.length(1);
    expect(once.assignments[0]).to.deep.include({ state: 'ended', outcome: 'completed' });
    expect(once.agent).to.deep.include({ state: 'wrap-up', calls_today: 1 });
    expect(once.changes.slice(-3)).to.deep.equal(['reserved', 'on-call', 'wrap-up']);

    const replay = await call.retryLastRequest();
    expect(replay.status).to.equal(200);
    expect(replay.body).to.equal(dialResult.body);
    expect(await ended()).to.deep.equal(once);
  });

  it('a break asked for during a call starts when the wrap-up ends', async () => {
    const agent = await addAgent();
    await configureGroup('general', { wrap_up_seconds: 1 });
    const call = await callerRinging(c);
    await call.agentAnswers({ press: '1' });
    const asked = await requestAgentState(db(), agent.id, 'break', 'lunch');
    expect(asked).to.deep.include({ state: 'on-call', pendingState: 'break' });
    await call.endBridge({ by: 'agent' });
    expect((await agentRow(agent.id)).state).to.equal('wrap-up');
    await whenDatabaseShows(async () =>
      expect(await agentRow(agent.id)).to.deep.include({ state: 'break', state_reason: 'lunch', pending_state: null }),
    );
  });

  it('when Twilio refuses the redirect, the offer is withdrawn and tried again', async () => {
    const agent = await addAgent();
    c.twilio.failNext = { status: 500, code: 20500, message: 'Internal Server Error' };
    const call = await dialCentre(c);
    await call.press('1');
    await call.press('0');
    await untilRinging(c, call);
    const outcomes = (await db().query('SELECT outcome FROM assignments ORDER BY id')).rows.map((r) => r.outcome);
    expect(outcomes).to.deep.equal(['cancelled', null]);
    expect((await agentRow(agent.id)).state).to.equal('reserved');
  });
});
