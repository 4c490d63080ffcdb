import { expect } from 'chai';
import { DASHBOARD_AGENT_ROWS } from '../../src/db/queries/dashboard.js';
import { addFloorOfAgents } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { addSupervisorLogin, getJson, signIn } from '../support/web.js';

// Issue 16: a big centre's live snapshot carries the agents whose state changed last and counts of
// every agent by state; the others are found through GET /api/dashboard/agents.
describe('the dashboard at a centre with more agents than its snapshot shows', () => {
  let server: TestServer;
  let cookie: string;
  const total = DASHBOARD_AGENT_ROWS + 20;
  before(async () => (server = await startTestServer()));
  after(() => server.close());
  beforeEach(async () => {
    await resetDatabase();
    await addSupervisorLogin('sam');
    cookie = (await signIn(server.url, 'sam', 'supervisor')).cookie!;
    // Agent 001 changed state longest ago, agent <total> last; one in ten on a break.
    await addFloorOfAgents(total);
  });
  const get = (path: string) => getJson(`${server.url}${path}`, cookie);

  it('the snapshot: the last agents to change state, by name, and every agent counted by state', async () => {
    const { body } = await get('/api/dashboard');
    expect(body.agentsTotal).to.equal(total);
    expect(body.agentStates).to.deep.equal({ available: total - total / 10, break: total / 10 });
    const names = body.agents.map((a: { name: string }) => a.name);
    expect(names).to.have.length(DASHBOARD_AGENT_ROWS);
    expect(names[0]).to.equal('Agent 021');
    expect(names.at(-1)).to.equal(`Agent ${total}`);

    // Agent 001 goes on a break: now the last to change, it is in the snapshot.
    await testDatabase().pool.query(`UPDATE agents SET state = 'break', state_since = now() WHERE name = 'Agent 001'`);
    const after = (await get('/api/dashboard')).body;
    expect(after.agents[0]).to.include({ name: 'Agent 001', state: 'break' });
    expect(after.agents.map((a: { name: string }) => a.name)).to.not.include('Agent 021');
    expect(after.agentStates.break).to.equal(total / 10 + 1);
  });

  it('the search: by a part of the name (any case) or a state, with the number of matches and a limit', async () => {
    const byName = (await get('/api/dashboard/agents?name=agent%2000')).body;
    expect(byName.total).to.equal(9);
    expect(byName.agents.map((a: { name: string }) => a.name)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `Agent 00${i}`));
    expect(byName.agents[0]).to.have.keys([
      'id',
      'name',
      'state',
      'stateSince',
      'stateReason',
      'pendingState',
      'pendingBy',
      'stateChangedBy',
      'skills',
      'call',
    ]);

    const onBreak = (await get('/api/dashboard/agents?state=break&limit=3')).body;
    expect(onBreak.total).to.equal(total / 10);
    expect(onBreak.agents.map((a: { name: string }) => a.name)).to.deep.equal(['Agent 010', 'Agent 020', 'Agent 030']);
    expect((await get('/api/dashboard/agents?name=agent%2001&state=break')).body.agents.map((a: { name: string }) => a.name)).to.deep.equal(
      ['Agent 010'],
    );
  });

  it('refuses a search it cannot run, naming what is wrong', async () => {
    expect(await get('/api/dashboard/agents?state=asleep')).to.deep.include({ status: 400 });
    expect((await get('/api/dashboard/agents?state=asleep')).body.error).to.match(/^state: must be one of offline, available, /);
    expect((await get('/api/dashboard/agents?limit=0')).body.error).to.equal('limit: must be at least 1');
    expect((await get('/api/dashboard/agents?colour=red')).body.error).to.match(/^colour: unknown field/);
  });
});
