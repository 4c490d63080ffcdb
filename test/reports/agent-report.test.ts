import { expect } from 'chai';
import { addAgent } from '../support/agents.js';
import { resetDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { agentHistory } from './fixtures.js';
import { morning } from './morning.js';
import { EMPTY_SURVEYS, csatAnswers, getReport } from './report-client.js';

const ANA = 'Ana "AJ" Ruiz, Jr.';

describe('Reports: agent occupancy', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ env: { CENTRE_TIMEZONE: 'UTC' } })));
  after(() => server.close());
  beforeEach(resetDatabase);

  it('gives each agent logged-in and busy time, occupancy and handled calls per hour, and totals', async () => {
    const { ana, ben } = await morning();
    const res = await getReport(server, '/api/reports/agents?from=2024-03-05T09:00&to=2024-03-05T12:00&interval=hour');
    expect(res.status).to.equal(200);
    const r = (
      agentId: number,
      agent: string,
      start: string,
      loggedInSeconds: number,
      busySeconds: number,
      occupancy: number | null,
      handled: number,
      aht: number | null,
      surveys: object = {},
    ) => ({
      agentId,
      agent,
      ...(start ? { start: `2024-03-05T${start}:00+00:00` } : {}),
      loggedInSeconds,
      busySeconds,
      occupancy,
      handled,
      aht,
      ...EMPTY_SURVEYS,
      ...surveys,
    });
    // Surveys go to the agent of the call's last answered assignment: the CSAT answers 5 and 3 to Ana…
    const anaSurveys = csatAnswers(4, 2, { 1: 0, 2: 0, 3: 1, 4: 0, 5: 1 });
    // …and the 4 on the callback Ben completed.
    const benSurveys = csatAnswers(4, 1, { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 });
    expect(res.body).to.deep.equal({
      timezone: 'UTC',
      interval: 'hour',
      from: '2024-03-05T09:00:00+00:00',
      to: '2024-03-05T12:00:00+00:00',
      surveyScale: 5,
      rows: [
        // Ana: 2100 of 3600 s busy; completed E1, E2, E6 (handles 320, 150, 120). E7 is still connected.
        r(ana, ANA, '09:00', 3600, 2100, 0.5833, 3, 196.667, anaSurveys),
        r(ana, ANA, '10:00', 2700, 0, 0, 0, null),
        r(ana, ANA, '11:00', 0, 0, null, 0, null), // offline: no logged-in time, no occupancy
        // Ben: available until `to` counts to `to`; 10:00 handled the callback (330) and E9 (260).
        r(ben, 'Ben', '09:00', 1800, 0, 0, 0, null),
        r(ben, 'Ben', '10:00', 3600, 1800, 0.5, 2, 295, benSurveys),
        r(ben, 'Ben', '11:00', 3600, 0, 0, 0, null),
      ],
      totals: [r(ana, ANA, '', 6300, 2100, 0.3333, 3, 196.667, anaSurveys), r(ben, 'Ben', '', 9000, 1800, 0.2, 2, 295, benSurveys)],
    });
  });

  it('cuts a 23-hour local day when clocks go forward, and counts a state begun before the range', async () => {
    const cy = (await addAgent({ name: 'Cy' })).id;
    // Available from Mar 9, 12:00 EST to Mar 11, 00:00 EDT: 12 h on Mar 9, all 23 h of Mar 10.
    await agentHistory(cy, [
      ['2024-03-09T17:00:00Z', 'available'],
      ['2024-03-11T04:00:00Z', 'offline'],
    ]);
    const res = await getReport(server, '/api/reports/agents?from=2024-03-09T12:00&to=2024-03-12&interval=day&timezone=America/New_York');
    expect(res.body.rows.map((x: { start: string; loggedInSeconds: number }) => [x.start, x.loggedInSeconds])).to.deep.equal([
      ['2024-03-09T00:00:00-05:00', 43200],
      ['2024-03-10T00:00:00-05:00', 82800],
      ['2024-03-11T00:00:00-04:00', 0],
      ['2024-03-12T00:00:00-04:00', 0],
    ]);
    // Starting mid-interval counts only the part inside the range: from 13:00 EST, 11 h on Mar 9.
    const later = await getReport(server, '/api/reports/agents?from=2024-03-09T13:00&to=2024-03-10&interval=day&timezone=America/New_York');
    expect(later.body.rows.map((x: { loggedInSeconds: number }) => x.loggedInSeconds)).to.deep.equal([39600, 82800]);
  });
});
