import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../db/embedded.js';

/**
 * The zero-configuration demo keeps what it generates in the data folder: a local Twilio auth
 * token (so the CLI can sign test calls to the running server), the demo accounts' password and
 * the embedded database.
 */
export async function localAuthToken(dataDir: string): Promise<string> {
  return (await keptSecret(dataDir, 'local-auth-token', () => randomBytes(16).toString('hex'))).value;
}

/** The sign-in password of the demo's sample accounts: generated once, never a fixed one. */
export function demoPassword(dataDir: string): Promise<{ value: string; created: boolean }> {
  return keptSecret(dataDir, 'demo-password', () => randomBytes(12).toString('base64url'));
}

async function keptSecret(dataDir: string, name: string, generate: () => string): Promise<{ value: string; created: boolean }> {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return { value: (await readFile(file, 'utf8')).trim(), created: false };
  await mkdir(dataDir, { recursive: true });
  const value = generate();
  await writeFile(file, value + '\n', { mode: 0o600 });
  return { value, created: true };
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under the data folder. */
export async function openDatabase(
  databaseUrl: string | undefined,
  dataDir: string,
): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (databaseUrl) return { url: databaseUrl };
  const embedded = await startEmbeddedDatabase(dataDir);
  return { url: embedded.url, embedded };
}
