import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded.js';

/**
 * The zero-configuration demo keeps what it generates in the data folder: a local Twilio auth
 * token (so the CLI can sign test calls to the running server) and the embedded database.
 */
export async function localAuthToken(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'local-auth-token');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(dataDir, { recursive: true });
  const token = randomBytes(16).toString('hex');
  await writeFile(file, token + '\n', { mode: 0o600 });
  return token;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under the data folder. */
export async function openDatabase(databaseUrl: string | undefined, dataDir: string): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (databaseUrl) return { url: databaseUrl };
  const embedded = await startEmbeddedDatabase(dataDir);
  return { url: embedded.url, embedded };
}
