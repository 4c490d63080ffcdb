import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { MIGRATIONS_DIR, migrate, migrationChecksum, migrationStatus } from '../../src/db/migrate.js';
import { createPool, type Pool } from '../../src/db/pool.js';
import { runCli } from '../support/cli.js';
import { testDatabase } from '../support/database.js';

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

/** A schema of its own on the test database, so a test can break its migrations safely. */
async function scratchSchema(name: string): Promise<{ pool: Pool; url: string; drop(): Promise<void> }> {
  const { url, pool: main } = testDatabase();
  await main.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  await main.query(`CREATE SCHEMA ${name}`);
  const pool = createPool(url, { schema: name, max: 2 });
  const cliUrl = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${name}`)}`;
  return {
    pool,
    url: cliUrl,
    drop: async () => {
      await pool.end();
      await main.query(`DROP SCHEMA ${name} CASCADE`);
    },
  };
}

describe('migrations: checksums and upgrades in place', () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof scratchSchema>>;
  const write = (name: string, sql: string) => writeFile(path.join(dir, name), sql);
  const tables = async () =>
    (await db.pool.query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`)).rows.map((r) => r.tablename);

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-migrations-'));
    db = await scratchSchema(`sb_migrate_${process.pid}`);
    await write('001-first.sql', 'CREATE TABLE first (id int);\n');
    await write('002-second.sql', 'CREATE TABLE second (id int);\n');
  });
  afterEach(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies the pending files once and records what each one was', async () => {
    expect(await migrate(db.pool, dir)).to.deep.equal(['001-first.sql', '002-second.sql']);
    expect(await migrate(db.pool, dir)).to.deep.equal([]);
    const { rows } = await db.pool.query('SELECT id, name, checksum FROM schema_migrations ORDER BY id');
    expect(rows).to.deep.equal([
      { id: 1, name: '001-first.sql', checksum: migrationChecksum('CREATE TABLE first (id int);\n') },
      { id: 2, name: '002-second.sql', checksum: migrationChecksum('CREATE TABLE second (id int);\n') },
    ]);
    expect((await migrationStatus(db.pool, dir)).map((m) => m.state)).to.deep.equal(['applied', 'applied']);
  });

  it('upgrades a database migrated before checksums: records them for what ran, then applies the rest', async () => {
    // The bookkeeping table as earlier releases made it, with 001 applied.
    await db.pool.query(
      `CREATE TABLE schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    await db.pool.query('CREATE TABLE first (id int)');
    await db.pool.query(`INSERT INTO schema_migrations (id, name) VALUES (1, '001-first.sql')`);

    expect(await migrate(db.pool, dir)).to.deep.equal(['002-second.sql']);
    const { rows } = await db.pool.query('SELECT id, checksum FROM schema_migrations ORDER BY id');
    expect(rows.map((r) => r.checksum)).to.deep.equal([
      migrationChecksum('CREATE TABLE first (id int);\n'),
      migrationChecksum('CREATE TABLE second (id int);\n'),
    ]);
  });

  it('refuses to run when a shipped migration was edited after it was applied, naming the file, and applies nothing', async () => {
    await migrate(db.pool, dir);
    await write('002-second.sql', 'CREATE TABLE second (id int, more text);\n');
    await write('003-third.sql', 'CREATE TABLE third (id int);\n');
    const err = await rejection(migrate(db.pool, dir));
    expect(err.message).to.contain(`${path.join(dir, '002-second.sql')} was edited after this database applied it`);
    expect(err.message).to.contain('put the change in a new numbered migration');
    expect(await tables()).not.to.include('third');
    expect((await migrationStatus(db.pool, dir)).map((m) => [m.name, m.state])).to.deep.equal([
      ['001-first.sql', 'applied'],
      ['002-second.sql', 'changed'],
      ['003-third.sql', 'pending'],
    ]);
  });

  it('refuses a file that takes the number of another applied migration', async () => {
    await migrate(db.pool, dir);
    await rm(path.join(dir, '002-second.sql'));
    await write('002-other.sql', 'CREATE TABLE other (id int);\n');
    expect((await rejection(migrate(db.pool, dir))).message).to.contain(`${path.join(dir, '002-other.sql')} replaces 002-second.sql`);
  });

  it('does not count Windows line endings as an edit', async () => {
    await migrate(db.pool, dir);
    await write('001-first.sql', 'CREATE TABLE first (id int);\r\n');
    expect(await migrate(db.pool, dir)).to.deep.equal([]);
  });

  it('leaves alone migrations a newer release applied (the previous release keeps running in a rolling upgrade)', async () => {
    await write('003-third.sql', 'CREATE TABLE third (id int);\n');
    await migrate(db.pool, dir);
    await rm(path.join(dir, '003-third.sql'));
    expect(await migrate(db.pool, dir)).to.deep.equal([]);
    expect((await migrationStatus(db.pool, dir)).map((m) => m.state)).to.deep.equal(['applied', 'applied', 'unknown']);
  });

  describe('switchboard migrate', () => {
    const cli = (args: string[]) => runCli(['migrate', ...args], { env: { DATABASE_URL: db.url } });
    const shipped = async () =>
      (await import('node:fs/promises')).readdir(MIGRATIONS_DIR).then((f) => f.filter((n) => n.endsWith('.sql')).sort());

    it('status lists the shipped migrations as pending, up applies them, status then shows them applied', async () => {
      const files = await shipped();
      let r = await cli(['status']);
      expect(r.code, r.stdout + r.stderr).to.equal(0);
      expect(r.stdout).to.match(new RegExp(`^${files[0].replace('.', '\\.')}\\s+pending\\s+-$`, 'm'));
      r = await cli(['up']);
      expect(r.code, r.stdout + r.stderr).to.equal(0);
      expect(r.stdout).to.contain(`applied ${files.at(-1)}`);
      expect(r.stdout).to.contain(`the database is up to date (${files.length} applied now)`);
      r = await cli(['status', '--json']);
      expect(JSON.parse(r.stdout).map((m: { name: string; state: string }) => [m.name, m.state])).to.deep.equal(
        files.map((f) => [f, 'applied']),
      );
      expect((await cli(['up'])).stdout).to.contain('the database is up to date (nothing to apply)');
    });

    it('refuses, exit 1, when the database ran a different version of a shipped file', async () => {
      const files = await shipped();
      await migrate(db.pool);
      const sql = await readFile(path.join(MIGRATIONS_DIR, files[2]), 'utf8');
      // As if this database ran an earlier edit of the file.
      await db.pool.query('UPDATE schema_migrations SET checksum = $2 WHERE name = $1', [files[2], migrationChecksum(sql + '-- edited\n')]);
      let r = await cli(['up']);
      expect(r.code).to.equal(1);
      expect(r.stdout).to.contain(
        `error: refusing to migrate: ${path.join(MIGRATIONS_DIR, files[2])} was edited after this database applied it`,
      );
      r = await cli(['status']);
      expect(r.code).to.equal(1);
      expect(r.stdout).to.match(new RegExp(`^${files[2].replace('.', '\\.')}\\s+CHANGED since applied`, 'm'));
    });

    it('prints its usage for anything else, exit 2', async () => {
      const r = await cli(['down']);
      expect(r.code).to.equal(2);
      expect(r.stdout).to.contain('usage: switchboard migrate status [--json]');
    });
  });
});
