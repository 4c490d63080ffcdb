import path from 'node:path';
import { flowEnvFromEnv, parseCallbackRules } from '../config.js';
import { compileFlow, type CompiledFlow } from '../flows/compile.js';
import { formatDiagnostic, type Diagnostic } from '../flows/diagnostics.js';
import { loadFlowDir, type LoadResult } from '../flows/load-dir.js';

export function flowsDir(arg?: string): string {
  return path.resolve(arg ?? process.env.FLOWS_DIR ?? './flows');
}

export function dataDir(): string {
  return process.env.SWITCHBOARD_DATA_DIR || './.switchboard';
}

export function printDiagnostics(ds: Diagnostic[], out: (l: string) => void): void {
  for (const d of ds) out(formatDiagnostic(d));
}

/** Loads the flows folder and compiles what loaded. */
export async function loadCompiled(dir: string, groups?: Set<string>): Promise<{ result: LoadResult; flows: Map<string, CompiledFlow> }> {
  const result = await loadFlowDir(dir, { ...(groups ? { knownGroups: groups } : {}), flowEnv: flowEnvFromEnv(process.env) });
  // The simulator applies the same callback policy as the server does with this environment.
  const callbacks = parseCallbackRules(process.env);
  const flows = new Map([...result.versions].map(([id, v]) => [id, compileFlow(v.flow, v.hash, { callbacks })]));
  return { result, flows };
}

/** One flow of the flows folder, compiled; undefined (after saying why and which flows there are) when it did not load. */
export async function loadOneFlow(flowId: string, dir: string, out: (l: string) => void): Promise<CompiledFlow | undefined> {
  const { result, flows } = await loadCompiled(dir);
  const cf = flows.get(flowId);
  if (!cf) {
    printDiagnostics(
      result.diagnostics.filter((d) => d.severity === 'error'),
      out,
    );
    out(`no flow '${flowId}' could be loaded; flows: ${[...flows.keys()].join(', ') || 'none'}`);
  }
  return cf;
}
