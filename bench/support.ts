import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';
import { createPool, type Pool } from '../src/db/pool.js';
import { seedDemoGroupsIfEmpty } from '../src/demo/seed.js';

const HERE = import.meta.dirname;

/** A database of its own for the run: a fresh schema on DATABASE_URL, or an embedded PostgreSQL. */
export async function benchDatabase(): Promise<{ url: string; schema?: string; pool: Pool; close(): Promise<void> }> {
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  let schema: string | undefined;
  if (url) {
    schema = `sb_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
  } else {
    const embedded = await startEmbeddedDatabase(await mkdtemp(path.join(os.tmpdir(), 'sb-bench-')), { persistent: false });
    url = embedded.url;
    stop = embedded.stop;
  }
  const pool = createPool(url, { schema, max: 8 });
  await migrate(pool);
  await seedDemoGroupsIfEmpty(pool);
  return {
    url,
    schema,
    pool,
    close: async () => {
      await pool.end();
      if (schema) {
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      }
      await stop();
    },
  };
}

/** Runs a TypeScript file in its own Node process; resolves with the URL it prints when ready. */
export async function startProcess(
  file: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
  opts: { ipc?: boolean } = {},
): Promise<{ url: string; child: ChildProcess; stop(): void }> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(HERE, file)], {
    env: { ...process.env, ...env },
    // With an IPC channel the parent can also message the process (the capacity bench's CPU profile).
    stdio: ['ignore', 'pipe', 'inherit', ...(opts.ipc ? ['ipc' as const] : [])],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /ready (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before it was ready`)));
  });
  return { url, child, stop: () => child.kill('SIGTERM') };
}

export interface LoadResult {
  requests: number;
  rps: number;
  non2xx: number;
  errors: number;
  latency: { p50: number; p99: number; p999: number; max: number };
}

/** The load generator in a separate process (autocannon: bench/load.ts; fixed rate: bench/paced-load.ts). */
export async function runLoad(options: Record<string, unknown>, script = 'load.ts'): Promise<LoadResult> {
  // The options (10k calls and their steps) go through a file: too long for a command line.
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'sb-load-')), 'options.json');
  await writeFile(file, JSON.stringify(options));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, script), file], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await new Promise((r) => child.once('exit', r));
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

/** One line of the bench table: section, what, result, what it is measured against, goal met (null: no goal). */
export type Row = [section: string, what: string, result: string, against: string, ok: boolean | null];

/** A number for the table: thousands separated, this many decimals. */
export const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
