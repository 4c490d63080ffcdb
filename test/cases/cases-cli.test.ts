import { expect } from 'chai';
import { resetDatabase } from '../support/database.js';
import { cliDatabaseUrl, runCli } from '../support/cli.js';

/** `switchboard cases …`: the same operations and checks as /api/cases, from the command line. */
describe('CLI: switchboard cases', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);
  const cli = (...args: string[]) => runCli(['cases', ...args], { env: { DATABASE_URL: cliDatabaseUrl() } });

  it('rules and settings are edited, and checked like the API checks them', async () => {
    const rule = await cli('rule', 'detractor', '--kind', 'nps', '--max', '6', '--category', 'detractor', '--group', 'general');
    expect(rule.stdout.trim(), rule.stderr).to.equal("saved rule 'detractor': nps <= 6 opens a detractor case");
    expect((await cli('rules')).stdout).to.match(/detractor\s+nps <= 6\s+detractor\s+general\s+-\s+yes/);
    const bad = await cli('rule', 'odd', '--kind', 'nps', '--max', '11', '--category', 'x', '--group', 'general');
    expect([bad.code, bad.stdout.trim()]).to.deep.equal([2, 'error: maxScore: must be at most 10']);
    expect((await cli('settings', '--acknowledge-minutes', '60')).stdout).to.include('acknowledge within 60 min');
  });

  it('a case is opened, moved (a refusal says why), noted and shown with its history', async () => {
    const opened = await cli(
      'open',
      '--category',
      'billing',
      '--group',
      'billing',
      '--customer',
      '+12125550123',
      '--summary',
      'Charged twice',
    );
    expect(opened.stdout, opened.stderr).to.match(/^opened case 1001 \(due to be acknowledged by /);
    expect((await cli('state', '1001', 'resolved')).stdout.trim()).to.match(/^error: case 1001 is received and cannot become resolved/);
    expect((await cli('state', '1001', 'acknowledged', '--note', 'Called back')).stdout.trim()).to.equal('case 1001 is acknowledged');
    expect((await cli('note', '1001', 'Refund', 'requested')).stdout.trim()).to.equal('noted on case 1001');
    const shown = (await cli('show', '1001')).stdout.split('\n');
    expect(shown[0]).to.equal('case 1001: acknowledged · billing · +12125550123');
    expect(shown.slice(2).map((l) => l.replace(/^\s+\S+ \S+\s+/, ''))).to.deep.include.members([
      'state received → acknowledged  by command line (' + (await import('node:os')).userInfo().username + '): Called back',
    ]);
    expect((await cli('list', '--open')).stdout).to.match(/1001\s+acknowledged\s+-\s+billing\s+\+12125550123\s+billing/);
  });
});
