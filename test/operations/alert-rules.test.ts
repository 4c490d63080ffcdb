import { expect } from 'chai';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const RULES = path.resolve(import.meta.dirname, '../../deploy/prometheus');
const run = promisify(execFile);
/** As test/support/ensure-test-tools.ts (npm's pretest) finds or installs it. */
const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';

/** promtool's exit code and output (a failing check is an answer, not an exception). */
async function promtool(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(PROMTOOL, args, { cwd: RULES });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string };
    // Not installed: fail loudly, never skip (npm's pretest installs it when it can).
    if (e.code === 'ENOENT')
      throw new Error(`${PROMTOOL} not found: install Prometheus' promtool (apt-get install prometheus) or set PROMTOOL`);
    return { code: Number(e.code), output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('deployment files: the alerting rules pass promtool', function () {
  this.timeout(60_000);

  it('promtool check rules: every rule parses and its expression is valid PromQL', async () => {
    const { code, output } = await promtool('check', 'rules', 'switchboard-alerts.yml');
    expect(output, output).to.match(/SUCCESS: \d+ rules found/);
    expect(code, output).to.equal(0);
  });

  it('promtool test rules: the rule unit tests (switchboard-alerts.test.yml) pass, the targets’ alerts among them', async () => {
    const { code, output } = await promtool('test', 'rules', 'switchboard-alerts.test.yml');
    expect(code, output).to.equal(0);
    expect(output).to.include('SUCCESS');
  });
});
