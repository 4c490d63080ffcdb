import { expect } from 'chai';
import { TwilioCall } from '../../src/emulator/twilio-call.js';
import { TwilioRestStandIn } from '../../src/emulator/twilio-rest-stand-in.js';
import { addAgent, configureGroup } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { ACCOUNT_SID, AUTH_TOKEN, freePort, startTestServer, type TestServer } from '../support/server.js';

const PUBLIC = 'https://ivr.example.com';
const POLL_MS = 200;
const CALLERS = 30;
const AGENTS = 8;

describe('routing across two instances under load', function () {
  this.timeout(60_000);
  let a: TestServer;
  let b: TestServer;
  let twilio: TwilioRestStandIn;
  let n = 0;
  // A load balancer: each request goes to the other instance than the last.
  const route = (url: string) => {
    const u = new URL(url);
    return (n++ % 2 ? a.url : b.url) + u.pathname + u.search;
  };

  before(async () => {
    twilio = await new TwilioRestStandIn({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: PUBLIC, transportUrl: route }).start();
    const env = { PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: twilio.url };
    const opts = { routing: true, routingPollMs: POLL_MS, reconcileEveryMs: 1000, now: () => Date.parse('2026-11-23T15:00:00Z') };
    a = await startTestServer({ ...opts, env: { ...env, PORT: String(await freePort()) } });
    b = await startTestServer({ ...opts, env: { ...env, PORT: String(await freePort()) } });
  });
  after(async () => {
    await twilio.close();
    await a.close();
    await b.close();
  });
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;

  it(`${CALLERS} callers, ${AGENTS} agents: no double booking, FIFO within priority, everyone served (how fast is npm run bench's business)`, async () => {
    await configureGroup('general', { wrap_up_seconds: 0 });
    const agents = await Promise.all(Array.from({ length: AGENTS }, () => addAgent({ state: 'break' })));

    // Everyone queues first (operator, key 0); a third of them with a higher priority.
    const calls: TwilioCall[] = [];
    for (let i = 0; i < CALLERS; i++) {
      const call = twilio.register(
        new TwilioCall({
          baseUrl: PUBLIC,
          transportUrl: route,
          authToken: AUTH_TOKEN,
          accountSid: ACCOUNT_SID,
          from: `+1555100${String(i).padStart(4, '0')}`,
          to: '+18005550100',
        }),
      );
      await call.start();
      await call.press('1');
      await call.press('0');
      expect(call.waiting).to.equal('queue');
      calls.push(call);
    }
    await db().query(`UPDATE queue_entries SET priority = 5 WHERE call_sid = ANY($1)`, [
      calls.filter((_, i) => i % 3 === 0).map((c) => c.callSid),
    ]);

    // Agents log in; each caller, when rung, is answered, talks briefly and rates the call.
    await db().query(`UPDATE agents SET state = 'available', state_since = now() WHERE id = ANY($1)`, [agents.map((x) => x.id)]);
    await Promise.all(
      calls.map(async (call, i) => {
        await twilio.until(() => call.waiting === 'dial');
        await call.agentAnswers({ press: '1' });
        await call.endBridge({ by: 'agent', seconds: 5 + i });
        await call.press(String((i % 5) + 1));
      }),
    );

    for (const call of calls) expect(call.faults).to.deep.equal([]);
    const done = await db().query(`SELECT count(*)::int AS n FROM queue_entries WHERE state = 'completed'`);
    expect(done.rows[0].n).to.equal(CALLERS);

    // No agent ever had two live calls: their assignments never overlap in time.
    const overlaps = await db().query(
      `SELECT count(*)::int AS n FROM assignments x JOIN assignments y ON x.agent_id = y.agent_id AND x.id < y.id
       WHERE tstzrange(x.created_at, coalesce(x.ended_at, 'infinity')) && tstzrange(y.created_at, coalesce(y.ended_at, 'infinity'))`,
    );
    expect(overlaps.rows[0].n).to.equal(0);

    // Offers went out in order, priority first, then who queued first. Two routers claim at the
    // same moment, so each offer is the first or second of the callers not yet offered.
    const order = await db().query(
      `SELECT q.id, q.priority, q.first_entered_at FROM assignments a JOIN queue_entries q ON q.id = a.entry_id ORDER BY a.id`,
    );
    const remaining = [...order.rows].sort((x, y) => y.priority - x.priority || x.first_entered_at - y.first_entered_at || x.id - y.id);
    const ranks = order.rows.map((r) => {
      const rank = remaining.findIndex((x) => x.id === r.id);
      remaining.splice(rank, 1);
      return rank;
    });
    expect(
      ranks.filter((r) => r > 1),
      `ranks of each offer among those still waiting: ${ranks.join(',')}`,
    ).to.deep.equal([]);
    expect(ranks.filter((r) => r === 1).length, 'offers that went to the second in line').to.be.lessThan(CALLERS / 2);
  });
});
