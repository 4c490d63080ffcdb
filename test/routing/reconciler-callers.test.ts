import { expect } from 'chai';
import { createLogger } from '../../src/log.js';
import type { CallControl } from '../../src/twilio/call-control.js';
import { reconcile, type CallerRepairs } from '../../src/routing/reconciler.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { queueCaller } from '../support/queue.js';

const log = createLogger('silent');

describe('reconciler: waiting callers whose hang-up was never seen', () => {
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;

  function fakes(status: string) {
    const asked: string[] = [];
    const ended: string[] = [];
    const control: CallControl = {
      redirect: async () => {},
      placeCall: async () => 'CA' + '1'.repeat(32),
      status: async (sid) => (asked.push(sid), status),
    };
    const callers: CallerRepairs = {
      endCall: async (sid) => void ended.push(sid),
      overflowUrl: (seq) => `https://ivr.example.com/voice/overflow?seq=${seq}`,
    };
    return { asked, ended, control, callers };
  }

  it('asks Twilio about a silent waiting caller at most once a minute, however often it runs', async () => {
    const { callSid } = await queueCaller('general');
    await db().query(`UPDATE calls SET updated_at = now() - interval '5 minutes' WHERE call_sid = $1`, [callSid]);
    const { asked, ended, control, callers } = fakes('in-progress');
    const memory = new Map<number | string, number>();
    for (let i = 0; i < 5; i++) await reconcile(db(), control, log, memory, callers);
    expect(asked).to.deep.equal([callSid]);
    expect(ended).to.deep.equal([]);
  });

  it('a caller heard from recently is not asked about; one Twilio says is over is closed', async () => {
    const recent = await queueCaller('general');
    const silent = await queueCaller('general');
    await db().query(`UPDATE calls SET updated_at = now() - interval '5 minutes' WHERE call_sid = $1`, [silent.callSid]);
    const { asked, ended, control, callers } = fakes('completed');
    const repairs = await reconcile(db(), control, log, new Map(), callers);
    expect(asked).to.deep.equal([silent.callSid]);
    expect(ended).to.deep.equal([silent.callSid]);
    expect(repairs?.callersGone).to.equal(1);
    expect(asked).to.not.include(recent.callSid);
  });

  it('a call outside any queue is asked about only after ten silent minutes', async () => {
    const { callSid, entryId } = await queueCaller('general');
    await db().query(`UPDATE queue_entries SET state = 'left', ended_at = now() WHERE id = $1`, [entryId]); // e.g. at a voicemail prompt
    await db().query(`UPDATE calls SET updated_at = now() - interval '5 minutes' WHERE call_sid = $1`, [callSid]);
    const { asked, control, callers } = fakes('completed');
    await reconcile(db(), control, log, new Map(), callers);
    expect(asked).to.deep.equal([]);
    await db().query(`UPDATE calls SET updated_at = now() - interval '11 minutes' WHERE call_sid = $1`, [callSid]);
    await reconcile(db(), control, log, new Map(), callers);
    expect(asked).to.deep.equal([callSid]);
  });

  it('a caller past the maximum wait is redirected to the overflow once, not again while it takes effect', async () => {
    const { callSid } = await queueCaller('general');
    await db().query(`UPDATE queue_entries SET entered_at = now() - interval '700 seconds' WHERE call_sid = $1`, [callSid]);
    await db().query(`UPDATE calls SET updated_at = now() - interval '700 seconds' WHERE call_sid = $1`, [callSid]);
    const redirects: [string, string][] = [];
    const { control, callers } = fakes('in-progress');
    control.redirect = async (sid, url) => void redirects.push([sid, url]);
    const first = await reconcile(db(), control, log, new Map(), callers);
    await reconcile(db(), control, log, new Map(), callers);
    expect(first?.overflowed).to.equal(1);
    expect(redirects).to.deep.equal([[callSid, 'https://ivr.example.com/voice/overflow?seq=1']]);
  });
});
