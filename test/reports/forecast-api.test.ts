import { expect } from 'chai';
import { createApiToken } from '../../src/auth/api-tokens.js';
import { addAgent, configureGroup } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { billingHistory } from './forecast-history.js';
import { getReport } from './report-client.js';

describe('Staffing forecast: GET /api/forecast', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ env: { CENTRE_TIMEZONE: 'UTC' } })));
  after(() => server.close());
  beforeEach(resetDatabase);

  it('forecasts each interval from the same weekday of the past weeks, with Erlang C and Erlang A agents', async () => {
    await billingHistory();
    const res = await getReport(server, '/api/forecast?group=billing&date=2026-12-07');
    expect(res.status).to.equal(200);
    const f = res.body;
    expect(f).to.deep.include({
      group: 'billing',
      date: '2026-12-07',
      timezone: 'UTC',
      interval: 30,
      target: 0.8,
      serviceLevelSeconds: 20,
    });
    expect(f.history).to.deep.equal({
      weeks: 4,
      daysWithData: ['2026-11-30', '2026-11-23'],
      intervalsWithData: 3,
      offered: 236,
      abandoned: 20,
      handled: 216,
      ahtSeconds: 190,
      ahtFrom: 'history',
      patienceSeconds: 60,
    });
    expect(f.notes).to.deep.equal(['only 2 of the 4 Mondays before 2026-12-07 had calls: the forecast averages those']);
    expect(f.rows).to.have.length(48);
    const busy = f.rows.filter((r: { calls: number }) => r.calls > 0);
    expect(busy.map((r: { start: string }) => r.start)).to.deep.equal(['2026-12-07T09:00:00+00:00', '2026-12-07T10:00:00+00:00']);
    expect(busy[0]).to.deep.include({ calls: 100, ahtSeconds: 180, load: 10 });
    expect(busy[0].erlangC).to.deep.equal({ agents: 14, serviceLevel: 0.8884 });
    expect(busy[0].erlangA.agents).to.equal(12);
    expect(busy[1]).to.deep.include({ calls: 18, ahtSeconds: 240, load: 2.4 });
    expect(busy[1].erlangC.agents).to.equal(5); // SL 74.9 % with 4 (by the factorial formula), 90.9 % with 5
    expect(busy[1].erlangA.agents).to.equal(4);
    expect(f.rows[0]).to.deep.equal({
      start: '2026-12-07T00:00:00+00:00',
      calls: 0,
      ahtSeconds: 190,
      load: 0,
      erlangC: { agents: 0, serviceLevel: null },
      erlangA: { agents: 0, serviceLevel: null, abandonment: null },
      // billingHistory's agents are signed out; the day is to come (test/reports/forecast-staffed.test.ts has the rest).
      ...(Date.parse(f.rows[0].start) > Date.now() ? { staffed: { agents: 0, from: 'now' } } : { staffed: f.rows[0].staffed }),
      gap: { agents: f.rows[0].staffed.agents, against: 'erlang-a' },
    });
    expect(f.totals).to.deep.equal({
      calls: 118,
      erlangC: { peakAgents: 14, agentHours: 9.5 },
      erlangA: { peakAgents: 12, agentHours: 8 },
    });
  });

  it('takes the interval, the weeks and the target, and counts the weeks further back', async () => {
    await billingHistory();
    const f = (await getReport(server, '/api/forecast?group=billing&date=2026-12-07&interval=60&weeks=5&target=0.9')).body;
    expect(f.history.daysWithData).to.deep.equal(['2026-11-30', '2026-11-23', '2026-11-02']);
    expect(f.rows).to.have.length(24);
    // 09:00–10:00 on the three Mondays: (100 + 100 + 50) ÷ 3 calls.
    expect(f.rows[9]).to.deep.include({ start: '2026-12-07T09:00:00+00:00', calls: 83.33 });
    expect(f.rows[9].erlangC.serviceLevel).to.be.at.least(0.9);
  });

  it('still answers with no history, from the group\u2019s defaults, and says so', async () => {
    await billingHistory();
    await configureGroup('sales', { wrap_up_seconds: 30 });
    const f = (await getReport(server, '/api/forecast?group=sales&date=2026-12-07&interval=15')).body;
    expect(f.history).to.deep.equal({
      weeks: 4,
      daysWithData: [],
      intervalsWithData: 0,
      offered: 0,
      abandoned: 0,
      handled: 0,
      ahtSeconds: 210,
      ahtFrom: 'default',
      patienceSeconds: null,
    });
    expect(f.notes).to.deep.equal([
      'no calls offered on the 4 Mondays before 2026-12-07: every interval forecasts 0 calls',
      "no handled calls in the history: AHT is the default 180 s of talk + the group's 30 s wrap-up",
    ]);
    expect(f.rows).to.have.length(96);
    expect(f.rows.every((r: { erlangC: { agents: number }; erlangA: null }) => r.erlangC.agents === 0 && r.erlangA === null)).to.equal(
      true,
    );
    expect(f.totals).to.deep.equal({ calls: 0, erlangC: { peakAgents: 0, agentHours: 0 }, erlangA: null });
  });

  it('says what is wrong with a bad parameter, an unknown group, and is for supervisors only', async () => {
    await billingHistory();
    const bad = async (query: string) => (await getReport(server, `/api/forecast?${query}`)).body.error;
    expect(await bad('date=2026-12-07')).to.equal('group: is required');
    expect(await bad('group=billing&date=2026-02-30')).to.equal('date: must be a date such as 2026-12-07');
    expect(await bad('group=billing&date=2026-12-07&interval=20')).to.equal('interval: must be one of 15, 30, 60');
    expect(await bad('group=billing&date=2026-12-07&weeks=0')).to.equal('weeks: must be a whole number of weeks from 1 to 26');
    expect(await bad('group=billing&date=2026-12-07&target=1.5')).to.equal('target: must be a fraction from 0.5 to 0.99, such as 0.8');
    expect(await bad('group=billing&date=2026-12-07&timezone=Mars/Base')).to.equal(
      'timezone: must be an IANA time zone name such as America/New_York or UTC',
    );
    expect(await bad('group=billing&date=2026-12-07&week=2')).to.match(/^week: unknown parameter/);
    const missing = await getReport(server, '/api/forecast?group=nobody&date=2026-12-07');
    expect(missing).to.deep.include({ status: 404, body: { error: "group: no skill group named 'nobody'" } });
    const agent = await addAgent();
    const { token } = await createApiToken(testDatabase().pool, { name: 'agent console', agentId: agent.id });
    expect((await getReport(server, '/api/forecast?group=billing&date=2026-12-07', {}, token)).status).to.equal(403);
  });
});
