import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { addAgent, agentRow, staffOnBreak } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { dialCentre, startCentre, untilRinging, type RoutingCentre } from '../support/routing.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { addSupervisorLogin, getJson, giveLogin, nextSnapshot, signIn } from '../support/web.js';
import { placeCall } from '../support/twilio-driver.js';
import { createApiToken } from '../../src/auth/api-tokens.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

describe('console and dashboard APIs: sign-in and roles', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      now: () => MONDAY_10AM,
      env: {
        TWILIO_API_KEY_SID: 'SK' + '1'.repeat(32),
        TWILIO_API_KEY_SECRET: 'voice-key-secret-123456',
        TWILIO_TWIML_APP_SID: 'AP' + '2'.repeat(32),
      },
    });
  });
  after(() => server.close());
  beforeEach(resetDatabase);

  it('signs agents and supervisors in with their own credentials; wrong ones get 401', async () => {
    const agent = await addAgent({ name: 'Ana Ruiz' });
    await giveLogin(agent.id, 'ana');
    await addSupervisorLogin('sam');
    expect((await signIn(server.url, 'ana', 'agent', 'wrong password')).status).to.equal(401);
    expect((await signIn(server.url, 'ana', 'supervisor')).status).to.equal(401); // an agent is not a supervisor
    const a = await signIn(server.url, 'ana', 'agent');
    expect(a).to.deep.include({ status: 200, body: { role: 'agent', name: 'Ana Ruiz', agentId: agent.id } });
    expect(a.cookie).to.match(/^sb_session=[\w-]{43}$/);
    expect((await getJson(`${server.url}/auth/me`, a.cookie)).body).to.deep.equal({ role: 'agent', name: 'Ana Ruiz', agentId: agent.id });
    const s = await signIn(server.url, 'sam', 'supervisor');
    expect(s.body).to.deep.equal({ role: 'supervisor', name: 'Sam Lee' });
    const out = await fetch(`${server.url}/auth/logout`, {
      method: 'POST',
      headers: { cookie: a.cookie!, 'content-type': 'application/json' },
    });
    expect(out.status).to.equal(204);
    expect((await getJson(`${server.url}/auth/me`, a.cookie)).status).to.equal(401);
  });

  it('an agent (session or token) gets 403 on supervisor routes; a supervisor gets 403 on an agent\u2019s own API', async () => {
    const agent = await addAgent();
    await giveLogin(agent.id, 'ben');
    await addSupervisorLogin();
    const { cookie } = await signIn(server.url, 'ben', 'agent');
    for (const path of ['/api/agents', '/api/groups', '/api/queues', '/api/dashboard', '/api/flows']) {
      const r = await getJson(`${server.url}${path}`, cookie);
      expect(r, path).to.deep.equal({ status: 403, body: { error: 'this needs a supervisor; you are signed in as an agent' } });
    }
    const { token } = await createApiToken(testDatabase().pool, { name: 'ben console', agentId: agent.id });
    const viaToken = await getJson(`${server.url}/api/agents`, undefined, { headers: { authorization: `Bearer ${token}` } });
    expect(viaToken.status).to.equal(403);
    const mine = await getJson(`${server.url}/api/me`, undefined, { headers: { authorization: `Bearer ${token}` } });
    expect(mine.status).to.equal(200);
    const sup = await signIn(server.url, 'sam', 'supervisor');
    expect((await getJson(`${server.url}/api/me`, sup.cookie)).body).to.deep.equal({
      error: "this is an agent's own API; sign in as an agent",
    });
    expect((await getJson(`${server.url}/api/agents`, sup.cookie)).status).to.equal(200);
  });

  it('an agent sets their own status; a request during a call waits (202)', async () => {
    const agent = await addAgent({ state: 'offline' });
    await giveLogin(agent.id, 'cat');
    const { cookie } = await signIn(server.url, 'cat', 'agent');
    const r = await getJson(`${server.url}/api/me/status`, cookie, { method: 'POST', body: JSON.stringify({ state: 'available' }) });
    expect(r.status).to.equal(200);
    expect((await agentRow(agent.id)).state).to.equal('available');
    await testDatabase().pool.query(`UPDATE agents SET state = 'on-call' WHERE id = $1`, [agent.id]);
    const later = await getJson(`${server.url}/api/me/status`, cookie, {
      method: 'POST',
      body: JSON.stringify({ state: 'break', reason: 'lunch' }),
    });
    expect(later.status).to.equal(202);
    expect(later.body).to.deep.include({ state: 'on-call', pendingState: 'break' });
    const bad = await getJson(`${server.url}/api/me/status`, cookie, { method: 'POST', body: JSON.stringify({ state: 'on-call' }) });
    expect(bad).to.deep.equal({ status: 400, body: { error: 'state: must be one of available, break, offline, not-ready' } });
  });

  it('the softphone token is a Twilio Voice access token for the agent\u2019s client identity', async () => {
    const agent = await addAgent({ client: 'chloe' });
    await giveLogin(agent.id, 'chloe');
    const { cookie } = await signIn(server.url, 'chloe', 'agent');
    const { status, body } = await getJson(`${server.url}/api/me/voice-token`, cookie);
    expect(status).to.equal(200);
    expect(body.identity).to.equal('chloe');
    const [head, payload, signature] = body.token.split('.');
    const expected = createHmac('sha256', 'voice-key-secret-123456').update(`${head}.${payload}`).digest('base64url');
    expect(signature).to.equal(expected);
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims.iss).to.equal('SK' + '1'.repeat(32));
    expect(claims.sub).to.equal('AC' + 'a'.repeat(32));
    expect(claims.grants).to.deep.equal({
      identity: 'chloe',
      voice: { incoming: { allow: true }, outgoing: { application_sid: 'AP' + '2'.repeat(32) } },
    });
    expect(claims.exp - claims.iat).to.equal(3600);
  });

  it('the dashboard stream pushes a new snapshot when a caller queues', async () => {
    await addSupervisorLogin();
    await staffOnBreak();
    const { cookie } = await signIn(server.url, 'sam', 'supervisor');
    type Snap = { queues: { group: string; waiting: number }[] };
    const snap = await nextSnapshot<Snap>(
      `${server.url}/api/dashboard/events`,
      cookie!,
      (s) => s.queues.find((q) => q.group === 'sales')!.waiting === 1,
      async () => {
        const call = await placeCall(server);
        await call.press('1');
        await call.press('3');
      },
    );
    expect(snap.queues.find((q) => q.group === 'sales')).to.deep.include({ waiting: 1 });
  });

  it('lists the flows with their versions and diagrams', async () => {
    await addSupervisorLogin();
    const { cookie } = await signIn(server.url, 'sam', 'supervisor');
    const { body } = await getJson(`${server.url}/api/flows`, cookie);
    expect(body.timezone).to.equal('America/New_York');
    expect(body.flows).to.have.length(1);
    expect(body.flows[0]).to.deep.include({
      id: 'acme-support',
      version: server.registry.forNumber('+18005550100')!.hash,
      numbers: ['+18005550100'],
      isDefault: true,
    });
    expect(body.flows[0].mermaid).to.match(/^flowchart TD\n/);
  });
});

describe('agent console API: the screen pop and wrap-up', () => {
  let c: RoutingCentre;
  before(async () => (c = await startCentre({ now: () => MONDAY_10AM })));
  after(() => c.close());
  beforeEach(resetDatabase);

  it('a routed call pops on the agent\u2019s screen with the menu path; wrap-up stores a disposition and notes', async () => {
    const agent = await addAgent({ name: 'Ana Ruiz' });
    await giveLogin(agent.id, 'ana');
    const { cookie } = await signIn(c.server.url, 'ana', 'agent');
    await testDatabase().pool.query(`UPDATE skill_groups SET wrap_up_seconds = 120 WHERE name = 'billing'`);
    const call = await dialCentre(c, { from: '+15557654321' });
    await call.press('2');
    await call.press('1');
    await untilRinging(c, call);
    const ringing = (await getJson(`${c.server.url}/api/me`, cookie)).body;
    expect(ringing.agent.state).to.equal('reserved');
    expect(ringing.call).to.deep.include({
      state: 'ringing',
      kind: 'inbound',
      group: 'billing',
      caller: '+15557654321',
      language: 'es-MX',
      menuPath: ['choose-language:2', 'main-menu:1'],
      menuPathWords: ['Español', 'Billing'],
      priority: 0,
      data: {},
      fields: [],
    });
    await call.agentAnswers({ press: '1' });
    await call.endBridge({ by: 'agent', seconds: 42 });
    const wrap = (await getJson(`${c.server.url}/api/me`, cookie)).body;
    expect(wrap.agent.state).to.equal('wrap-up');
    expect(wrap.call.state).to.equal('ended');
    const done = await getJson(`${c.server.url}/api/me/wrap-up`, cookie, {
      method: 'POST',
      body: JSON.stringify({ assignmentId: wrap.call.assignmentId, disposition: 'resolved', notes: 'Refund issued', done: true }),
    });
    expect(done.status).to.equal(200);
    expect(done.body.agent.state).to.equal('available');
    const { rows } = await testDatabase().pool.query('SELECT disposition, notes, wrap_up_ended_at IS NOT NULL AS closed FROM assignments');
    expect(rows).to.deep.equal([{ disposition: 'resolved', notes: 'Refund issued', closed: true }]);
  });
});

describe('operations endpoints', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ now: () => MONDAY_10AM })));
  after(() => server.close());
  beforeEach(resetDatabase);

  it('/metrics: webhook latency by route, queue sizes, agents by state, errors', async () => {
    await staffOnBreak();
    const call = await placeCall(server);
    await call.press('1');
    await call.press('2');
    await getJson(`${server.url}/voice/gather?seq=1`, undefined, { method: 'POST' }); // unsigned: 403, not counted as a webhook
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).to.match(/^switchboard_webhook_duration_seconds_count\{route="gather",outcome="stepped"\} 2$/m);
    expect(text).to.match(/^switchboard_webhook_duration_seconds_count\{route="incoming",outcome="started"\} 1$/m);
    expect(text).to.match(/^switchboard_queue_waiting\{group="support",state="waiting"\} 1$/m);
    expect(text).to.match(/^switchboard_agents\{state="break"\} 1$/m);
    expect(text).to.include('# TYPE switchboard_routing_decision_duration_seconds histogram');
    expect(text).to.include('# TYPE switchboard_errors_total counter');
  });

  it('/ready checks the database and says only that it is ready', async () => {
    const { status, body } = await getJson(`${server.url}/ready`);
    expect(status).to.equal(200);
    expect(body).to.deep.equal({ status: 'ready' });
  });
});
