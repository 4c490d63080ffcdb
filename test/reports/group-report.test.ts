import { expect } from 'chai';
import { resetDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { entry, survey } from './fixtures.js';
import { morning, t } from './morning.js';
import { EMPTY_KPIS, csatOnly, getReport, type Kpis } from './report-client.js';

const H = ['2024-03-05T09:00:00+00:00', '2024-03-05T10:00:00+00:00', '2024-03-05T11:00:00+00:00'];
const dist = (d: Record<number, number>) => ({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, ...d });
const row = (group: string, start: string, kpis: Kpis = {}) => ({ group, start, ...EMPTY_KPIS, ...kpis });
const total = (group: string, kpis: Kpis = {}) => ({ group, ...EMPTY_KPIS, ...kpis });

describe('Reports: group KPIs', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ env: { CENTRE_TIMEZONE: 'UTC' } })));
  after(() => server.close());
  beforeEach(resetDatabase);

  it('computes every KPI per group and hour, with empty hours and totals over the range', async () => {
    await morning();
    const res = await getReport(server, '/api/reports/groups?from=2024-03-05T09:00&to=2024-03-05T12:00&interval=hour');
    expect(res.status).to.equal(200);
    const { rows, totals, ...frame } = res.body;
    expect(frame).to.deep.equal({
      timezone: 'UTC',
      interval: 'hour',
      from: H[0],
      to: '2024-03-05T12:00:00+00:00',
      shortAbandonSeconds: 5,
      serviceLevelFormula: 'offered',
      surveyScale: 5,
    });
    // Occupancy of general and sales (Ana + Ben): 09: 2100 / (3600 + 1800) = 0.3889; 10: 1800 / (2700 + 3600)
    // = 0.2857; 11: 0 / 3600; range: 3900 / 15300 = 0.2549.
    const anyone = [0.3889, 0.2857, 0];
    expect(rows).to.deep.equal([
      // 6 offered; answered inbound: E1 (10 s), E2 (40 s), E6 (30 s); E5 became a callback (not answered).
      // Within 30 s: E1, E6 → 2/6. ASA (10 + 40 + 30) / 3. Longest: E4's 60 s abandon. AHT (320 + 150 + 120) / 3.
      // Ana's occupancy 2100 / 3600. Surveys 5 and 3.
      row('billing', H[0], {
        offered: 6,
        answered: 3,
        abandoned: 2,
        abandonedShort: 1,
        serviceLevel: 0.3333,
        asa: 26.667,
        longestWait: 60,
        abandonmentRate: 0.3333,
        aht: 196.667,
        occupancy: 0.5833,
        callbacksRequested: 1,
        ...csatOnly(4, 2, dist({ 3: 1, 5: 1 })),
      }),
      // E7 (5 s) and E8 (overflowed: offered, neither answered nor abandoned). AHT: E5's callback answered at 10:15.
      row('billing', H[1], {
        offered: 2,
        answered: 1,
        serviceLevel: 0.5,
        asa: 5,
        longestWait: 5,
        abandonmentRate: 0,
        aht: 330,
        occupancy: 0,
        callbacksCompleted: 1,
      }),
      row('billing', H[2]),
      row('general', H[0], { occupancy: anyone[0] }),
      row('general', H[1], {
        offered: 1,
        answered: 1,
        serviceLevel: 1,
        asa: 20,
        longestWait: 20,
        abandonmentRate: 0,
        aht: 260,
        occupancy: anyone[1],
        ...csatOnly(4, 1, dist({ 4: 1 })),
      }),
      row('general', H[2], { occupancy: anyone[2] }),
      row('sales', H[0], { occupancy: anyone[0] }),
      row('sales', H[1], { occupancy: anyone[1], voicemails: 1 }),
      row('sales', H[2], { occupancy: anyone[2] }),
      // Ben alone: 0 / 1800, 1800 / 3600, 0 / 3600.
      row('support', H[0], { occupancy: 0 }),
      row('support', H[1], { occupancy: 0.5 }),
      row('support', H[2], { occupancy: 0 }),
      row('(flow)', H[0]),
      row('(flow)', H[1]),
      row('(flow)', H[2], { voicemails: 1 }),
      row('(no agent)', H[0], csatOnly(2, 1, dist({ 2: 1 }))),
      row('(no agent)', H[1]),
      row('(no agent)', H[2]),
    ]);
    expect(totals).to.deep.equal([
      // 8 offered, 4 answered (10, 40, 30, 5 s), 3 within 30 s; AHT (320 + 150 + 120 + 330) / 4; Ana 2100 / 6300.
      total('billing', {
        offered: 8,
        answered: 4,
        abandoned: 2,
        abandonedShort: 1,
        serviceLevel: 0.375,
        asa: 21.25,
        longestWait: 60,
        abandonmentRate: 0.25,
        aht: 230,
        occupancy: 0.3333,
        callbacksRequested: 1,
        callbacksCompleted: 1,
        ...csatOnly(4, 2, dist({ 3: 1, 5: 1 })),
      }),
      total('general', {
        offered: 1,
        answered: 1,
        serviceLevel: 1,
        asa: 20,
        longestWait: 20,
        abandonmentRate: 0,
        aht: 260,
        occupancy: 0.2549,
        ...csatOnly(4, 1, dist({ 4: 1 })),
      }),
      total('sales', { occupancy: 0.2549, voicemails: 1 }),
      total('support', { occupancy: 0.2 }), // 1800 / 9000
      total('(flow)', { voicemails: 1 }),
      total('(no agent)', csatOnly(2, 1, dist({ 2: 1 }))),
    ]);
  });

  it('narrows to one group, cuts 15-minute intervals, and takes the short-abandon threshold', async () => {
    await morning();
    const res = await getReport(
      server,
      '/api/reports/groups?from=2024-03-05T09:00Z&to=2024-03-05T10:00Z&interval=15min&group=billing&shortAbandonSeconds=60',
    );
    expect(res.status).to.equal(200);
    // E1, E2 | E3 | E4, E5 | E6; with 60 s, E4 (abandoned at exactly 60 s) is short too.
    expect(
      res.body.rows.map((r: { start: string; offered: number; abandonedShort: number }) => [
        r.start.slice(11, 16),
        r.offered,
        r.abandonedShort,
      ]),
    ).to.deep.equal([
      ['09:00', 2, 0],
      ['09:15', 1, 1],
      ['09:30', 2, 1],
      ['09:45', 1, 0],
    ]);
    expect(res.body.totals).to.have.length(1);
    expect(res.body.totals[0]).to.deep.include({ group: 'billing', offered: 6, abandoned: 2, abandonedShort: 2 });
  });

  it('takes the service-level formula: answered within 30 s ÷ (answered + abandoned), callback and overflow left out', async () => {
    await morning();
    const res = await getReport(
      server,
      '/api/reports/groups?from=2024-03-05T09:00Z&to=2024-03-05T12:00Z&interval=hour&group=billing&serviceLevelFormula=answered-and-abandoned',
    );
    expect(res.status).to.equal(200);
    expect(res.body.serviceLevelFormula).to.equal('answered-and-abandoned');
    // E1, E6, E7 within, of E1, E2, E6, E7 answered and E3, E4 abandoned (E5 a callback, E8 overflowed): 3 / 6, not 3 / 8.
    expect(res.body.totals[0]).to.deep.include({ group: 'billing', offered: 8, serviceLevel: 0.5 });
  });

  it('cuts local days across the spring DST change (America/New_York), empty days included', async () => {
    const at = [
      '2024-03-09T04:59:00Z', // Mar 8, 23:59 EST: before the range
      '2024-03-10T04:30:00Z', // Mar 9, 23:30 EST
      '2024-03-10T05:30:00Z', // Mar 10, 00:30 EST
      '2024-03-11T03:30:00Z', // Mar 10, 23:30 EDT (Mar 11 in UTC)
      '2024-03-11T04:30:00Z', // Mar 11, 00:30 EDT
      '2024-03-13T04:30:00Z', // Mar 13, 00:30 EDT: after the range (to=2024-03-12 includes that day)
    ];
    for (const created of at) await entry({ group: 'sales', created, state: 'abandoned', endedAt: created });
    const res = await getReport(
      server,
      '/api/reports/groups?from=2024-03-09&to=2024-03-12&interval=day&timezone=America/New_York&group=sales',
    );
    expect(res.status).to.equal(200);
    expect([res.body.timezone, res.body.from, res.body.to]).to.deep.equal([
      'America/New_York',
      '2024-03-09T00:00:00-05:00',
      '2024-03-13T00:00:00-04:00',
    ]);
    expect(
      res.body.rows.map((r: { start: string; offered: number; abandonmentRate: number | null }) => [r.start, r.offered, r.abandonmentRate]),
    ).to.deep.equal([
      ['2024-03-09T00:00:00-05:00', 1, 1],
      ['2024-03-10T00:00:00-05:00', 2, 1], // a 23-hour day
      ['2024-03-11T00:00:00-04:00', 1, 1],
      ['2024-03-12T00:00:00-04:00', 0, null],
    ]);
    expect(res.body.totals[0]).to.deep.include({ offered: 4, abandoned: 4, abandonedShort: 4, longestWait: 0 });
  });

  it('keeps the repeated hour apart when clocks go back (hour intervals, America/New_York)', async () => {
    await entry({ group: 'sales', created: '2024-11-03T05:30:00Z', state: 'abandoned', endedAt: '2024-11-03T05:30:00Z' }); // 01:30 EDT
    await entry({ group: 'sales', created: '2024-11-03T06:30:00Z', state: 'abandoned', endedAt: '2024-11-03T06:30:00Z' }); // 01:30 EST
    await entry({ group: 'sales', created: '2024-11-03T06:45:00Z', state: 'abandoned', endedAt: '2024-11-03T06:45:00Z' }); // 01:45 EST
    const res = await getReport(
      server,
      '/api/reports/groups?from=2024-11-03T00:00&to=2024-11-03T03:00&interval=hour&timezone=America/New_York&group=sales',
    );
    expect(res.body.rows.map((r: { start: string; offered: number }) => [r.start, r.offered])).to.deep.equal([
      ['2024-11-03T00:00:00-04:00', 0],
      ['2024-11-03T01:00:00-04:00', 1],
      ['2024-11-03T01:00:00-05:00', 2],
      ['2024-11-03T02:00:00-05:00', 0],
    ]);
  });

  it('widens the survey distribution to the longest scale answered', async () => {
    const e = await entry({ group: 'support', created: t('09:00:00'), state: 'completed' });
    await survey(e.call, 7, t('09:10:00'));
    const res = await getReport(server, '/api/reports/groups?from=2024-03-05&to=2024-03-05&interval=day&group=support');
    expect(res.body.surveyScale).to.equal(7);
    expect(res.body.rows[0]).to.deep.include({
      ...csatOnly(7, 1, { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 1 }),
    });
  });
});
