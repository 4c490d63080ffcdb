import { expect } from 'chai';
import { addAgent, agentRow, configureGroup } from '../support/agents.js';
import { cliDatabaseUrl, runCli } from '../support/cli.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { callerRinging, dialCentre, endMissBackoffs, type RoutingCentre, startCentre, untilRinging } from '../support/routing.js';
import { client, newToken } from '../api/api-client.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

/**
 * An agent who refuses or misses a caller is not offered that caller again at once: another
 * eligible agent is tried first, and the same agent only after the group's miss back-off.
 */
describe('routing: back-off after a miss', () => {
  let c: RoutingCentre;
  before(async () => (c = await startCentre({ now: () => MONDAY_10AM })));
  after(() => c.close());
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;
  const ringingAgents = async () => (await db().query('SELECT agent_id, outcome FROM assignments ORDER BY id')).rows;

  it('after a miss another eligible agent is rung first, even one the strategy ranks lower', async () => {
    await configureGroup('general', { strategy: 'most-skilled', max_misses: 3 }, { support: 1 });
    const best = await addAgent({ name: 'Best', skills: { support: 5 } });
    const next = await addAgent({ name: 'Next', skills: { support: 2 } });
    const call = await callerRinging(c);
    expect(call.dialling.map((d) => d.to)).to.deep.equal([best.phone]);
    await call.dialResult('no-answer');
    await untilRinging(c, call);
    expect(call.dialling.map((d) => d.to)).to.deep.equal([next.phone]);
    expect(await ringingAgents()).to.deep.equal([
      { agent_id: best.id, outcome: 'no-answer' },
      { agent_id: next.id, outcome: null },
    ]);
    expect((await agentRow(best.id)).state).to.equal('available');
  });

  it('an agent who refuses at the whisper is not offered the same caller again at once', async () => {
    await configureGroup('general', { strategy: 'most-skilled', max_misses: 3 }, { support: 1 });
    const best = await addAgent({ name: 'Best', skills: { support: 5 } });
    const next = await addAgent({ name: 'Next', skills: { support: 2 } });
    const call = await callerRinging(c);
    await call.agentAnswers({ press: '9' });
    await untilRinging(c, call);
    expect(await ringingAgents()).to.deep.equal([
      { agent_id: best.id, outcome: 'rejected' },
      { agent_id: next.id, outcome: null },
    ]);
  });

  it("with only the missed agent, the caller waits out the group's back-off and then gets them again", async () => {
    await configureGroup('general', { max_misses: 3, miss_backoff_seconds: 45 });
    const only = await addAgent({ name: 'Only' });
    const call = await callerRinging(c);
    await call.dialResult('busy');
    // A routing pass now finds the agent available but does not ring them for this caller.
    await c.server.router.pass();
    await c.twilio.settled();
    expect(call.waiting).to.equal('queue');
    expect(await ringingAgents()).to.deep.equal([{ agent_id: only.id, outcome: 'busy' }]);
    expect((await agentRow(only.id)).state).to.equal('available');
    // The back-off runs from the miss (same transaction, same now()), however slow this machine is.
    const { rows } = await db().query(
      `SELECT extract(epoch FROM b.until - a.ended_at)::float AS left FROM agent_entry_backoffs b JOIN assignments a ON a.entry_id = b.entry_id AND a.agent_id = b.agent_id`,
    );
    expect(rows).to.have.length(1);
    expect(rows[0].left).to.equal(45);
    // The back-off is over (moved in the database rather than waited for).
    await endMissBackoffs();
    await untilRinging(c, call);
    expect(await ringingAgents()).to.deep.equal([
      { agent_id: only.id, outcome: 'busy' },
      { agent_id: only.id, outcome: null },
    ]);
  });

  it('the back-off holds one caller only: the agent takes the next caller at once', async () => {
    await configureGroup('general', { max_misses: 3 });
    const only = await addAgent({ name: 'Only' });
    const first = await callerRinging(c);
    const second = await dialCentre(c);
    await second.press('1');
    await second.press('0');
    await first.dialResult('no-answer');
    await untilRinging(c, second);
    expect(first.waiting).to.equal('queue');
    expect((await ringingAgents()).map((r) => r.agent_id)).to.deep.equal([only.id, only.id]);
  });

  it('a back-off of 0 offers the caller to the same agent again at once', async () => {
    await configureGroup('general', { max_misses: 3, miss_backoff_seconds: 0 });
    const only = await addAgent({ name: 'Only' });
    const call = await callerRinging(c);
    await call.dialResult('no-answer');
    await untilRinging(c, call);
    expect((await ringingAgents()).map((r) => r.agent_id)).to.deep.equal([only.id, only.id]);
  });
});

describe('the miss back-off as a group setting (API and CLI)', () => {
  let c: RoutingCentre;
  let token: string;
  before(async () => (c = await startCentre()));
  after(() => c.close());
  beforeEach(async () => {
    await resetDatabase();
    token = await newToken();
  });
  const call = client(
    () => c.server,
    () => token,
  );
  const cli = (...args: string[]) => runCli(args, { env: { DATABASE_URL: cliDatabaseUrl() } });

  it('defaults to 20 seconds, is changed by PATCH, and is checked', async () => {
    expect((await call('GET', '/api/groups/general')).body.missBackoffSeconds).to.equal(20);
    expect((await call('PATCH', '/api/groups/general', { missBackoffSeconds: 45 })).body.missBackoffSeconds).to.equal(45);
    expect(await call('PATCH', '/api/groups/general', { missBackoffSeconds: 601 })).to.deep.equal({
      status: 400,
      body: { error: 'missBackoffSeconds: must be a whole number of seconds from 0 to 600' },
    });
    expect(await call('POST', '/api/groups', { name: 'quick', missBackoffSeconds: 0 })).to.deep.include({ status: 201 });
    const { rows } = await testDatabase().pool.query(
      `SELECT name, miss_backoff_seconds FROM skill_groups WHERE name IN ('general', 'quick') ORDER BY name`,
    );
    expect(rows).to.deep.equal([
      { name: 'general', miss_backoff_seconds: 45 },
      { name: 'quick', miss_backoff_seconds: 0 },
    ]);
  });

  it('switchboard groups set --miss-backoff', async function () {
    this.timeout(60_000);
    expect(await cli('groups', 'set', 'general', '--miss-backoff', '30')).to.deep.include({
      code: 0,
      stdout:
        "updated group 'general': requires -; longest-idle; ring 20s, wrap-up 30s, 2 miss(es), back-off 30s, max wait 600s; overflow voicemail; widening -\n",
    });
    expect(await cli('groups', 'set', 'general', '--miss-backoff', 'soon')).to.deep.include({
      code: 2,
      stdout: 'error: missBackoffSeconds: must be a whole number of seconds from 0 to 600\n',
    });
  });
});
