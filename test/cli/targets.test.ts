import { expect } from 'chai';
import { cliDatabaseUrl, runCli } from '../support/cli.js';
import { resetDatabase, testDatabase } from '../support/database.js';

const cli = (...args: string[]) => runCli(args, { env: { DATABASE_URL: cliDatabaseUrl(), USER: 'sam' } });

describe('switchboard targets', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('sets a group’s targets in percent and seconds, the centre’s defaults, and lists both', async () => {
    expect(
      await cli('targets', 'set', '--group', 'billing', '--service-level', '80', '--within', '20', '--asa', '30', '--abandon-rate', '5'),
    ).to.deep.equal({
      code: 0,
      stdout:
        "targets of 'billing': service level 80% within 20s (the SERVICE_LEVEL_FORMULA setting), ASA 30s, abandonment 5%, NPS -, CSAT -\n",
      stderr: '',
    });
    const { rows } = await testDatabase().pool.query(
      `SELECT t.service_level, t.asa_seconds, t.abandon_rate, t.updated_by, g.service_level_seconds
       FROM kpi_targets t JOIN skill_groups g ON g.name = t.group_name WHERE t.group_name = 'billing'`,
    );
    expect(rows).to.deep.equal([
      { service_level: 0.8, asa_seconds: 30, abandon_rate: 0.05, updated_by: 'cli:sam', service_level_seconds: 20 },
    ]);

    expect((await cli('targets', 'set', '--service-level', '85', '--csat', '90', '--formula', 'answered-and-abandoned')).stdout).to.equal(
      'centre targets: service level 85% within 20s (answered-and-abandoned), ASA -, abandonment -, NPS -, CSAT 90%\n',
    );
    expect((await cli('targets', 'set', '--group', 'sales', '--nps', '30', '--within', '15')).code).to.equal(0);
    expect((await cli('targets', 'list')).stdout).to.equal(
      [
        'GROUP     SERVICE LEVEL  WITHIN  FORMULA                 ASA   ABANDON  NPS  CSAT',
        '(centre)  85%            20s     answered-and-abandoned  -     -        -    90%',
        'billing   80%*           20s*    answered-and-abandoned  30s*  5%*      -    90%',
        'general   85%            20s     answered-and-abandoned  -     -        -    90%',
        'sales     85%            15s*    answered-and-abandoned  -     -        30*  90%',
        'support   85%            20s     answered-and-abandoned  -     -        -    90%',
        "* the group's own; the others are the centre's",
        '',
      ].join('\n'),
    );
    // 'none' gives a group's target back to the centre's.
    expect((await cli('targets', 'set', '--group', 'billing', '--asa', 'none', '--service-level', 'none')).stdout).to.equal(
      "targets of 'billing': service level 85% within 20s (answered-and-abandoned), ASA -, abandonment 5%, NPS -, CSAT 90%\n",
    );
    const json = JSON.parse((await cli('targets', 'list', '--json')).stdout);
    expect(json.groups[0]).to.deep.include({ group: 'billing' });
    expect(json.groups[0].own).to.include({ serviceLevel: null, asaSeconds: null, abandonRate: 0.05 });
  });

  it('explains bad input: percent out of range, an unknown group, nothing to set (exit 2, or 1 when not found)', async () => {
    expect(await cli('targets', 'set', '--group', 'billing', '--service-level', '120')).to.deep.include({
      code: 2,
      stdout: "error: --service-level: must be a percentage from 0 to 100 (found '120')\n",
    });
    expect(await cli('targets', 'set', '--group', 'billing', '--abandon-rate', 'lots')).to.deep.include({
      code: 2,
      stdout: "error: --abandon-rate: must be a percentage from 0 to 100 (found 'lots')\n",
    });
    expect(await cli('targets', 'set', '--group', 'billing', '--asa', '0')).to.deep.include({
      code: 2,
      stdout: 'error: --asa: must be a whole number of seconds from 1 to 3600\n',
    });
    expect(await cli('targets', 'set', '--formula', 'answered')).to.deep.include({
      code: 2,
      stdout: 'error: --formula: must be one of offered, answered-and-abandoned, answered-and-long-abandoned\n',
    });
    expect(await cli('targets', 'set', '--group', 'biling', '--asa', '30')).to.deep.include({
      code: 1,
      stdout: "error: no group named 'biling' (did you mean 'billing'?)\n",
    });
    const usage = await cli('targets', 'set', '--group', 'billing');
    expect(usage.code).to.equal(2);
    expect(usage.stdout).to.match(/^usage: switchboard targets set/);
    expect((await testDatabase().pool.query('SELECT count(*)::int AS n FROM kpi_targets WHERE group_name IS NOT NULL')).rows[0].n).to.equal(
      0,
    );
  });
});
