import { expect } from 'chai';
import { cliDatabaseUrl, runCli } from '../support/cli.js';
import { resetDatabase } from '../support/database.js';
import { billingHistory } from '../reports/forecast-history.js';

const cli = (...args: string[]) => runCli(args, { env: { DATABASE_URL: cliDatabaseUrl(), CENTRE_TIMEZONE: 'UTC' } });

describe('switchboard forecast', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('prints the history it used and the agents needed per interval', async () => {
    await billingHistory();
    const { code, stdout } = await cli('forecast', '--group', 'billing', '--date', '2026-12-07');
    expect(code).to.equal(0);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 4)).to.deep.equal([
      'billing on 2026-12-07 (UTC), 30-minute intervals, target 80.0% in 20 s',
      'history: 2 of 4 past same weekdays with calls (2026-11-30, 2026-11-23), 3 intervals with calls, 236 offered, 20 abandoned; ' +
        'AHT 190 s (history); patience 60 s',
      'note: only 2 of the 4 Mondays before 2026-12-07 had calls: the forecast averages those',
      'START  CALLS  AHT  LOAD  ERLANG C  SL C   ERLANG A  SL A   ABANDON A',
    ]);
    expect(lines).to.have.length(4 + 48 + 2);
    expect(lines[4]).to.equal('00:00  0      190  0     0         -      0         -      -');
    expect(lines[4 + 18]).to.equal('09:00  100    180  10    14        88.8%  12        86.0%  7.6%');
    expect(lines[4 + 20]).to.equal('10:00  18     240  2.4   5         90.9%  4         85.4%  9.9%');
    expect(lines.at(-2)).to.equal('total: 118 calls; Erlang C peak 14 agents, 9.5 agent-hours; Erlang A peak 12 agents, 8 agent-hours');
  });

  it('says what is wrong, as the API does', async () => {
    expect(await cli('forecast', '--group', 'billing')).to.deep.include({ code: 2 });
    expect((await cli('forecast', '--group', 'billing', '--date', '2026-12-07', '--weeks', '40')).stdout).to.equal(
      'error: weeks: must be a whole number of weeks from 1 to 26\n',
    );
    expect((await cli('forecast', '--group', 'nobody', '--date', '2026-12-07')).stdout).to.equal(
      "error: group: no skill group named 'nobody'\n",
    );
  });
});
