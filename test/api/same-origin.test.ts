import { expect } from 'chai';
import twilio from 'twilio';
import { addAgent } from '../support/agents.js';
import { resetDatabase } from '../support/database.js';
import { AUTH_TOKEN, startTestServer, type TestServer } from '../support/server.js';
import { getJson, giveLogin, signIn } from '../support/web.js';
import { sid, voiceParams } from '../support/signed-post.js';
import { newToken } from './api-client.js';

const EVIL = 'https://evil.example';
const FORM = 'application/x-www-form-urlencoded';

describe('state-changing requests must come from our own pages', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());
  beforeEach(resetDatabase);

  async function agentSession(): Promise<string> {
    await giveLogin((await addAgent({ state: 'offline' })).id, 'ana');
    return (await signIn(server.url, 'ana', 'agent')).cookie!;
  }
  const post = (path: string, headers: Record<string, string>, body = '') => fetch(server.url + path, { method: 'POST', headers, body });
  const signedIn = async (cookie: string) => (await getJson(`${server.url}/auth/me`, cookie)).status === 200;

  it('a cross-site form cannot sign an agent out, with or without an Origin', async () => {
    const cookie = await agentSession();
    const cross = await post('/auth/logout', { cookie, origin: EVIL, 'content-type': FORM });
    expect(cross.status).to.equal(403);
    expect(await cross.json()).to.deep.equal({
      error: `cross-origin request refused: Origin ${EVIL} is not ${server.config.publicBaseUrl}`,
    });
    for (const type of [FORM, 'text/plain', 'multipart/form-data; boundary=x']) {
      const bare = await post('/auth/logout', { cookie, 'content-type': type });
      expect(bare.status, type).to.equal(403);
      expect(await bare.json()).to.deep.equal({
        error: 'request refused: send Content-Type: application/json (or an Authorization: Bearer token) with no cross-site Origin',
      });
    }
    expect(await signedIn(cookie)).to.equal(true);
    // Our own page: same Origin (the console sends JSON too).
    expect(
      (await post('/auth/logout', { cookie, origin: server.config.publicBaseUrl, 'content-type': 'application/json' })).status,
    ).to.equal(204);
    expect(await signedIn(cookie)).to.equal(false);
  });

  it('the same holds for /auth/login and every /api write; reads are not affected', async () => {
    const cookie = await agentSession();
    const form = 'username=ana&password=x&role=agent';
    expect(
      (
        await post(
          '/auth/login',
          { origin: EVIL, 'content-type': 'application/json' },
          JSON.stringify({ username: 'ana', password: 'x', role: 'agent' }),
        )
      ).status,
    ).to.equal(403);
    expect((await post('/auth/login', { 'content-type': FORM }, form)).status).to.equal(403);
    expect(
      (await post('/api/me/status', { cookie, origin: EVIL, 'content-type': 'application/json' }, '{"state":"available"}')).status,
    ).to.equal(403);
    expect((await post('/api/me/status', { cookie, 'content-type': 'text/plain' }, '{"state":"available"}')).status).to.equal(403);
    expect((await getJson(`${server.url}/api/me`, cookie, { headers: { origin: EVIL } })).body.agent.state).to.equal('offline');
    // Without an Origin, JSON (curl, scripts) is fine; so is the loopback alias of a localhost base URL.
    expect((await post('/api/me/status', { cookie, 'content-type': 'application/json' }, '{"state":"break"}')).status).to.equal(200);
    const alias = server.config.publicBaseUrl.replace('127.0.0.1', 'localhost');
    expect(
      (await post('/api/me/status', { cookie, origin: alias, 'content-type': 'application/json' }, '{"state":"available"}')).status,
    ).to.equal(200);
  });

  it('a bearer token without an Origin needs no JSON type; with a foreign Origin it is refused', async () => {
    const token = await newToken();
    await addAgent({ state: 'offline' });
    const del = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/agents/1`, { method: 'DELETE', headers: { authorization: `Bearer ${token}`, ...headers } });
    expect((await del({ origin: EVIL })).status).to.equal(403);
    expect((await del({})).status).to.equal(204);
  });

  it('Twilio webhooks (/voice) are not subject to it: their signature is their proof', async () => {
    const params = voiceParams(sid(1));
    const url = `${server.config.publicBaseUrl}/voice/incoming`;
    const res = await fetch(`${server.url}/voice/incoming`, {
      method: 'POST',
      headers: { 'content-type': FORM, origin: EVIL, 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).to.equal(200);
    expect(await res.text()).to.include('<Response>');
  });
});
