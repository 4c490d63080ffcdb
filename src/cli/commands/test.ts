import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { formatDiagnostic } from '../../flows/diagnostics.js';
import { listYamlFiles } from '../../flows/load-dir.js';
import { Reader } from '../../flows/reader.js';
import { SourceFile } from '../../flows/source.js';
import { flowsDir, loadCompiled, printDiagnostics } from '../flows-context.js';
import { coverage, runScenario, type ScenarioOutcome } from '../run-scenarios.js';
import { readScenario } from '../scenario-file.js';

/** `switchboard test`: run the flow scenario files; report failures with file:line and path coverage. */
export async function testCommand(
  files: string[],
  opts: { flows?: string; minCoverage?: number },
  out: (l: string) => void,
): Promise<number> {
  const dir = flowsDir(opts.flows);
  const { result, flows } = await loadCompiled(dir);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    printDiagnostics(errors, out);
    out('some flows have errors (above); their scenarios cannot run');
  }
  const paths = files.length ? files.map((f) => path.resolve(f)) : await listYamlFiles(path.join(dir, 'tests')).catch(() => []);
  let failed = 0;
  const outcomes: ScenarioOutcome[] = [];
  for (const file of paths) {
    const source = new SourceFile(path.relative(process.cwd(), file), await readFile(file, 'utf8'));
    const r = new Reader(source);
    const scenario = source.syntaxErrors.length ? undefined : readScenario(source, r);
    if (!scenario) {
      failed++;
      [...source.syntaxErrors, ...r.diagnostics].forEach((d) => out(formatDiagnostic(d)));
      continue;
    }
    const outcome = await runScenario(scenario, flows);
    outcomes.push(outcome);
    if (outcome.failure) {
      failed++;
      out(`✘ ${scenario.name}\n    ${formatDiagnostic(outcome.failure)}`);
    } else out(`✔ ${scenario.name}`);
  }
  let lowCoverage = false;
  for (const c of coverage(flows, outcomes)) {
    const pct = (100 * c.covered) / c.total;
    out(
      `coverage ${c.flow}: ${c.covered}/${c.total} paths (${pct.toFixed(0)}%)${c.missing.length ? `; not taken: ${c.missing.join(', ')}` : ''}`,
    );
    if (opts.minCoverage !== undefined && pct < opts.minCoverage) lowCoverage = true;
  }
  out(`${outcomes.filter((o) => !o.failure).length} of ${paths.length} scenario(s) passed`);
  if (lowCoverage) out(`path coverage is below --min-coverage ${opts.minCoverage}%`);
  return failed || lowCoverage || errors.length ? 1 : 0;
}
