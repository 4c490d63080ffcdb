import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createPool } from '../../src/db/pool.js';
import { createApp, type AppDeps } from '../../src/http/app.js';
import { Drain } from '../../src/http/drain.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { untilBlockedOnLock } from '../support/locks.js';
import { signedPost, sid, voiceParams } from '../support/signed-post.js';
import { startTestServer, type TestServer } from '../support/server.js';

const DRAIN_FLOWS = path.resolve(import.meta.dirname, '../fixtures/flows/drain');
const isFallback = (body: string) =>
  body.includes('We are sorry, we are having technical difficulties.') && body.includes('/voice/fallback-wait');

describe('/ready is public: it says only the state', () => {
  it('a database that does not answer is "database-unreachable" (503); the driver\'s error text is only in the log', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    const url = new URL(testDatabase().url);
    url.pathname = '/sb_no_such_database';
    const pool = createPool(url.toString(), { max: 1 });
    // Only what /ready uses is real here: the pool, the log, the drain and the flows (one loaded).
    const app = createApp({
      pool,
      log,
      drain: new Drain(),
      registry: { currentVersions: () => [{}] },
      publicBaseUrl: 'http://127.0.0.1',
      authToken: 'x'.repeat(16),
      signatureCheck: true,
    } as unknown as AppDeps);
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ready`);
      expect(res.status).to.equal(503);
      expect(await res.json()).to.deep.equal({ status: 'database-unreachable' });
      expect(lines.join('')).to.include('sb_no_such_database');
    } finally {
      server.close();
      await pool.end();
    }
  });
});

describe('draining (SIGTERM): no new call is started, the webhooks in flight are answered', () => {
  let server: TestServer;
  beforeEach(async () => {
    await resetDatabase();
    server = await startTestServer({ flowsDir: DRAIN_FLOWS });
  });
  afterEach(() => server.close());

  it('/ready answers 503 draining, a new call gets the fallback, a webhook in flight gets its real answer, then drain resolves', async () => {
    const callSid = sid(0xd1);
    expect((await signedPost(server, '/voice/incoming', voiceParams(callSid))).body).to.include('Press 1 to continue.');

    // The caller's next webhook is held in flight: its call row is locked by another transaction.
    const locker = await testDatabase().pool.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM calls WHERE call_sid = $1 FOR UPDATE', [callSid]);
      const inFlight = signedPost(server, '/voice/gather?seq=1', voiceParams(callSid, { Digits: '1' }));
      await untilBlockedOnLock();

      const drained = server.drain(10_000);
      const ready = await fetch(`${server.url}/ready`);
      expect(ready.status).to.equal(503);
      expect(await ready.json()).to.deep.equal({ status: 'draining' });
      const newCall = await signedPost(server, '/voice/incoming', voiceParams(sid(0xd2)));
      expect(newCall.status).to.equal(200);
      expect(isFallback(newCall.body), newCall.body).to.equal(true);
      // The fallback queue keeps holding its callers while this instance is going away.
      expect((await signedPost(server, '/voice/fallback-wait', voiceParams(sid(0xd3), { QueueTime: '30' }))).body).to.include('<Play>');

      await locker.query('COMMIT');
      const answered = await inFlight;
      expect(answered.body).to.include('Thank you, goodbye.');
      expect(await drained).to.equal(0);
    } finally {
      locker.release();
    }
    const { rows } = await testDatabase().pool.query('SELECT call_sid FROM calls ORDER BY call_sid');
    expect(rows.map((r) => r.call_sid)).to.deep.equal([callSid]);
  });
});
