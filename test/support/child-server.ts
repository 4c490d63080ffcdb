import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { testDatabase } from './database.js';
import { AUTH_TOKEN, ACCOUNT_SID, CENTRE_FLOWS } from './server.js';

/** Starts a server in a child process on the test database; resolves once it listens. */
export async function startChildServer(env: Record<string, string>): Promise<{ url: string; process: ChildProcess }> {
  const db = testDatabase();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'child-server-main.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      ...(db.schema ? { TEST_SCHEMA: db.schema } : {}),
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      FLOWS_DIR: CENTRE_FLOWS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /ready (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`child server exited (${code}) before it was ready`)));
  });
  return { url, process: child };
}
