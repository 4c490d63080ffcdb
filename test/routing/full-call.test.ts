import { expect } from 'chai';
import { addAgent, agentRow, configureGroup } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { whenDatabaseShows } from '../support/database-change.js';
import { dialCentre, startCentre, untilRinging, type RoutingCentre } from '../support/routing.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

describe('routing: a whole call through HTTP with the Twilio stand-in', () => {
  let c: RoutingCentre;
  before(async () => (c = await startCentre({ now: () => MONDAY_10AM })));
  after(() => c.close());
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;

  it('menu → queue → position announced → agent rings → accepts → talk → wrap-up → survey', async () => {
    await configureGroup('billing', { wrap_up_seconds: 1 }, { billing: 2 });
    // Nobody free yet: the caller waits and hears their position.
    const agent = await addAgent({ name: 'Ana', skills: { billing: 3 }, state: 'break' });
    const call = await dialCentre(c);
    await call.press('1');
    await call.press('1');
    expect(call.waiting).to.equal('queue');
    expect(call.lastHeard.join(' | ')).to.include('You are next in line.');
    expect(call.lastHeard.join(' | ')).to.include('We will answer as soon as an agent is free.');
    expect(call.lastHeard.join(' | ')).to.include('To be called back without losing your place in line, press star.');

    // The agent comes back: routing rings them, through Twilio's REST API.
    await db().query(`UPDATE agents SET state = 'available', state_since = now() WHERE id = $1`, [agent.id]);
    await untilRinging(c, call);
    expect(c.twilio.requests.find((r) => r.method === 'POST' && r.params.Url)?.params.Url).to.match(/\/voice\/connect\?assignment=\d+$/);
    expect(call.dialling).to.deep.equal([
      {
        kind: 'Number',
        to: agent.phone,
        url: `${c.server.config.publicBaseUrl}/voice/agent/whisper?assignment=${(await db().query('SELECT id FROM assignments')).rows[0].id}`,
      },
    ]);
    expect((await agentRow(agent.id)).state).to.equal('reserved');

    const leg = await call.agentAnswers({ press: '1' });
    expect(leg.heard.map((h) => h.text)).to.deep.equal(['billing call from 5 5 5, 1 2 3, 0 0 0 0. Press 1 to accept.']);
    expect(call.waiting).to.equal('bridged');
    expect((await agentRow(agent.id)).state).to.equal('on-call');

    await call.endBridge({ by: 'agent', seconds: 95 });
    expect(call.lastHeard).to.deep.equal(['On a scale of 1 to 5, how satisfied were you?']);
    expect((await agentRow(agent.id)).state).to.equal('wrap-up');
    await call.press('4');
    expect(call.waiting).to.equal('ended');
    expect(call.faults).to.deep.equal([]);

    // Wrap-up ends after the group's seconds; the agent is available again.
    await whenDatabaseShows(async () => expect((await agentRow(agent.id)).state).to.equal('available'));
    const a = await db().query(`SELECT state, outcome, answered_at IS NOT NULL AS answered FROM assignments`);
    expect(a.rows).to.deep.equal([{ state: 'ended', outcome: 'completed', answered: true }]);
    const e = await db().query(`SELECT state FROM queue_entries`);
    expect(e.rows).to.deep.equal([{ state: 'completed' }]);
    const changes = await db().query(`SELECT to_state FROM agent_state_changes WHERE agent_id = $1 ORDER BY id`, [agent.id]);
    expect(changes.rows.map((r) => r.to_state)).to.deep.equal(['break', 'available', 'reserved', 'on-call', 'wrap-up', 'available']);
  });
});
