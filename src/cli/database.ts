import { existsSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedDatabase } from '../db/embedded.js';
import { createPool, type Pool } from '../db/pool.js';
import { listSkillGroupNames } from '../db/queries/flows.js';
import { dataDir } from './flows-context.js';

/** A failure the user can fix (no database, cannot connect); main prints it and exits 1. */
export class DatabaseUnavailable extends Error {}

/**
 * Runs `fn` on the database the server uses: DATABASE_URL, or the embedded one under
 * SWITCHBOARD_DATA_DIR once `npm start` has created it. Closes everything afterwards.
 */
export async function withDatabase<T>(fn: (pool: Pool) => Promise<T>): Promise<T> {
  let url = process.env.DATABASE_URL;
  let from = 'DATABASE_URL';
  let stop = async () => {};
  if (!url) {
    const dir = dataDir();
    if (!existsSync(path.join(dir, 'pg', 'PG_VERSION'))) {
      throw new DatabaseUnavailable(`no database: set DATABASE_URL, or run 'npm start' once to create the embedded one in ${dir}`);
    }
    const embedded = await startEmbeddedDatabase(dir);
    url = embedded.url;
    stop = embedded.stop;
    from = `the embedded database in ${dir}`;
  }
  const pool = createPool(url, { max: 2, applicationName: 'switchboard-cli' });
  try {
    await pool.query('SELECT 1').catch((err: Error) => {
      throw new DatabaseUnavailable(`cannot connect to ${from}: ${err.message}`);
    });
    return await fn(pool).catch((err: { code?: string; message: string }) => {
      // 42P01: undefined table, i.e. the server has never migrated this database.
      if (err.code === '42P01')
        throw new DatabaseUnavailable(`${from} has no Switchboard tables yet (${err.message}); start the server once to create them`);
      throw err;
    });
  } finally {
    await pool.end();
    await stop();
  }
}

/** Skill groups of the server's database, for `check`; without one, why the check is skipped. */
export async function knownGroups(): Promise<{ groups?: Set<string>; from: string }> {
  try {
    return { groups: await withDatabase(listSkillGroupNames), from: process.env.DATABASE_URL ? 'DATABASE_URL' : 'the embedded database' };
  } catch (err) {
    return { from: (err as Error).message };
  }
}
