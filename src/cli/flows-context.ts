import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { compileFlow, type CompiledFlow } from '../flows/compile.js';
import { formatDiagnostic, type Diagnostic } from '../flows/diagnostics.js';
import { loadFlowDir, type LoadResult } from '../flows/load-dir.js';
import { startEmbeddedDatabase } from '../db/embedded.js';

export function flowsDir(arg?: string): string {
  return path.resolve(arg ?? process.env.FLOWS_DIR ?? './flows');
}

export function dataDir(): string {
  return process.env.SWITCHBOARD_DATA_DIR || './.switchboard';
}

/**
 * Skill groups from the database the server uses: DATABASE_URL, or the embedded one when it has
 * been created. Undefined when there is no database to ask (the group check is then skipped).
 */
export async function knownGroups(): Promise<{ groups?: Set<string>; from: string }> {
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  let from = 'DATABASE_URL';
  if (!url) {
    if (!existsSync(path.join(dataDir(), 'pg', 'PG_VERSION'))) return { from: 'no database yet (run npm start once, or set DATABASE_URL)' };
    const embedded = await startEmbeddedDatabase(dataDir());
    url = embedded.url;
    stop = embedded.stop;
    from = 'the embedded database';
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ name: string }>('SELECT name FROM skill_groups');
    return { groups: new Set(rows.map((r) => r.name)), from };
  } catch (err) {
    return { from: `${from} could not be read (${(err as Error).message})` };
  } finally {
    await client.end().catch(() => {});
    await stop();
  }
}

export function printDiagnostics(ds: Diagnostic[], out: (l: string) => void): void {
  for (const d of ds) out(formatDiagnostic(d));
}

/** Loads the flows folder and compiles what loaded. */
export async function loadCompiled(dir: string, groups?: Set<string>): Promise<{ result: LoadResult; flows: Map<string, CompiledFlow> }> {
  const result = await loadFlowDir(dir, groups ? { knownGroups: groups } : {});
  const flows = new Map([...result.versions].map(([id, v]) => [id, compileFlow(v.flow, v.hash)]));
  return { result, flows };
}
