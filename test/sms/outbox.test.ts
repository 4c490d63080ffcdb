import { expect } from 'chai';
import { Writable } from 'node:stream';
import pino from 'pino';
import { newMessageSid } from '../../src/emulator/sms-customer.js';
import { DatabaseCut } from '../support/database-cut.js';
import { ACCOUNT_SID } from '../support/server.js';
import { signedPost } from '../support/signed-post.js';
import { freshMobile, rows, startSmsCentre, type SmsCentre } from '../support/sms.js';

/** A completed self-service call (English, then 2: the flow says goodbye and hangs up). */
async function completedCall(c: SmsCentre, from: string): Promise<string> {
  const call = await c.call(from);
  await call.press('1');
  await call.press('2');
  return call.callSid;
}

describe('the SMS outbox: durable, and never twice', function () {
  this.timeout(60_000);

  it('two instances draining the same outbox at once send each message exactly once', async () => {
    const clock = { now: Date.parse('2026-11-24T15:00:00Z') };
    const a = await startSmsCentre({ clock });
    const b = await startSmsCentre({ clock });
    try {
      const numbers = Array.from({ length: 45 }, () => freshMobile());
      for (const [i, n] of numbers.entries()) await completedCall(i % 2 ? a : b, n);
      clock.now += 61_000;
      // Both instances take due messages at the same moment (in batches of 20), three times over.
      for (let i = 0; i < 3; i++) await Promise.all([a.sendDue(), b.sendDue()]);
      const sent = [...a.twilio.messages.sent, ...b.twilio.messages.sent].filter((t) => numbers.includes(t.to));
      expect(sent.map((t) => t.to).sort()).to.deep.equal([...numbers].sort());
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a message due after a restart is sent by the next instance (the due time is a row, not a timer)', async () => {
    const clock = { now: Date.parse('2026-11-25T15:00:00Z') };
    const from = freshMobile();
    const first = await startSmsCentre({ clock });
    const callSid = await completedCall(first, from);
    await first.close();
    clock.now += 61_000;
    const second = await startSmsCentre({ clock });
    try {
      await second.sendDue();
      expect(second.textsTo(from)).to.have.length(1);
      const [survey] = await rows<{ state: string }>(`SELECT state FROM sms_surveys WHERE call_sid = $1`, [callSid]);
      expect(survey.state).to.equal('asked');
    } finally {
      await second.close();
    }
  });

  it('a text that arrives while the database is unreachable gets an empty Response (200) and is logged in full', async () => {
    const cut = await new DatabaseCut().start();
    const lines: string[] = [];
    const log = pino({ level: 'error' }, new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) }));
    const c = await startSmsCentre({ databaseUrl: cut.url, log });
    try {
      cut.cut();
      const params = { MessageSid: newMessageSid(), AccountSid: ACCOUNT_SID, From: freshMobile(), To: '+18005550100', Body: '10 loved it' };
      const r = await signedPost(c.server, '/sms/incoming', params);
      expect(r.status).to.equal(200);
      expect(r.body).to.equal('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      const lost = lines
        .map((l) => JSON.parse(l) as { msg: string; body?: string; messageSid?: string })
        .find((l) => l.msg === 'incoming text message not stored');
      expect(lost, lines.join('\n')).to.include({ body: '10 loved it', messageSid: params.MessageSid });
      const status = await signedPost(c.server, '/sms/status', {
        MessageSid: newMessageSid(),
        AccountSid: ACCOUNT_SID,
        MessageStatus: 'delivered',
      });
      expect(status.status, 'a status callback is asked for again').to.equal(503);
    } finally {
      cut.restore();
      await c.close();
      await cut.close();
    }
  });
});
