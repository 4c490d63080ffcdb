import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pool, PoolClient } from './pool.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
// Any fixed number works; all instances must agree on it.
const MIGRATION_LOCK = 7_482_913_001;

/** A shipped migration file: `NNN-name.sql`. */
interface MigrationFile {
  id: number;
  name: string;
  sql: string;
  checksum: string;
}

/** One line of `switchboard migrate status`. */
export interface MigrationState {
  id: number;
  name: string;
  /**
   * applied: ran, file unchanged; pending: not run yet; changed: the file differs from what ran;
   * unknown: ran, but this release has no such file (a newer release applied it).
   */
  state: 'applied' | 'pending' | 'changed' | 'unknown';
  appliedAt?: Date;
}

/** Refusal to migrate: a shipped migration was edited or renamed after a database ran it. */
export class MigrationChanged extends Error {}

/** sha256 of the file with line endings made LF, so a Windows checkout (CRLF) does not count as an edit. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

async function migrationFiles(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((f) => /^\d{3,}-[\w-]+\.sql$/.test(f)).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name), 'utf8');
      return { id: Number.parseInt(name, 10), name, sql, checksum: migrationChecksum(sql) };
    }),
  );
}

interface AppliedRow {
  id: number;
  name: string;
  checksum: string | null;
  applied_at: Date;
}

/**
 * Creates the bookkeeping table, or brings one from before checksums up to date: a database
 * migrated by an earlier release gets the checksums of its applied files recorded on first run
 * (those files shipped unchanged, so what is on disk is what ran).
 */
async function bookkeeping(client: PoolClient, files: MigrationFile[]): Promise<AppliedRow[]> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  await client.query('ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text');
  const { rows } = await client.query<AppliedRow>('SELECT id, name, checksum, applied_at FROM schema_migrations ORDER BY id');
  for (const row of rows) {
    const file = files.find((f) => f.id === row.id && f.name === row.name);
    if (row.checksum === null && file) {
      await client.query('UPDATE schema_migrations SET checksum = $2 WHERE id = $1 AND checksum IS NULL', [row.id, file.checksum]);
      row.checksum = file.checksum;
    }
  }
  return rows;
}

function states(files: MigrationFile[], applied: AppliedRow[]): MigrationState[] {
  const byId = new Map(applied.map((r) => [r.id, r]));
  const shipped: MigrationState[] = files.map((f) => {
    const row = byId.get(f.id);
    if (!row) return { id: f.id, name: f.name, state: 'pending' };
    const same = row.name === f.name && row.checksum === f.checksum;
    return { id: f.id, name: same ? f.name : row.name, state: same ? 'applied' : 'changed', appliedAt: row.applied_at };
  });
  const newer: MigrationState[] = applied
    .filter((r) => !files.some((f) => f.id === r.id))
    .map((r) => ({ id: r.id, name: r.name, state: 'unknown', appliedAt: r.applied_at }));
  return [...shipped, ...newer].sort((a, b) => a.id - b.id);
}

function refuseChanged(files: MigrationFile[], all: MigrationState[], dir: string): void {
  const changed = all.filter((m) => m.state === 'changed');
  if (!changed.length) return;
  const lines = changed.map((m) => {
    const file = files.find((f) => f.id === m.id)!;
    return file.name === m.name
      ? `${path.join(dir, file.name)} was edited after this database applied it`
      : `${path.join(dir, file.name)} replaces ${m.name}, which this database applied as migration ${m.id}`;
  });
  throw new MigrationChanged(
    `refusing to migrate: ${lines.join('; ')}. Shipped migrations are never changed: restore the file as released ` +
      `and put the change in a new numbered migration.`,
  );
}

/** Runs `fn` holding the migration lock, so instances starting at once migrate one after another. */
async function locked<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await fn(client);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}

/** Every shipped and every applied migration, in order, with what became of it. */
export async function migrationStatus(pool: Pool, dir = MIGRATIONS_DIR): Promise<MigrationState[]> {
  const files = await migrationFiles(dir);
  return locked(pool, async (client) => states(files, await bookkeeping(client, files)));
}

/**
 * Applies the numbered SQL files in migrations/ that have not run yet, each in its own
 * transaction, under an advisory lock so several instances starting at once apply each file once.
 * Forward-only: a file that differs from what the database ran (by checksum) stops everything
 * with MigrationChanged before anything is applied. Migrations a newer release applied are left
 * alone (during a rolling upgrade the previous release still runs against the migrated database).
 */
export async function migrate(pool: Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = await migrationFiles(dir);
  return locked(pool, async (client) => {
    const all = states(files, await bookkeeping(client, files));
    refuseChanged(files, all, dir);
    const applied: string[] = [];
    for (const file of files.filter((f) => all.some((m) => m.id === f.id && m.state === 'pending'))) {
      await client.query('BEGIN');
      try {
        await client.query(file.sql);
        await client.query('INSERT INTO schema_migrations (id, name, checksum) VALUES ($1, $2, $3)', [file.id, file.name, file.checksum]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file.name} failed: ${(err as Error).message}`);
      }
      applied.push(file.name);
    }
    return applied;
  });
}
