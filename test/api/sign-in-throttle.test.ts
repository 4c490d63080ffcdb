import { expect } from 'chai';
import { addAgent } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { giveLogin, PASSWORD } from '../support/web.js';
import { parseConfig } from '../../src/config.js';

/**
 * Back-off is computed with the database's clock. Instead of waiting, a test lets a back-off run
 * out by moving its end into the past (`backOffRunsOut`); the failure counts stay as they were.
 */
describe('sign-in back-off', () => {
  let server: TestServer;
  let behindProxy: TestServer;
  before(async () => {
    server = await startTestServer();
    behindProxy = await startTestServer({ env: { TRUST_PROXY: 'loopback' } });
  });
  after(async () => {
    await server.close();
    await behindProxy.close();
  });
  beforeEach(async () => {
    await resetDatabase();
    await giveLogin((await addAgent({ name: 'Ana' })).id, 'ana');
  });
  const db = () => testDatabase().pool;

  async function login(on: TestServer, username: string, password: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${on.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username, password, role: 'agent' }),
    });
    const body = await res.json();
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body };
  }
  const backOffRunsOut = () =>
    db().query(`UPDATE login_throttle SET blocked_until = now() - interval '1 millisecond' WHERE blocked_until IS NOT NULL`);
  const refusals = async (on: TestServer, reason: string) => {
    const m = new RegExp(`^switchboard_sign_in_refusals_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(
      await (await fetch(`${on.url}/metrics`)).text(),
    );
    return m ? Number(m[1]) : 0;
  };

  it('40 wrong passwords for one user: the wait doubles from the 6th, is capped at 5 minutes, and the right password waits too', async () => {
    const throttledBefore = await refusals(server, 'throttled');
    const wrongBefore = await refusals(server, 'wrong-credentials');
    const waits: (string | null)[] = [];
    for (let i = 1; i <= 40; i++) {
      // X-Forwarded-For is not believed without TRUST_PROXY: a new one per try does not escape the count.
      const r = await login(server, 'ana', `wrong password ${i}`, { 'x-forwarded-for': `203.0.113.${i}` });
      expect(r.status, `try ${i}`).to.equal(401);
      waits.push(r.retryAfter);
      await backOffRunsOut();
    }
    const doubling = [1, 2, 4, 8, 16, 32, 64, 128, 256].map(String);
    expect(waits).to.deep.equal([null, null, null, null, null, ...doubling, ...Array(26).fill('300')]);

    await login(server, 'ana', 'wrong again');
    const blocked = await login(server, 'ana', PASSWORD);
    expect(blocked.status).to.equal(429);
    expect(blocked.body).to.deep.equal({ error: 'too many failed sign-ins; try again in 300 s', retryAfterSeconds: 300 });
    expect(blocked.retryAfter).to.equal('300');
    expect(await refusals(server, 'throttled')).to.equal(throttledBefore + 1);
    expect(await refusals(server, 'wrong-credentials')).to.equal(wrongBefore + 41);

    await backOffRunsOut();
    expect((await login(server, 'ana', PASSWORD)).status).to.equal(200);
    expect((await db().query(`SELECT key FROM login_throttle`)).rows).to.deep.equal([]); // a success starts the counts again
    expect(await login(server, 'ana', 'one typo')).to.deep.include({ status: 401, retryAfter: null });
  });

  it('one address trying many usernames is held back after 30 failures, for every username; a success from it resets it', async () => {
    for (let i = 1; i <= 35; i++) {
      expect((await login(server, `user${i}`, 'guess')).status, `try ${i}`).to.equal(401);
      await backOffRunsOut();
    }
    await login(server, 'user36', 'guess'); // the 36th failure: 2^5 s
    const r = await login(server, 'ana', PASSWORD);
    expect(r).to.deep.include({ status: 429, retryAfter: '32' });
    await backOffRunsOut();
    expect((await login(server, 'ana', PASSWORD)).status).to.equal(200);
    expect(await login(server, 'user37', 'guess')).to.deep.include({ status: 401, retryAfter: null });
  });

  it('guessing one username from many addresses holds it back, except where that person has signed in before', async () => {
    const from = (address: string) => ({ 'x-forwarded-for': address });
    expect((await login(behindProxy, 'ana', PASSWORD, from('198.51.100.7'))).status).to.equal(200); // Ana's usual desk
    for (let i = 1; i <= 15; i++) {
      expect((await login(behindProxy, 'ana', 'guess', from(`203.0.113.${i}`))).status, `try ${i}`).to.equal(401);
      await backOffRunsOut();
    }
    await login(behindProxy, 'ana', 'guess', from('203.0.113.16')); // 16th failure on the username: 2^5 s
    expect(await login(behindProxy, 'ana', PASSWORD, from('203.0.113.200'))).to.deep.include({ status: 429, retryAfter: '32' });
    expect((await login(behindProxy, 'ana', PASSWORD, from('198.51.100.7'))).status).to.equal(200);
    const { rows } = await db().query(`SELECT address FROM login_known_addresses ORDER BY address`);
    expect(rows).to.deep.equal([{ address: '198.51.100.7' }]);
  });

  it('the counts are shared by every instance', async () => {
    for (let i = 1; i <= 10; i++) {
      await login(server, 'ana', 'guess');
      await backOffRunsOut();
    }
    await login(server, 'ana', 'guess'); // the 11th: 2^5 s for the pair
    expect(await login(behindProxy, 'ana', PASSWORD)).to.deep.include({ status: 429, retryAfter: '32' });
  });

  it('TRUST_PROXY takes hops or proxy addresses, never "true" (anyone could choose their address)', () => {
    const base = { TWILIO_AUTH_TOKEN: 'x'.repeat(20) };
    expect(parseConfig(base).trustProxy).to.equal(undefined);
    expect(parseConfig({ ...base, TRUST_PROXY: '1' }).trustProxy).to.equal(1);
    expect(parseConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).to.equal('loopback, 10.0.0.0/8');
    for (const bad of ['true', 'proxy.example.com'])
      expect(() => parseConfig({ ...base, TRUST_PROXY: bad }), bad).to.throw(/TRUST_PROXY: must be a number of proxy hops/);
  });
});
