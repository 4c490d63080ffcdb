import { expect } from 'chai';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { staffOnBreak } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedPost, sid, voiceParams } from '../support/signed-post.js';
import { placeCall } from '../support/twilio-driver.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');
const isFallback = (body: string) =>
  body.includes('We are sorry, we are having technical difficulties.') && body.includes('/voice/fallback-wait');

describe('hardening: outages and overload', function () {
  this.timeout(30_000);
  beforeEach(async () => {
    await resetDatabase();
    await staffOnBreak();
  });

  describe('the database drops every connection mid-call', () => {
    let server: TestServer;
    before(async () => (server = await startTestServer({ now: () => MONDAY_10AM })));
    after(() => server.close());

    it('webhooks caught in it answer the fallback; later ones continue the call; nothing is lost', async () => {
      const call = await placeCall(server);
      await call.press('1');
      // Every server connection to the database is killed (a restart, a failover).
      await testDatabase().pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'switchboard'`,
      );
      const during = await signedPost(server, '/voice/gather?seq=2', voiceParams(call.sid, { Digits: '2' }));
      expect(during.status).to.equal(200);
      // The pool notices dead connections and opens new ones: either this answer or the next is normal.
      const after = await signedPost(server, '/voice/gather?seq=2', voiceParams(call.sid, { Digits: '2' }), { idempotencyToken: 'retry' });
      const answered = isFallback(during.body) ? after : during;
      expect(answered.body).to.include('<Enqueue');
      expect(answered.body).to.include('>support</Enqueue>');
      const { rows } = await testDatabase().pool.query('SELECT state, seq FROM calls WHERE call_sid = $1', [call.sid]);
      expect(rows).to.deep.equal([{ state: 'support', seq: 3 }]);
    });
  });

  describe('callers held by the fallback are picked up again once Switchboard recovers', () => {
    let server: TestServer;
    before(async () => (server = await startTestServer({ now: () => MONDAY_10AM })));
    after(() => server.close());

    it('the fallback queue plays music at first, then lets the caller go; /voice/recover resumes their call', async () => {
      const call = await placeCall(server);
      await call.press('1'); // at the main menu
      const early = await signedPost(server, '/voice/fallback-wait', voiceParams(call.sid, { QueueTime: '3' }));
      expect(early.body).to.match(/<Play>[^<]+<\/Play><\/Response>$/);
      const later = await signedPost(server, '/voice/fallback-wait', voiceParams(call.sid, { QueueTime: '12' }));
      expect(later.body).to.equal('<?xml version="1.0" encoding="UTF-8"?><Response><Leave/></Response>');
      const resumed = await signedPost(server, '/voice/recover', voiceParams(call.sid));
      expect(resumed.body).to.include('For billing, press 1.');
      expect(resumed.body).to.include(`action="${server.config.publicBaseUrl}/voice/gather?seq=2"`);
      // A caller we never knew (the outage hit their first webhook) starts the flow.
      const fresh = await signedPost(server, '/voice/recover', voiceParams(sid(31337)));
      expect(fresh.body).to.include('Thank you for calling Acme.');
    });
  });

  describe('more load than the server can take', () => {
    let server: TestServer;
    let release = () => {};
    let allFourInside = () => {};
    const fourInside = new Promise<void>((r) => (allFourInside = r));
    let lookupsWaiting = 0;
    before(async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'slow-'));
      await writeFile(
        path.join(dir, 'slow.yaml'),
        'flow: slow\ndefault: true\nstart: find\nsteps:\n  find:\n    lookup: https://crm.example.com/x\n    next: bye\n    on_failure: bye\n  bye:\n    say: Goodbye.\n    next: hangup\n',
      );
      // A data source that answers only when the test says so: requests pile up.
      const gate = new Promise<void>((r) => (release = r));
      server = await startTestServer({
        flowsDir: dir,
        maxInFlight: 4,
        lookup: async () => (++lookupsWaiting === 4 && allFourInside(), await gate, { ok: false, error: 'slow' }),
      });
    });
    after(() => server.close());

    it('callers beyond what it can take get the fallback at once instead of waiting for the work in flight', async () => {
      const started = Array.from({ length: 4 }, (_, i) => signedPost(server, '/voice/incoming', voiceParams(sid(900 + i))));
      // All four are inside the server, each waiting on the data source.
      await fourInside;
      // The data source is still shut: these answers cannot have waited for it (how fast they come
      // is the benchmark's business, not a test's).
      const shed = await Promise.all(
        Array.from({ length: 10 }, (_, i) => signedPost(server, '/voice/incoming', voiceParams(sid(950 + i)))),
      );
      expect(lookupsWaiting).to.equal(4);
      for (const r of shed) expect(isFallback(r.body), r.body).to.equal(true);
      release();
      for (const r of await Promise.all(started)) expect(r.body).to.include('Goodbye.');
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).to.match(/^switchboard_errors_total\{where="webhook-shed"\} 10$/m);
    });
  });
});
