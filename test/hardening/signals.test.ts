import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resetDatabase, testDatabase } from '../support/database.js';
import { MainProcess, type LogLine } from '../support/main-process.js';
import type { TestServer } from '../support/server.js';
import { untilBlockedOnLock } from '../support/locks.js';
import { signedPost, sid, voiceParams } from '../support/signed-post.js';

const DRAIN_FLOWS = path.resolve(import.meta.dirname, '../fixtures/flows/drain');
const isFallback = (body: string) =>
  body.includes('We are sorry, we are having technical difficulties.') && body.includes('/voice/fallback-wait');
const byMsg = (msg: string) => (l: LogLine) => l.msg === msg;

/** signedPost's view of a server: where to send, and the public URL that is signed. */
const target = (main: MainProcess) => ({ url: main.url, config: { publicBaseUrl: main.publicBaseUrl } }) as unknown as TestServer;

async function ready(main: MainProcess): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${main.url}/ready`);
  return { status: res.status, body: await res.json() };
}

describe('signals sent to a running Switchboard (src/main.ts, as npm start runs it)', function () {
  this.timeout(90_000);
  let dir: string;
  let main: MainProcess | undefined;
  beforeEach(async () => {
    await resetDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'signals-'));
    await cp(DRAIN_FLOWS, path.join(dir, 'flows'), { recursive: true });
  });
  afterEach(async () => {
    await main?.kill();
    main = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('on its own database: SIGHUP reloads the flows and keeps serving; SIGTERM drains (health 503, new calls to the fallback, the webhook in flight answered), then exits 0', async () => {
    const db = testDatabase();
    const url = new URL(db.url);
    if (db.schema) url.searchParams.set('options', `-c search_path=${db.schema}`);
    main = await MainProcess.start(dir, { DATABASE_URL: url.toString(), FLOWS_DIR: path.join(dir, 'flows') });

    main.signal('SIGHUP');
    const reloaded = await main.nextLog((l) => l.msg === 'flows reloaded' && l.trigger === 'SIGHUP');
    expect(reloaded.result).to.equal('ok');
    expect(main.logs.some(byMsg('reloading flows'))).to.equal(true);
    expect(await ready(main)).to.deep.equal({ status: 200, body: { status: 'ready' } });

    const callSid = sid(0x51);
    expect((await signedPost(target(main), '/voice/incoming', voiceParams(callSid))).body).to.include('Press 1 to continue.');
    const locker = await db.pool.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM calls WHERE call_sid = $1 FOR UPDATE', [callSid]);
      const inFlight = signedPost(target(main), '/voice/gather?seq=1', voiceParams(callSid, { Digits: '1' }));
      await untilBlockedOnLock();

      main.signal('SIGTERM');
      await main.nextLog((l) => l.msg.startsWith('shutting down') && l.signal === 'SIGTERM');
      expect(await ready(main)).to.deep.equal({ status: 503, body: { status: 'draining' } });
      const newCall = await signedPost(target(main), '/voice/incoming', voiceParams(sid(0x52)));
      expect(isFallback(newCall.body), newCall.body).to.equal(true);
      expect(main.child.exitCode, 'still finishing the webhook in flight').to.equal(null);

      await locker.query('COMMIT');
      expect((await inFlight).body).to.include('Thank you, goodbye.');
    } finally {
      locker.release();
    }
    expect(await main.exited).to.equal(0);
    const msgs = main.logs.map((l) => l.msg);
    expect(msgs.indexOf('server closed')).to.be.above(msgs.findIndex((m) => m.startsWith('shutting down')));
    expect(msgs.at(-1), JSON.stringify(main.logs.slice(-4))).to.equal('Switchboard stopped');
  });

  it('on the embedded database: SIGHUP leaves the database up; SIGTERM stops it last and exits 0', async () => {
    // The data folder itself is the temporary folder (PostgreSQL runs as another user when we are root).
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'signals-data-'));
    try {
      main = await MainProcess.start(dir, { SWITCHBOARD_DATA_DIR: dataDir, FLOWS_DIR: path.join(dir, 'flows') });
      expect(main.logs.some(byMsg('using the embedded PostgreSQL (set DATABASE_URL to use your own)'))).to.equal(true);

      main.signal('SIGHUP');
      await main.nextLog((l) => l.msg === 'flows reloaded' && l.trigger === 'SIGHUP');
      expect(await ready(main)).to.deep.equal({ status: 200, body: { status: 'ready' } });
      expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).to.equal(true);

      main.signal('SIGTERM');
      expect(await main.exited).to.equal(0);
      const msgs = main.logs.map((l) => l.msg);
      const closed = msgs.indexOf('server closed');
      expect(closed).to.be.above(-1);
      expect(msgs.indexOf('embedded database stopped')).to.be.above(closed);
      expect(msgs.at(-1)).to.equal('Switchboard stopped');
      expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), 'PostgreSQL has shut down').to.equal(false);
    } finally {
      await main?.kill();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
