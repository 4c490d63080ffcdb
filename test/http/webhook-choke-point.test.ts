import { expect } from 'chai';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { LookupAnswer } from '../../src/calls/lookup.js';
import { claimNext } from '../support/queue.js';
import { addAgent } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { flowWithLookup } from '../support/lookup-flow.js';
import { queueCaller } from '../support/queue.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { sid, signedPost, voiceParams } from '../support/signed-post.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');
const HANGUP = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';
const isFallback = (body: string) => body.startsWith('<?xml') && body.includes('technical difficulties') && body.includes('<Enqueue');
const db = () => testDatabase().pool;

type LogLine = Record<string, unknown> & { msg: string };

/** A logger whose lines a test can wait for (resolved when the line is written, no polling). */
function capturedLog() {
  const lines: LogLine[] = [];
  const waiting: { match: (l: LogLine) => boolean; found: (l: LogLine) => void }[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _enc, done) {
        const line = JSON.parse(String(chunk)) as LogLine;
        lines.push(line);
        for (const w of waiting.filter((w) => w.match(line))) w.found(line);
        done();
      },
    }),
  );
  const next = (match: (l: LogLine) => boolean) =>
    new Promise<LogLine>((found) => {
      const seen = lines.find(match);
      if (seen) found(seen);
      else waiting.push({ match, found });
    });
  return { log, next };
}

/** A metric's value now (0 before its first series): tests compare before and after. */
async function metric(server: TestServer, series: string): Promise<number> {
  const line = (await (await fetch(`${server.url}/metrics`)).text()).split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** How much each series grows while `act` runs. */
async function growth(server: TestServer, series: string[], act: () => Promise<void>): Promise<number[]> {
  const before = await Promise.all(series.map((s) => metric(server, s)));
  await act();
  return (await Promise.all(series.map((s) => metric(server, s)))).map((v, i) => v - before[i]);
}

async function withTableAway<T>(table: string, act: () => Promise<T>): Promise<T> {
  await db().query(`ALTER TABLE ${table} RENAME TO ${table}_away`);
  try {
    return await act();
  } finally {
    await db().query(`ALTER TABLE ${table}_away RENAME TO ${table}`);
  }
}

describe('the webhook choke point: every Twilio webhook checked at the edge, deadlined, measured, and answered on a fault', () => {
  let server: TestServer;
  const logs = capturedLog();
  /** The data source of the flow's first step answers when the test says so. */
  let answerLookup: (r: LookupAnswer) => void = () => {};
  before(async () => {
    server = await startTestServer({
      now: () => MONDAY_10AM,
      deadlineMs: 300,
      log: logs.log,
      flowsDir: await flowWithLookup(),
      lookup: () => new Promise<LookupAnswer>((resolve) => (answerLookup = resolve)),
    });
  });
  after(() => server.close());
  beforeEach(resetDatabase);

  describe('on a caller route', () => {
    it('invalid input is named in the log, counted, and answered with the fallback TwiML', async () => {
      const series = [
        'switchboard_errors_total{where="webhook-invalid"}',
        'switchboard_webhook_duration_seconds_count{route="gather",outcome="fallback"}',
      ];
      const counted = await growth(server, series, async () => {
        const res = await signedPost(server, '/voice/gather?seq=1', voiceParams(sid(0x51), { Digits: 'abc' }));
        expect(res.status).to.equal(200);
        expect(res.contentType).to.match(/^text\/xml/);
        expect(isFallback(res.body), res.body).to.equal(true);
      });
      expect(counted).to.deep.equal([1, 1]);
      const logged = await logs.next((l) => l.callSid === sid(0x51) && l.route === 'gather');
      expect(logged.problem).to.equal('Digits: must be keypad digits');
    });

    it("past its deadline the caller gets the fallback; the late work's failure is logged", async () => {
      const callSid = sid(0x52);
      const series = [
        'switchboard_errors_total{where="webhook-deadline"}',
        'switchboard_webhook_duration_seconds_count{route="incoming",outcome="timeout"}',
      ];
      const counted = await growth(server, series, async () => {
        // The lookup is not answered: only the deadline can answer this webhook (mocha's time-out otherwise).
        const res = await signedPost(server, '/voice/incoming', voiceParams(callSid));
        expect(res.status).to.equal(200);
        expect(isFallback(res.body), res.body).to.equal(true);
      });
      expect(counted).to.deep.equal([1, 1]);
      const lateFailure = logs.next((l) => l.callSid === callSid && l.msg === 'late webhook failed');
      await withTableAway('calls', async () => {
        answerLookup({ ok: false, error: 'answered late' });
        expect((await lateFailure).route).to.equal('incoming');
      });
      await server.sessions.lateWorkDone();
    });

    it('a thrown fault answers valid TwiML, never a 5xx; a status callback not recorded gets a 503 so that Twilio retries it', async () => {
      const series = [
        'switchboard_errors_total{where="webhook"}',
        'switchboard_webhook_duration_seconds_count{route="gather",outcome="fallback"}',
        'switchboard_errors_total{where="status-callback"}',
        'switchboard_webhook_duration_seconds_count{route="status",outcome="fault"}',
      ];
      const counted = await growth(server, series, () =>
        withTableAway('calls', async () => {
          const res = await signedPost(server, '/voice/gather?seq=1', voiceParams(sid(0x53), { Digits: '1' }));
          expect(res.status).to.equal(200);
          expect(isFallback(res.body), res.body).to.equal(true);
          const status = await signedPost(server, '/voice/status', voiceParams(sid(0x53), { CallStatus: 'completed' }));
          expect(status.status).to.equal(503);
        }),
      );
      expect(counted).to.deep.equal([1, 1, 1, 1]);
      await server.sessions.lateWorkDone();
    });
  });

  describe("on an agent leg's route", () => {
    /** One caller waiting and one agent being rung for them (no router runs here). */
    async function ringing(): Promise<number> {
      await addAgent();
      await queueCaller('general');
      return (await claimNext(db()))!.assignmentId;
    }

    it('invalid input is named in the answer or the log, counted, and hangs up the leg', async () => {
      const id = await ringing();
      const series = [
        'switchboard_errors_total{where="agent-webhook-invalid"}',
        'switchboard_webhook_duration_seconds_count{route="agent/whisper-accept",outcome="invalid"}',
      ];
      const counted = await growth(server, series, async () => {
        const res = await signedPost(server, `/voice/agent/whisper-accept?assignment=${id}`, voiceParams('CA-not-a-sid', { Digits: '1' }));
        expect(res).to.deep.include({ status: 200, body: HANGUP });
      });
      expect(counted).to.deep.equal([1, 1]);
      const logged = await logs.next((l) => l.callSid === 'CA-not-a-sid' && l.route === 'agent/whisper-accept');
      expect(logged.problem).to.equal('CallSid: must be CA followed by 32 hex digits');
      const status = await signedPost(server, `/voice/agent/status?assignment=${id}`, voiceParams(sid(0x54), { CallStatus: 'exploded' }));
      expect(status.status).to.equal(400);
      expect(status.body).to.match(/^Bad request: CallStatus: /);
    });

    it('a thrown fault hangs up the leg (valid TwiML, never a 5xx); its status callback gets a 503', async () => {
      const id = await ringing();
      const series = [
        'switchboard_errors_total{where="agent-webhook"}',
        'switchboard_webhook_duration_seconds_count{route="agent/whisper",outcome="fault"}',
      ];
      const counted = await growth(server, series, () =>
        withTableAway('agent_leg_answers', async () => {
          const res = await signedPost(server, `/voice/agent/whisper?assignment=${id}`, voiceParams(sid(0x55)));
          expect(res).to.deep.include({ status: 200, body: HANGUP });
          const status = await signedPost(
            server,
            `/voice/agent/status?assignment=${id}`,
            voiceParams(sid(0x55), { CallStatus: 'no-answer' }),
          );
          expect(status.status).to.equal(503);
        }),
      );
      expect(counted).to.deep.equal([2, 1]);
    });
  });
});
