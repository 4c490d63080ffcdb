import { expect } from 'chai';
import { TwilioCall } from '../../src/emulator/twilio-call.js';
import { staffOnBreak } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { ACCOUNT_SID, AUTH_TOKEN, freePort, startTestServer, type TestServer } from '../support/server.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

describe('two instances on one database', () => {
  let a: TestServer;
  let b: TestServer;
  const publicBaseUrl = 'https://ivr.example.com';
  before(async () => {
    const env = { PUBLIC_BASE_URL: publicBaseUrl };
    a = await startTestServer({ env: { ...env, PORT: String(await freePort()) }, now: () => MONDAY_10AM });
    b = await startTestServer({ env: { ...env, PORT: String(await freePort()) }, now: () => MONDAY_10AM });
  });
  after(async () => {
    await a.close();
    await b.close();
  });
  beforeEach(async () => {
    await resetDatabase();
    // Someone is logged in (on a break), so callers wait in the queues instead of overflowing.
    await staffOnBreak();
  });

  /** A load balancer that sends every request to the other instance than the last one. */
  function alternating() {
    let n = 0;
    const seen: string[] = [];
    const route = (url: string) => {
      const target = n++ % 2 === 0 ? a.url : b.url;
      seen.push(target);
      const u = new URL(url);
      return target + u.pathname + u.search;
    };
    return { route, seen };
  }

  it('a whole call works when each webhook goes to a different instance', async () => {
    const lb = alternating();
    const call = await TwilioCall.dial({
      baseUrl: publicBaseUrl,
      transportUrl: lb.route,
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      from: '+15551230000',
      to: '+18005550100',
    });
    await call.press('2');
    await call.press('9');
    await call.press('3');
    await call.hold(20);
    await call.queueResult('bridged');
    await call.press('5');
    expect(call.faults).to.deep.equal([]);
    expect(call.waiting).to.equal('ended');
    expect(call.heard.at(-1)!.text).to.equal('Gracias. Adiós.');
    expect(new Set(lb.seen)).to.deep.equal(new Set([a.url, b.url]));
    const { rows } = await testDatabase().pool.query('SELECT status, seq FROM calls WHERE call_sid = $1', [call.callSid]);
    expect(rows).to.deep.equal([{ status: 'completed', seq: 6 }]);
  });

  it('many concurrent calls spread over both instances all finish, each counted once', async () => {
    const calls = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const lb = alternating();
        const call = await TwilioCall.dial({
          baseUrl: publicBaseUrl,
          transportUrl: lb.route,
          authToken: AUTH_TOKEN,
          accountSid: ACCOUNT_SID,
          from: `+1555000${String(i).padStart(4, '0')}`,
          to: '+18005550100',
        });
        await call.press(i % 2 ? '1' : '2');
        await call.press(String((i % 3) + 1));
        await call.queueResult('bridged');
        await call.press(String((i % 5) + 1));
        return call;
      }),
    );
    for (const c of calls) expect(c.faults).to.deep.equal([]);
    const { rows } = await testDatabase().pool.query('SELECT count(*)::int AS n, sum(score)::int AS total FROM survey_responses');
    expect(rows[0]).to.deep.equal({ n: 20, total: calls.reduce((s, _, i) => s + (i % 5) + 1, 0) });
  });
});
