import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { revokeApiToken } from '../../src/auth/api-tokens.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { api, newToken } from './api-client.js';

describe('API: tokens and authentication', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;

  it('stores only the SHA-256 of a new sb_ token', async () => {
    const token = await newToken('dashboard');
    expect(token).to.match(/^sb_[0-9a-f]{64}$/);
    const { rows } = await db().query('SELECT id, name, token_hash, last_used_at, revoked_at FROM api_tokens');
    expect(rows).to.deep.equal([
      { id: 1, name: 'dashboard', token_hash: createHash('sha256').update(token).digest('hex'), last_used_at: null, revoked_at: null },
    ]);
  });

  it('refuses a request without a token, with 401 JSON', async () => {
    const res = await fetch(`${server.url}/api/skills`);
    expect(res.status).to.equal(401);
    expect(res.headers.get('www-authenticate')).to.equal('Bearer');
    expect(await res.json()).to.deep.equal({
      error: 'missing API token: send Authorization: Bearer <token> (create one with switchboard tokens create)',
    });
    const basic = await fetch(`${server.url}/api/skills`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.status).to.equal(401);
  });

  it('refuses an unknown token, well-formed or not', async () => {
    await newToken();
    for (const wrong of [`sb_${'0'.repeat(64)}`, 'not-a-token']) {
      const res = await api(server, wrong, 'GET', '/api/skills');
      expect(res).to.deep.equal({ status: 401, body: { error: 'unknown API token' } });
    }
  });

  it('refuses a revoked token', async () => {
    const token = await newToken();
    expect((await api(server, token, 'GET', '/api/skills')).status).to.equal(200);
    await revokeApiToken(db(), '1');
    expect(await api(server, token, 'GET', '/api/skills')).to.deep.equal({
      status: 401,
      body: { error: 'this API token has been revoked' },
    });
  });

  it('notes when a token was last used, at most once a minute', async () => {
    const token = await newToken();
    await api(server, token, 'GET', '/api/skills');
    const first = (await db().query('SELECT last_used_at FROM api_tokens')).rows[0].last_used_at;
    expect(first).to.be.instanceOf(Date);
    await api(server, token, 'GET', '/api/skills');
    expect((await db().query('SELECT last_used_at FROM api_tokens')).rows[0].last_used_at).to.deep.equal(first);
    await db().query(`UPDATE api_tokens SET last_used_at = now() - interval '2 minutes'`);
    await api(server, token, 'GET', '/api/skills');
    const { rows } = await db().query(`SELECT last_used_at > now() - interval '10 seconds' AS recent FROM api_tokens`);
    expect(rows).to.deep.equal([{ recent: true }]);
  });

  it('answers unknown endpoints and broken JSON with JSON errors', async () => {
    const token = await newToken();
    expect(await api(server, token, 'GET', '/api/nothing')).to.deep.equal({
      status: 404,
      body: { error: 'no such endpoint: GET /api/nothing' },
    });
    expect(await api(server, token, 'POST', '/api/skills', '{"name": ')).to.deep.equal({
      status: 400,
      body: { error: 'body: is not valid JSON' },
    });
    expect(await api(server, token, 'POST', '/api/skills', JSON.stringify({ name: 'x'.repeat(200_000) }))).to.deep.equal({
      status: 413,
      body: { error: 'body: is larger than 100kb' },
    });
    expect(await api(server, token, 'POST', '/api/skills')).to.deep.equal({ status: 400, body: { error: 'body: must be a JSON object' } });
    expect(await api(server, token, 'POST', '/api/skills', [])).to.deep.equal({
      status: 400,
      body: { error: 'body: must be a JSON object' },
    });
  });

  it('answers text the database cannot store (NUL) and a malformed session cookie as a client error, never 500', async () => {
    const token = await newToken();
    const nul = { status: 400, body: { error: 'text: contains a character that cannot be stored (NUL)' } };
    expect(await api(server, token, 'GET', '/api/groups/%00')).to.deep.equal(nul);
    expect(await api(server, token, 'POST', '/api/skills', { name: 'bill\u0000ing' })).to.deep.include({ status: 400 });
    expect(
      await api(server, token, 'POST', '/api/agents', { name: 'Ana\u0000', contact: { kind: 'phone', value: '+15551110001' } }),
    ).to.deep.equal(nul);
    for (const path of ['/api/skills', '/auth/me']) {
      const res = await fetch(server.url + path, { headers: { cookie: 'sb_session=%zz' } });
      expect(res.status, path).to.equal(401);
    }
  });
});
