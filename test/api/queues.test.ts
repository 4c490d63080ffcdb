import { expect } from 'chai';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { client, newToken } from './api-client.js';
import { queueCaller } from '../support/queue.js';

interface Entry {
  id: number;
  waitedSeconds: number;
}

describe('API: live queues', () => {
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
  const db = () => testDatabase().pool;

  async function agent(name: string, billing: number, state: string): Promise<void> {
    const n = (await db().query('SELECT count(*)::int AS n FROM agents')).rows[0].n + 1;
    const res = await call('POST', '/api/agents', { name, contact: { kind: 'phone', value: `+1555111000${n}` }, skills: { billing } });
    await db().query('UPDATE agents SET state = $2 WHERE id = $1', [res.body.id, state]);
  }

  /** Waiting times move with the clock: checked to the second, then left out of the exact comparison. */
  function steady(queues: { entries: Entry[]; longestWaitSeconds: number }[], waited: Record<number, number>) {
    // Targets and today's standing against them: test/api/targets.test.ts.
    return queues.map(({ targets: _t, today: _d, status: _s, ...q }: { entries: Entry[]; [k: string]: unknown }) => ({
      ...q,
      entries: q.entries.map(({ waitedSeconds, ...e }) => {
        expect(waitedSeconds, `entry ${e.id}`).to.be.within(waited[e.id], waited[e.id] + 1);
        return e;
      }),
    }));
  }

  it('shows callers in routing order with their positions, and eligible agents by state', async () => {
    await call('POST', '/api/skills', { name: 'billing' });
    await call('PATCH', '/api/groups/billing', { requirements: { billing: 3 } });
    await agent('Ana', 4, 'available');
    await agent('Bo', 2, 'available'); // below billing's level: counted only where nothing is required
    await agent('Cy', 5, 'on-call');
    await agent('Di', 3, 'break');
    await agent('Ed', 5, 'offline');
    await agent('Flo', 4, 'wrap-up');

    const oldest = (await queueCaller('billing', { from: '+15552220001', waitedSeconds: 120.2 })).entryId;
    const urgent = (await queueCaller('billing', { from: '+15552220002', priority: 5, waitedSeconds: 30.2 })).entryId;
    const ringing = (await queueCaller('billing', { from: '+15552220003', state: 'offered', waitedSeconds: 200.2 })).entryId;
    const callback = (await queueCaller('billing', { from: '+15552220004', state: 'callback', waitedSeconds: 60.2 })).entryId;
    await queueCaller('billing', { state: 'completed', waitedSeconds: 500 });
    const sales = (await queueCaller('sales', { from: '+15552220005', waitedSeconds: 10.2 })).entryId;

    const res = await call('GET', '/api/queues');
    expect(res.status).to.equal(200);
    const [billing, general, sales_, support] = res.body;
    expect(billing.longestWaitSeconds).to.be.within(120, 121);
    expect(sales_.longestWaitSeconds).to.be.within(10, 11);
    const none = { waiting: 0, longestWaitSeconds: 0, entries: [], agents: { available: 2, busy: 2, away: 1 } };
    const sids = Object.fromEntries((await db().query('SELECT id, call_sid FROM queue_entries')).rows.map((r) => [r.id, r.call_sid]));
    const entry = (id: number, from: string, priority: number, state: string, position: number | null) => ({
      id,
      callSid: sids[id],
      from,
      priority,
      state,
      position,
    });
    expect(
      steady([billing, general, sales_, support], { [oldest]: 120, [urgent]: 30, [ringing]: 200, [callback]: 60, [sales]: 10 }),
    ).to.deep.equal([
      {
        name: 'billing',
        waiting: 3,
        longestWaitSeconds: billing.longestWaitSeconds,
        entries: [
          entry(urgent, '+15552220002', 5, 'waiting', 1),
          entry(ringing, '+15552220003', 0, 'offered', null),
          entry(oldest, '+15552220001', 0, 'waiting', 2),
          entry(callback, '+15552220004', 0, 'callback', 3),
        ],
        agents: { available: 1, busy: 2, away: 1 },
      },
      { name: 'general', ...none },
      {
        name: 'sales',
        ...none,
        waiting: 1,
        longestWaitSeconds: sales_.longestWaitSeconds,
        entries: [entry(sales, '+15552220005', 0, 'waiting', 1)],
      },
      { name: 'support', ...none },
    ]);
  });

  it('shows empty queues when nobody calls', async () => {
    const empty = (name: string) => ({
      name,
      waiting: 0,
      longestWaitSeconds: 0,
      entries: [],
      agents: { available: 0, busy: 0, away: 0 },
      // The centre's default targets; nothing to judge with no calls.
      targets: {
        serviceLevel: 0.8,
        serviceLevelSeconds: 20,
        serviceLevelFormula: null,
        asaSeconds: null,
        abandonRate: null,
        nps: null,
        csat: null,
      },
      today: { serviceLevel: null, asaSeconds: null, abandonRate: null, nps: null, csat: null, offered: 0, answered: 0, abandoned: 0 },
      status: { serviceLevel: null, asa: null, abandonRate: null, nps: null, csat: null },
    });
    expect(await call('GET', '/api/queues')).to.deep.equal({ status: 200, body: ['billing', 'general', 'sales', 'support'].map(empty) });
  });
});
