import { expect } from 'chai';
import { addAgent } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { openStream, type OpenStream } from '../support/event-stream.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { addSupervisorLogin, giveLogin, signIn } from '../support/web.js';
import { createApiToken, revokeApiToken } from '../../src/auth/api-tokens.js';
import { setAgentLogin } from '../../src/auth/logins.js';
import { hashSecretToken } from '../../src/auth/secret-token.js';
import { LiveHub } from '../../src/live/live-hub.js';
import { createSession } from '../../src/db/queries/people.js';
import { createLogger } from '../../src/log.js';

// The server ends a stream when a refresh finds its credential gone; NOTIFY makes that refresh
// come within ~100 ms of the change, so each wait below is for an event (mocha's time-out bounds them).

describe('live streams end with the credential that opened them', () => {
  let server: TestServer;
  const streams: OpenStream[] = [];
  before(async () => (server = await startTestServer()));
  after(() => server.close());
  beforeEach(resetDatabase);
  afterEach(() => streams.splice(0).forEach((s) => s.close()));
  const db = () => testDatabase().pool;

  /** The stream ends, its last event telling the page why (a snapshot may still come before it). */
  const endsSignedOut = async (s: OpenStream) => expect((await s.untilEnd()).at(-1)).to.equal('signed-out');

  async function stream(path: string, headers: Record<string, string>): Promise<OpenStream> {
    const s = await openStream(server.url + path, headers);
    streams.push(s);
    expect(s.status).to.equal(200);
    expect((await s.next()).event).to.equal('snapshot');
    return s;
  }

  it('a dashboard stream ends at sign-out; another supervisor session\u2019s stream goes on', async () => {
    await addSupervisorLogin();
    const a = await signIn(server.url, 'sam', 'supervisor');
    const b = await signIn(server.url, 'sam', 'supervisor');
    const mine = await stream('/api/dashboard/events', { cookie: a.cookie! });
    const other = await stream('/api/dashboard/events', { cookie: b.cookie! });
    const out = await fetch(`${server.url}/auth/logout`, {
      method: 'POST',
      headers: { cookie: a.cookie!, 'content-type': 'application/json' },
    });
    expect(out.status).to.equal(204);
    await endsSignedOut(mine);
    await addAgent({ name: 'Newcomer' }); // a change the other stream must still see
    expect((await other.next()).event).to.equal('snapshot');
  });

  it('a console stream on an agent API token ends when the token is revoked', async () => {
    const agent = await addAgent();
    const { token, info } = await createApiToken(db(), { name: 'ana console', agentId: agent.id });
    const s = await stream('/api/me/events', { authorization: `Bearer ${token}` });
    await revokeApiToken(db(), String(info.id));
    await endsSignedOut(s);
  });

  it('a console stream ends when its session expires', async () => {
    const agent = await addAgent();
    await giveLogin(agent.id, 'ana');
    const { cookie } = await signIn(server.url, 'ana', 'agent');
    const s = await stream('/api/me/events', { cookie: cookie! });
    await db().query(`UPDATE web_sessions SET expires_at = now() - interval '1 second'`);
    await endsSignedOut(s);
  });

  it('a console stream ends when the agent\u2019s password changes', async () => {
    const agent = await addAgent();
    await giveLogin(agent.id, 'ana');
    const { cookie } = await signIn(server.url, 'ana', 'agent');
    const s = await stream('/api/me/events', { cookie: cookie! });
    await setAgentLogin(db(), agent.id, { username: 'ana', password: 'a brand new password' });
    await endsSignedOut(s);
  });

  it('a stream ends when its token comes to act for someone else (a role change)', async () => {
    const agent = await addAgent();
    const { token, info } = await createApiToken(db(), { name: 'shared screen', agentId: agent.id });
    const s = await stream('/api/me/events', { authorization: `Bearer ${token}` });
    await db().query(`UPDATE api_tokens SET role = 'supervisor', agent_id = NULL WHERE id = $1`, [info.id]);
    await endsSignedOut(s);
  });

  it('without any notification (a session simply running out), the hub’s timer ends the stream', async () => {
    const agent = await addAgent();
    const hash = hashSecretToken('a session that runs out');
    await createSession(db(), hash, { role: 'agent', agentId: agent.id, name: 'Ana' }, 1);
    // No LISTEN: only the periodic refresh can notice.
    const hub = new LiveHub({
      pool: db(),
      log: createLogger('silent'),
      timezone: () => 'UTC',
      serviceLevelFormula: 'offered',
      refreshMs: 50,
    });
    await hub.start();
    try {
      const ended = new Promise<void>((resolve) => {
        hub.subscribeAgent(agent.id, {
          credential: { kind: 'session', hash },
          principal: `agent:${agent.id}`,
          send: () => {},
          end: resolve,
        });
      });
      await db().query(`UPDATE web_sessions SET expires_at = now() - interval '1 second'`);
      await ended;
    } finally {
      await hub.stop();
    }
  });
});
