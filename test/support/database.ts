import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { createPool, type Pool } from '../../src/db/pool.js';
import { seedDemoGroupsIfEmpty } from '../../src/demo/seed.js';

/**
 * One database for the whole test run: a fresh schema in DATABASE_URL's database when it is set
 * (CI), otherwise an embedded PostgreSQL in a temporary folder. Tables are emptied between tests.
 */
export interface TestDatabase {
  url: string;
  schema?: string;
  pool: Pool;
}

let current: TestDatabase | undefined;
let embedded: EmbeddedDatabase | undefined;
let embeddedDir: string | undefined;

export async function setUpTestDatabase(): Promise<TestDatabase> {
  if (current) return current;
  let url = process.env.DATABASE_URL;
  let schema: string | undefined;
  if (url) {
    schema = `sb_test_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: url });
    try {
      await admin.connect();
    } catch (err) {
      throw new Error(
        `DATABASE_URL is set but PostgreSQL does not answer (${(err as Error).message}); start it or unset DATABASE_URL to use an embedded one`,
      );
    }
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
  } else {
    embeddedDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-test-'));
    embedded = await startEmbeddedDatabase(embeddedDir, { persistent: false });
    url = embedded.url;
  }
  const pool = createPool(url, { schema, max: 10 });
  await migrate(pool);
  await seedDemoGroupsIfEmpty(pool);
  current = { url, schema, pool };
  return current;
}

export function testDatabase(): TestDatabase {
  if (!current) throw new Error('the test database is not set up (test/support/hooks.ts runs first)');
  return current;
}

/**
 * Empties every table and puts back the demo skill groups. Migrations and flow versions stay:
 * versions are content-addressed and a running test server registered them at start.
 */
export async function resetDatabase(): Promise<void> {
  const { pool } = testDatabase();
  const { rows } = await pool.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT IN ('schema_migrations', 'flow_versions')`,
  );
  // A router still finishing a pass can deadlock with TRUNCATE; try again.
  for (let attempt = 1; rows.length; attempt++) {
    try {
      await pool.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err;
    }
  }
  await seedDemoGroupsIfEmpty(pool);
  await pool.query('SELECT seed_floor_choices()'); // the defaults migration 026 ships
}

export async function tearDownTestDatabase(): Promise<void> {
  if (!current) return;
  const { pool, schema, url } = current;
  await pool.end();
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
  await embedded?.stop();
  if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
  current = undefined;
}
