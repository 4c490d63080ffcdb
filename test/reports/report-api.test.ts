import { expect } from 'chai';
import { addAgent } from '../support/agents.js';
import { createApiToken } from '../../src/auth/api-tokens.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { morning } from './morning.js';
import { getReport } from './report-client.js';

/** Every report's survey columns (renamed from surveyAverage, surveyCount, survey1…5 when survey kinds came). */
const SURVEY_HEADER =
  'surveyResponses,surveyRequests,responseRate,csat,csatResponses,nps,npsResponses,promoters,passives,detractors,' +
  'resolvedRate,resolvedResponses,csat1,csat2,csat3,csat4,csat5';
const GROUP_HEADER =
  'group,start,offered,answered,abandoned,abandonedShort,serviceLevel,asa,longestWait,abandonmentRate,aht,occupancy,' +
  'callbacksRequested,callbacksCompleted,voicemails,' +
  SURVEY_HEADER;

// The morning's two CSAT answers (5 and 3, Ana's calls in billing at 09:00), asked before survey_requests existed.
const TWO_CSAT = '2,0,,4,2,,0,0,0,0,,0,0,0,1,0,1';
const NO_SURVEYS = '0,0,,,0,,0,0,0,0,,0,0,0,0,0,0';

describe('Reports: CSV, validation and access', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ env: { CENTRE_TIMEZONE: 'UTC' } })));
  after(() => server.close());
  beforeEach(resetDatabase);

  it('answers CSV for format=csv or Accept: text/csv, with the same numbers and a file name', async () => {
    await morning();
    const query = 'from=2024-03-05T09:00&to=2024-03-05T12:00&interval=hour&group=billing';
    const viaFormat = await getReport(server, `/api/reports/groups?${query}&format=csv`);
    const viaAccept = await getReport(server, `/api/reports/groups?${query}`, { accept: 'text/csv' });
    expect(viaFormat.status).to.equal(200);
    expect(viaFormat.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(viaFormat.headers.get('content-disposition')).to.equal(
      'attachment; filename=switchboard-groups-2024-03-05-to-2024-03-05-hour.csv',
    );
    expect(viaAccept.body).to.equal(viaFormat.body);
    expect(viaFormat.body).to.equal(
      [
        GROUP_HEADER,
        'billing,2024-03-05T09:00:00+00:00,6,3,2,1,0.3333,26.667,60,0.3333,196.667,0.5833,1,0,0,' + TWO_CSAT,
        'billing,2024-03-05T10:00:00+00:00,2,1,0,0,0.5,5,5,0,330,0,0,1,0,' + NO_SURVEYS,
        'billing,2024-03-05T11:00:00+00:00,0,0,0,0,,,,,,,0,0,0,' + NO_SURVEYS,
        'billing,total,8,4,2,1,0.375,21.25,60,0.25,230,0.3333,1,1,0,' + TWO_CSAT,
        '',
      ].join('\r\n'),
    );
    // format=json wins over the Accept header.
    const json = await getReport(server, `/api/reports/groups?${query}&format=json`, { accept: 'text/csv' });
    expect(json.body.rows).to.have.length(3);
  });

  it('quotes CSV fields that need it (RFC 4180)', async () => {
    await morning();
    const res = await getReport(server, '/api/reports/agents?from=2024-03-05T09:00&to=2024-03-05T10:00&interval=hour&format=csv');
    expect(res.headers.get('content-disposition')).to.equal('attachment; filename=switchboard-agents-2024-03-05-to-2024-03-05-hour.csv');
    expect(res.body).to.equal(
      [
        'agentId,agent,start,loggedInSeconds,busySeconds,occupancy,handled,aht,' + SURVEY_HEADER,
        '1,"Ana ""AJ"" Ruiz, Jr.",2024-03-05T09:00:00+00:00,3600,2100,0.5833,3,196.667,' + TWO_CSAT,
        '2,Ben,2024-03-05T09:00:00+00:00,1800,0,0,0,,' + NO_SURVEYS,
        '1,"Ana ""AJ"" Ruiz, Jr.",total,3600,2100,0.5833,3,196.667,' + TWO_CSAT,
        '2,Ben,total,1800,0,0,0,,' + NO_SURVEYS,
        '',
      ].join('\r\n'),
    );
  });

  const refusals: [string, string][] = [
    ['to=2024-03-02&interval=day', 'from: is required'],
    [
      'from=2024-02-30&to=2024-03-02&interval=day',
      'from: must be a date (2026-03-01) or a time (2026-03-01T09:30, with seconds and an offset such as Z or -05:00 if wanted)',
    ],
    [
      'from=2024-03-01&to=2024-03-02T25:00&interval=day',
      'to: must be a date (2026-03-01) or a time (2026-03-01T09:30, with seconds and an offset such as Z or -05:00 if wanted)',
    ],
    ['from=2024-03-01&from=2024-03-02&to=2024-03-02&interval=day', 'from: must be given once'],
    ['from=2024-03-01&to=2024-03-02', 'interval: is required'],
    ['from=2024-03-01&to=2024-03-02&interval=week', 'interval: must be one of 15min, hour, day'],
    [
      'from=2024-03-01&to=2024-03-02&interval=day&timezone=Mars/Olympus',
      'timezone: must be an IANA time zone name such as America/New_York or UTC',
    ],
    [
      'from=2024-03-01&to=2024-03-02&interval=day&timezone=%2B05:00',
      'timezone: must be an IANA time zone name such as America/New_York or UTC',
    ],
    ['from=2024-03-01&to=2024-03-02&interval=day&grup=billing', "grup: unknown parameter (did you mean 'group'?)"],
    ['from=2024-03-01&to=2024-03-02&interval=day&group=biling', "group: no skill group 'biling' (did you mean 'billing'?)"],
    [
      'from=2024-03-01&to=2024-03-02&interval=day&shortAbandonSeconds=five',
      'shortAbandonSeconds: must be a whole number of seconds from 0 to 3600',
    ],
    ['from=2024-03-01&to=2024-03-02&interval=day&format=xml', 'format: must be one of json, csv'],
    [
      'from=2024-03-01&to=2024-03-02&interval=day&serviceLevelFormula=answered',
      'serviceLevelFormula: must be one of offered, answered-and-abandoned, answered-and-long-abandoned',
    ],
    ['from=2024-03-02T10:00&to=2024-03-02T10:00&interval=hour', 'to: must be after from'],
    ['from=2024-03-02&to=2024-03-01&interval=day', 'to: must be after from'],
    ['from=2024-01-01&to=2025-01-01&interval=day', 'to: must be at most 366 days after from'],
    [
      'from=2024-01-01&to=2024-02-29&interval=15min&group=billing',
      'interval: the report would have 5760 rows (5760 intervals × 1 groups), at most 5000: choose a longer interval or a shorter range',
    ],
    [
      'from=2024-01-01&to=2024-02-15&interval=hour',
      'interval: the report would have 6624 rows (1104 intervals × 6 groups), at most 5000: choose a longer interval or a shorter range',
    ],
  ];
  for (const [query, error] of refusals) {
    it(`refuses ${query} with 400: ${error.split(':')[0]}`, async () => {
      expect(await getReport(server, `/api/reports/groups?${query}`)).to.deep.include({ status: 400, body: { error } });
    });
  }

  it('accepts a full leap year (366 days) by day, and validates the agents report the same way', async () => {
    expect(
      (await getReport(server, '/api/reports/groups?from=2024-01-01&to=2024-12-31&interval=day&group=sales')).body.rows,
    ).to.have.length(366);
    // A whole-day range to midnight names its last day in the file name.
    const csv = await getReport(server, '/api/reports/groups?from=2024-03-01&to=2024-03-31&interval=day&group=sales&format=csv');
    expect(csv.headers.get('content-disposition')).to.equal('attachment; filename=switchboard-groups-2024-03-01-to-2024-03-31-day.csv');
    const bad = await getReport(server, '/api/reports/agents?from=2024-03-01&to=2024-03-02&interval=day&group=billing');
    expect(bad).to.deep.include({ status: 400, body: { error: 'group: unknown parameter' } });
  });

  it('is for supervisors: no token gets 401, an agent\u2019s token 403', async () => {
    const path = '/api/reports/groups?from=2024-03-01&to=2024-03-02&interval=day';
    expect((await fetch(server.url + path)).status).to.equal(401);
    const agent = await addAgent();
    const { token } = await createApiToken(testDatabase().pool, { name: 'agent console', agentId: agent.id });
    for (const p of [path, '/api/reports/agents?from=2024-03-01&to=2024-03-02&interval=day']) {
      expect(await getReport(server, p, {}, token), p).to.deep.include({
        status: 403,
        body: { error: 'this needs a supervisor; you are signed in as an agent' },
      });
    }
  });

  it('reads times in the centre\u2019s time zone unless asked for another', async () => {
    // Without CENTRE_TIMEZONE the zone is the one the flows declare (America/New_York here).
    const centre = await startTestServer();
    try {
      const res = await getReport(centre, '/api/reports/groups?from=2024-03-05&to=2024-03-05&interval=day&group=sales');
      expect([res.body.timezone, res.body.from]).to.deep.equal(['America/New_York', '2024-03-05T00:00:00-05:00']);
    } finally {
      await centre.close();
    }
  });
});
