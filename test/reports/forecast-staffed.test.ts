import { expect } from 'chai';
import { forecastFrom } from '../../src/reports/forecast.js';
import { addAgent, configureGroup } from '../support/agents.js';
import { resetDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { agentHistory } from './fixtures.js';
import { insertHistory, spread } from './forecast-history.js';
import { getReport } from './report-client.js';

type Row = { start: string; calls: number; staffed: { agents: number; from: string }; gap: { agents: number; against: string } };

describe('Staffing forecast: staffed now vs needed', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ env: { CENTRE_TIMEZONE: 'UTC' } })));
  after(() => server.close());
  beforeEach(resetDatabase);

  /** Two agents who fit billing and one who does not, each with a logged-in stretch on Monday 2020-03-02. */
  async function staffedMorning() {
    await configureGroup('billing', {}, { billing: 1 });
    const ana = await addAgent({ name: 'Ana', state: 'available', skills: { billing: 3 } });
    const ben = await addAgent({ name: 'Ben', state: 'offline', skills: { billing: 1 } });
    const cy = await addAgent({ name: 'Cy', state: 'available', skills: { sales: 5 } });
    // Ana: logged in 09:00–09:40 (available, on a call, wrapping up), then a break (not logged in).
    const ana0302: [string, string][] = [
      ['2020-03-02T09:00:00Z', 'available'],
      ['2020-03-02T09:10:00Z', 'on-call'],
      ['2020-03-02T09:20:00Z', 'wrap-up'],
      ['2020-03-02T09:40:00Z', 'break'],
      ['2020-03-02T10:00:00Z', 'offline'],
      // Logged in again now, which is what intervals to come show.
      [new Date().toISOString(), 'available'],
    ];
    await agentHistory(ana.id, ana0302);
    await agentHistory(ben.id, [
      ['2020-03-02T09:15:00Z', 'available'],
      ['2020-03-02T09:45:00Z', 'offline'],
    ]);
    // Cy lacks billing's skill: never counted, though logged in all morning and now.
    await agentHistory(cy.id, [['2020-03-02T08:00:00Z', 'available']]);
  }

  it('a past day: each interval the mean number logged in who fit the group, and the gap to the agents needed', async () => {
    await staffedMorning();
    const f = (await getReport(server, '/api/forecast?group=billing&date=2020-03-02')).body;
    const at = (hhmm: string) => f.rows.find((r: Row) => r.start === `2020-03-02T${hhmm}:00+00:00`) as Row;
    // 09:00–09:30: Ana 30 min + Ben 15 min = 45 agent-minutes ÷ 30 = 1.5; 09:30–10:00: Ana 10 + Ben 15 = 25 ÷ 30.
    expect(at('09:00').staffed).to.deep.equal({ agents: 1.5, from: 'logged-in' });
    expect(at('09:30').staffed).to.deep.equal({ agents: 0.83, from: 'logged-in' });
    expect(at('10:00').staffed).to.deep.equal({ agents: 0, from: 'logged-in' });
    // No history: no calls forecast, nobody needed (Erlang C: there is no Erlang A without abandonment).
    expect(at('09:00').gap).to.deep.equal({ agents: 1.5, against: 'erlang-c' });
    expect(f.rows.every((r: Row) => r.staffed.from === 'logged-in')).to.equal(true);
  });

  it('a day to come: the agents logged in now who fit the group, labelled as such', async () => {
    await staffedMorning();
    const f = (await getReport(server, '/api/forecast?group=billing&date=2099-01-05')).body;
    expect(f.rows.map((r: Row) => r.staffed)).to.deep.equal(Array(48).fill({ agents: 1, from: 'now' }));
  });

  it('the gap is staffed minus Erlang A’s agents when there is an Erlang A', async () => {
    // billingHistory's 09:00 Mondays, moved to the two Mondays before 2099-12-07: a day to come, whenever this runs.
    await configureGroup('billing', { service_level_seconds: 20 });
    for (const monday of ['2099-11-30', '2099-11-23']) {
      await insertHistory('billing', [
        ...spread(`${monday}T09:00:00Z`, 60, 10, { answeredAfter: 0, handle: 180 }),
        ...spread(`${monday}T09:10:00Z`, 30, 20, { answeredAfter: 10, handle: 180 }),
        ...spread(`${monday}T09:20:00Z`, 10, 30, { abandonedAfter: 30 }),
      ]);
    }
    // The history's agent is signed out; the one added now fits billing (no required skill).
    await addAgent({ name: 'On now', state: 'available' });
    const f = (await getReport(server, '/api/forecast?group=billing&date=2099-12-07')).body;
    const busy = f.rows.filter((r: Row) => r.calls > 0);
    expect(busy.map((r: Row & { erlangA: { agents: number } }) => [r.erlangA.agents, r.staffed.agents, r.gap])).to.deep.equal([
      [12, 1, { agents: -11, against: 'erlang-a' }],
    ]);
  });

  it('today: intervals begun from who was logged in, the rest from who is logged in now (pure)', () => {
    const slots = [0, 1, 2].map((slot) => ({
      slot,
      start: new Date(Date.UTC(2026, 11, 7, 9, 30 * slot)),
      startLocal: `2026-12-07T${['09:00', '09:30', '10:00'][slot]}:00`,
      startOffset: 0,
    }));
    const p = { group: 'g', date: '2026-12-07', intervalMinutes: 30 as const, weeks: 4, target: 0.8, timezone: 'UTC' };
    const f = forecastFrom(p, { serviceLevelSeconds: 20, wrapUpSeconds: 0 }, [], slots, {
      begun: [
        { start: slots[0].start, staffed: 3 },
        { start: slots[1].start, staffed: 2.5 },
      ],
      now: 2,
    });
    expect(f.rows.map((r) => [r.staffed, r.gap.agents])).to.deep.equal([
      [{ agents: 3, from: 'logged-in' }, 3],
      [{ agents: 2.5, from: 'logged-in' }, 2.5],
      [{ agents: 2, from: 'now' }, 2],
    ]);
  });
});
