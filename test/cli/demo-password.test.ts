import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hashPassword } from '../../src/auth/passwords.js';
import { seedDemoCentreIfEmpty } from '../../src/demo/seed.js';
import { cliDatabaseUrl } from '../support/cli.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { freePort, CENTRE_FLOWS } from '../support/server.js';
import { signIn } from '../support/web.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `npm start` without a Twilio account (the local demo), on the test database; resolves with its banner. */
async function startDemo(dataDir: string): Promise<{ url: string; banner: string; child: ChildProcess }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: cliDatabaseUrl(),
    SWITCHBOARD_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    FLOWS_DIR: CENTRE_FLOWS,
    LOG_LEVEL: 'warn',
  };
  for (const k of ['TWILIO_AUTH_TOKEN', 'TWILIO_API_BASE_URL', 'PUBLIC_BASE_URL']) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const banner = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
      if (err.includes('Try a call:')) resolve(err);
    });
    child.once('exit', (code) => reject(new Error(`the demo exited (${code}) before it was ready:\n${err}`)));
  });
  return { url: `http://127.0.0.1:${port}`, banner, child };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const printedPassword = (banner: string) => /Demo sign-in: .*; password (\S+)/.exec(banner)?.[1];

describe('the local demo signs in with a generated password, never a fixed one', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);
  after(resetDatabase);

  it('prints a generated password, keeps it in the data folder, and the demo accounts use it', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'demo-'));
    const first = await startDemo(dataDir);
    let password: string | undefined;
    try {
      password = printedPassword(first.banner);
      expect(password, first.banner).to.match(/^[\w-]{16}$/);
      expect(first.banner).to.include(`(kept in ${dataDir}/demo-password)`);
      expect((await readFile(path.join(dataDir, 'demo-password'), 'utf8')).trim()).to.equal(password);
      expect((await stat(path.join(dataDir, 'demo-password'))).mode & 0o777).to.equal(0o600);
      expect((await signIn(first.url, 'supervisor', 'supervisor', password)).status).to.equal(200);
      expect((await signIn(first.url, 'ana', 'agent', password)).status).to.equal(200);
      expect((await signIn(first.url, 'supervisor', 'supervisor', 'switchboard')).status).to.equal(401);
    } finally {
      await stop(first.child);
    }
    // The next start (same data folder) says the same password.
    const again = await startDemo(dataDir);
    await stop(again.child);
    expect(printedPassword(again.banner)).to.equal(password);
  });

  it('a demo centre seeded with the old fixed password moves to the generated one', async () => {
    await seedDemoCentreIfEmpty(testDatabase().pool, { passwordHash: await hashPassword('switchboard') });
    const demo = await startDemo(await mkdtemp(path.join(os.tmpdir(), 'demo-')));
    try {
      expect((await signIn(demo.url, 'supervisor', 'supervisor', 'switchboard')).status).to.equal(401);
      expect((await signIn(demo.url, 'dev', 'agent', 'switchboard')).status).to.equal(401);
      expect((await signIn(demo.url, 'dev', 'agent', printedPassword(demo.banner))).status).to.equal(200);
    } finally {
      await stop(demo.child);
    }
  });
});
