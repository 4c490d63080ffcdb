import { expect } from 'chai';
import { newMessageSid } from '../../src/emulator/sms-customer.js';
import { ACCOUNT_SID } from '../support/server.js';
import { signedPost } from '../support/signed-post.js';
import { freshMobile, rows, startSmsCentre, type SmsCentre } from '../support/sms.js';

const EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

describe('the messaging webhooks with bad and odd input: never a 5xx, nothing lost', function () {
  this.timeout(30_000);
  let c: SmsCentre;
  before(async () => {
    c = await startSmsCentre();
  });
  after(async () => c?.close());

  const incoming = (extra: Record<string, string>) => ({
    MessageSid: newMessageSid(),
    AccountSid: ACCOUNT_SID,
    From: freshMobile(),
    To: '+18005550100',
    Body: 'hi',
    ...extra,
  });
  const stored = async (messageSid: string) =>
    (await rows<{ body: string }>(`SELECT body FROM sms_messages WHERE message_sid = $1`, [messageSid]))[0]?.body;

  it('a body of 20,000 characters is stored whole and answered', async () => {
    const params = incoming({ Body: 'x'.repeat(20_000) });
    const r = await signedPost(c.server, '/sms/incoming', params);
    expect(r.status).to.equal(200);
    expect(r.contentType).to.include('xml');
    expect(await stored(params.MessageSid)).to.have.length(20_000);
  });

  it('NUL bytes are kept visible (as U+FFFD), emoji and other scripts as sent', async () => {
    const nul = incoming({ Body: 'a\u0000b' });
    expect((await signedPost(c.server, '/sms/incoming', nul)).status).to.equal(200);
    expect(await stored(nul.MessageSid)).to.equal('a\uFFFDb');
    const emoji = incoming({ Body: '🙂👍🏽 日本語 ✓'.repeat(2000) });
    expect((await signedPost(c.server, '/sms/incoming', emoji)).status).to.equal(200);
    expect(await stored(emoji.MessageSid)).to.equal(emoji.Body);
  });

  it('a reply of only spaces, and an unknown To, are answered like any text from a stranger', async () => {
    for (const extra of [{ Body: '    ' }, { To: '+19995550000' }, { To: '' }] as Record<string, string>[]) {
      const params = incoming(extra);
      const r = await signedPost(c.server, '/sms/incoming', params);
      expect(r.status, JSON.stringify(extra)).to.equal(200);
      expect(r.body).to.include('<Message>');
      expect(await stored(params.MessageSid), JSON.stringify(extra)).to.equal(params.Body);
    }
  });

  it('a forged signature is refused with 403 and nothing is stored', async () => {
    const params = incoming({ Body: 'STOP' });
    const forged = await signedPost(c.server, '/sms/incoming', params, { token: 'not-our-token' });
    expect(forged.status).to.equal(403);
    const unsigned = await signedPost(c.server, '/sms/incoming', params, { signature: null });
    expect(unsigned.status).to.equal(403);
    const status = await signedPost(
      c.server,
      '/sms/status',
      { MessageSid: newMessageSid(), AccountSid: ACCOUNT_SID, MessageStatus: 'delivered' },
      { token: 'x' },
    );
    expect(status.status).to.equal(403);
    expect(await stored(params.MessageSid)).to.equal(undefined);
    expect(await rows(`SELECT 1 FROM sms_opt_outs WHERE number = $1`, [params.From])).to.deep.equal([]);
  });

  it('parameters Twilio never sends get an empty messaging Response (200), not an error', async () => {
    for (const bad of [{ MessageSid: 'nope' }, { From: '' }, { MessageSid: '' }] as Record<string, string>[]) {
      const r = await signedPost(c.server, '/sms/incoming', incoming(bad));
      expect(r.status, JSON.stringify(bad)).to.equal(200);
      expect(r.body).to.equal(EMPTY);
    }
  });

  it('status callbacks: recorded (an unknown message’s too), a malformed one answered 204', async () => {
    const sid = newMessageSid();
    const r = await signedPost(c.server, '/sms/status', {
      MessageSid: sid,
      AccountSid: ACCOUNT_SID,
      MessageStatus: 'undelivered',
      ErrorCode: '30003',
    });
    expect(r.status).to.equal(204);
    expect(await rows(`SELECT status, error_code FROM sms_message_statuses WHERE message_sid = $1`, [sid])).to.deep.equal([
      { status: 'undelivered', error_code: '30003' },
    ]);
    const bad = await signedPost(c.server, '/sms/status', { MessageSid: sid, AccountSid: ACCOUNT_SID, MessageStatus: 'exploded' });
    expect(bad.status).to.equal(204);
  });

  it('an undelivered survey is recorded with the carrier’s error code', async () => {
    const from = freshMobile();
    c.twilio.messages.undeliverable.set(from, 30006);
    const call = await c.call(from);
    await call.press('1');
    await call.press('2');
    c.advance(61);
    await c.sendDue();
    const [sent] = await rows<{ status: string; error_code: string }>(`SELECT status, error_code FROM sms_messages WHERE call_sid = $1`, [
      call.callSid,
    ]);
    expect(sent).to.deep.equal({ status: 'undelivered', error_code: '30006' });
  });
});
