import { hasErrors } from '../../flows/diagnostics.js';
import { knownGroups } from '../database.js';
import { flowsDir, loadCompiled, printDiagnostics } from '../flows-context.js';

/** `switchboard check`: validate and lint every flow; exit 1 on errors, list warnings. */
export async function checkCommand(opts: { flows?: string; groups: boolean }, out: (l: string) => void): Promise<number> {
  const dir = flowsDir(opts.flows);
  const known = opts.groups ? await knownGroups() : { from: 'skipped (--no-groups)' };
  const { result } = await loadCompiled(dir, known.groups);
  printDiagnostics(result.diagnostics, out);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.length - errors;
  if (!known.groups) out(`note: skill groups not checked: ${known.from}`);
  out(
    `${result.counts.flows} flow(s) and ${result.counts.subflows} sub-flow(s) in ${dir}: ` +
      `${errors} error(s), ${warnings} warning(s)` +
      (result.versions.size ? `; ready: ${[...result.versions.values()].map((v) => `${v.flow.id}@${v.hash}`).join(', ')}` : ''),
  );
  return hasErrors(result.diagnostics) ? 1 : 0;
}
