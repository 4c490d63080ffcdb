import { expect } from 'chai';
import { addAgent } from '../support/agents.js';
import { cliDatabaseUrl, runCli } from '../support/cli.js';
import { resetDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { getJson, giveLogin, signIn } from '../support/web.js';
import { client, newToken } from './api-client.js';

// Issue 14 item 11: break reasons and dispositions are the centre's configuration, not HTML.
describe('break reasons and dispositions: configured by supervisors (API, CLI), offered to agents, enforced', () => {
  let server: TestServer;
  let token: string;
  before(async () => (server = await startTestServer()));
  after(() => server.close());
  beforeEach(async () => {
    await resetDatabase();
    token = await newToken();
  });
  const call = client(
    () => server,
    () => token,
  );

  it('ships the lists the console had; a supervisor adds, relabels, orders and removes; the agent sees the active ones in order', async () => {
    expect((await call('GET', '/api/break-reasons')).body.map((c: { name: string }) => c.name)).to.deep.equal([
      'lunch',
      'coffee',
      'training',
      'meeting',
    ]);
    expect((await call('PUT', '/api/break-reasons/coaching', { label: 'Coaching session', position: 0 })).body).to.deep.equal({
      name: 'coaching',
      label: 'Coaching session',
      position: 0,
      active: true,
    });
    expect((await call('PUT', '/api/dispositions/refund', { label: 'Refund given' })).body.position).to.equal(7);
    expect((await call('DELETE', '/api/break-reasons/coffee')).status).to.equal(204);
    expect((await call('DELETE', '/api/break-reasons/coffee-break')).body).to.deep.equal({ error: "no break reason named 'coffee-break'" });
    expect((await call('GET', '/api/break-reasons?all=true')).body.find((c: { name: string }) => c.name === 'coffee').active).to.equal(
      false,
    );

    const agent = await addAgent({ name: 'Ana Ruiz', state: 'offline' });
    await giveLogin(agent.id, 'ana');
    const { cookie } = await signIn(server.url, 'ana', 'agent');
    const choices = (await getJson(`${server.url}/api/me/choices`, cookie)).body;
    expect(choices.breakReasons).to.deep.equal([
      { name: 'coaching', label: 'Coaching session' },
      { name: 'lunch', label: 'Lunch' },
      { name: 'training', label: 'Training' },
      { name: 'meeting', label: 'Meeting' },
    ]);
    expect(choices.dispositions.at(-1)).to.deep.equal({ name: 'refund', label: 'Refund given' });
    // Agents read them; only supervisors change them.
    expect((await getJson(`${server.url}/api/break-reasons/nap`, cookie, { method: 'PUT', body: '{"label":"Nap"}' })).status).to.equal(403);
  });

  it('refuses bad input by name, and a break or wrap-up naming what the centre does not offer', async () => {
    expect((await call('PUT', '/api/break-reasons/Coffee%20Break', { label: 'x' })).body).to.deep.equal({
      error: 'name: must be lower-case letters, digits and dashes (at most 40), e.g. lunch',
    });
    expect((await call('PUT', '/api/dispositions/sold', { label: ' ' })).body).to.deep.equal({ error: 'label: must not be empty' });
    expect((await call('PUT', '/api/dispositions/sold', { label: 'Sold', colour: 'red' })).status).to.equal(400);
    await call('DELETE', '/api/break-reasons/coffee');

    const agent = await addAgent({ name: 'Ana Ruiz', state: 'available' });
    const refused = await call('POST', `/api/agents/${agent.id}/status`, { state: 'break', reason: 'coffee' });
    expect(refused).to.deep.equal({
      status: 400,
      body: { error: "reason: 'coffee' is not one of the centre's break reasons (lunch, training, meeting)" },
    });
    expect((await call('POST', `/api/agents/${agent.id}/status`, { state: 'break', reason: 'lunch' })).status).to.equal(200);
    // Not-ready reasons stay free text (Switchboard itself writes some, e.g. after missed calls).
    expect((await call('POST', `/api/agents/${agent.id}/status`, { state: 'not-ready', reason: 'headset broken' })).status).to.equal(200);
  });

  it('CLI: set, list and remove, with the same rules', async () => {
    const env = { DATABASE_URL: cliDatabaseUrl() };
    const set = await runCli(['dispositions', 'set', 'sale', '--label', 'Sale made', '--position', '2'], { env });
    expect(set.stdout.trim()).to.equal(`dispositions 'sale': "Sale made", position 2`);
    const list = await runCli(['dispositions', 'list', '--json'], { env });
    expect(JSON.parse(list.stdout).map((c: { name: string }) => c.name)).to.deep.equal([
      'resolved',
      'follow-up',
      'sale',
      'escalated',
      'not-resolved',
      'wrong-number',
      'complaint',
    ]);
    const bad = await runCli(['break-reasons', 'set', 'Long Lunch', '--label', 'Long lunch'], { env });
    expect(bad.code).to.not.equal(0);
    expect(bad.stdout + bad.stderr).to.include('name: must be lower-case letters, digits and dashes');
    expect((await runCli(['break-reasons', 'remove', 'lunch'], { env })).stdout.trim()).to.equal(
      "break-reasons 'lunch' is no longer offered",
    );
    const table = await runCli(['break-reasons', 'list', '--all'], { env });
    expect(table.stdout).to.match(/lunch\s+Lunch\s+1\s+no \(removed\)/);
  });
});
