import { expect } from 'chai';
import { createApiToken } from '../../src/auth/api-tokens.js';
import { hashSecretToken } from '../../src/auth/secret-token.js';
import { staffOnBreak } from '../support/agents.js';
import { cliDatabaseUrl, runCli } from '../support/cli.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { openStream } from '../support/event-stream.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { placeCall } from '../support/twilio-driver.js';
import { addSupervisorLogin, getJson, signIn } from '../support/web.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

describe('wallboard tokens: read-only, the wallboard only, revocable', () => {
  let server: TestServer;
  let supervisor: string;
  before(async () => (server = await startTestServer({ now: () => MONDAY_10AM })));
  after(() => server.close());
  beforeEach(async () => {
    await resetDatabase();
    await addSupervisorLogin('sam');
    supervisor = (await signIn(server.url, 'sam', 'supervisor')).cookie!;
  });
  const url = (p: string) => `${server.url}${p}`;
  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  async function newWallboardToken(name = 'floor TV'): Promise<{ id: number; token: string; url: string }> {
    const { status, body } = await getJson(url('/api/wallboard-tokens'), supervisor, { method: 'POST', body: JSON.stringify({ name }) });
    expect(status).to.equal(201);
    return body;
  }

  it('a supervisor makes one (shown once, stored hashed); it reads the queues, and nothing else', async () => {
    const made = await newWallboardToken();
    expect(made.token).to.match(/^sbw_[0-9a-f]{64}$/);
    expect(made.url).to.equal(`${server.url}/wallboard#token=${made.token}`);
    const stored = await testDatabase().pool.query('SELECT role, token_hash FROM api_tokens WHERE id = $1', [made.id]);
    expect(stored.rows[0]).to.deep.equal({ role: 'wallboard', token_hash: hashSecretToken(made.token) });
    const listed = await getJson(url('/api/wallboard-tokens'), supervisor);
    expect(listed.body.tokens.map((t: { name: string; role: string }) => [t.name, t.role])).to.deep.equal([['floor TV', 'wallboard']]);
    expect(JSON.stringify(listed.body)).not.to.include(made.token);

    const data = await getJson(url('/wallboard/data'), undefined, bearer(made.token));
    expect(data.status).to.equal(200);
    const sales = data.body.queues.find((q: { group: string }) => q.group === 'sales');
    expect(sales).to.deep.include({ waiting: 0, longestWaitSeconds: 0, serviceLevel: null, status: null });
    expect(sales.target).to.deep.equal({ serviceLevel: 0.8, serviceLevelSeconds: 20 });
    expect(sales.agents).to.deep.equal({ available: 0, busy: 0, away: 0 });

    for (const [method, p] of [
      ['GET', '/api/queues'],
      ['GET', '/api/voicemails'],
      ['GET', '/api/me'],
      ['GET', '/api/dashboard/events'],
      ['POST', '/api/wallboard-tokens'],
      ['DELETE', `/api/wallboard-tokens/${made.id}`],
    ]) {
      const r = await getJson(url(p), undefined, { method, ...bearer(made.token), ...(method === 'POST' ? { body: '{"name":"x"}' } : {}) });
      expect(r, `${method} ${p}`).to.deep.equal({
        status: 403,
        body: { error: 'a wallboard token opens only the wallboard (/wallboard); use an API token here' },
      });
    }
    expect((await getJson(url('/api/wallboard-tokens'), supervisor)).body.tokens[0].revokedAt).to.equal(null);
  });

  it('refuses no token, an unknown one and a supervisor API token; a supervisor session may look', async () => {
    expect((await getJson(url('/wallboard/data'))).status).to.equal(401);
    expect((await getJson(url('/wallboard/data'), undefined, bearer(`sbw_${'0'.repeat(64)}`))).body).to.deep.equal({
      error: 'unknown wallboard token',
    });
    const { token } = await createApiToken(testDatabase().pool, { name: 'ops' });
    expect(await getJson(url('/wallboard/data'), undefined, bearer(token))).to.deep.equal({
      status: 403,
      body: { error: 'this is not a wallboard token' },
    });
    expect((await getJson(url('/wallboard/data'), supervisor)).status).to.equal(200);
    const session = await fetch(url('/wallboard/session'), { method: 'POST', ...bearer(token) });
    expect(session.status).to.equal(401);
  });

  it('the page trades its link’s token for a cookie kept to /wallboard', async () => {
    const made = await newWallboardToken();
    const res = await fetch(url('/wallboard/session'), { method: 'POST', ...bearer(made.token) });
    expect(res.status).to.equal(204);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).to.match(new RegExp(`^sb_wallboard=${made.token}; Path=/wallboard; HttpOnly; SameSite=Strict; Max-Age=\\d+$`));
    const cookie = setCookie.split(';')[0];
    expect((await getJson(url('/wallboard/data'), cookie)).status).to.equal(200);
    // A cross-site page cannot plant one.
    const forged = await fetch(url('/wallboard/session'), {
      method: 'POST',
      headers: { ...bearer(made.token).headers, origin: 'https://evil.example' },
    });
    expect(forged.status).to.equal(403);
  });

  it('streams a new snapshot when a caller queues, and ends the stream when the token is revoked', async () => {
    await staffOnBreak();
    const made = await newWallboardToken();
    const stream = await openStream(url('/wallboard/events'), bearer(made.token).headers);
    try {
      expect(stream.status).to.equal(200);
      const first = await stream.next();
      expect(first.event).to.equal('snapshot');
      expect(first.data.queues.find((q: { group: string }) => q.group === 'sales').waiting).to.equal(0);
      const call = await placeCall(server);
      await call.press('1');
      await call.press('3');
      for (;;) {
        const e = await stream.next();
        expect(e.event).to.equal('snapshot');
        const sales = e.data.queues.find((q: { group: string }) => q.group === 'sales');
        if (sales.waiting === 1) break;
      }
      expect(JSON.stringify(first.data)).not.to.match(/\+1555/); // no caller numbers on the floor
      const revoked = await getJson(url(`/api/wallboard-tokens/${made.id}`), supervisor, { method: 'DELETE' });
      expect(revoked.body).to.deep.include({ id: made.id, alreadyRevoked: false });
      expect(await stream.untilEnd()).to.include('signed-out');
    } finally {
      stream.close();
    }
    expect(await getJson(url('/wallboard/data'), undefined, bearer(made.token))).to.deep.equal({
      status: 401,
      body: { error: 'this wallboard token has been revoked' },
    });
  });

  it('switchboard tokens create <name> --wallboard makes one; list shows it; revoke ends it', async () => {
    const cli = (...args: string[]) => runCli(args, { env: { DATABASE_URL: cliDatabaseUrl() } });
    const created = await cli('tokens', 'create', 'lobby', '--wallboard');
    expect(created.code, created.stderr).to.equal(0);
    const token = /sbw_[0-9a-f]{64}/.exec(created.stdout)![0];
    expect(created.stdout).to.include('created wallboard token 1 (lobby); it opens only the wallboard.');
    expect((await getJson(url('/wallboard/data'), undefined, bearer(token))).status).to.equal(200);
    expect((await cli('tokens', 'list')).stdout).to.match(/^1 +lobby +wallboard /m);
    expect((await cli('tokens', 'create', 'x', '--wallboard', '--agent', '3')).code).not.to.equal(0);
    expect((await cli('tokens', 'revoke', '1')).code).to.equal(0);
    expect((await getJson(url('/wallboard/data'), undefined, bearer(token))).status).to.equal(401);
  });
});
