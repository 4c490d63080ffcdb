import { expect } from 'chai';
import { freshMobile, rows, startSmsCentre, type SmsCentre } from '../support/sms.js';

describe('the text: step (texting the caller during the call)', function () {
  this.timeout(30_000);
  let c: SmsCentre;
  before(async () => {
    c = await startSmsCentre();
  });
  after(async () => c?.close());

  it('menu option 3 texts the order status with the call’s variables, says so, and the call goes on', async () => {
    const from = freshMobile();
    const call = await c.call(from);
    await call.press('1');
    await call.press('3');
    expect(call.lastHeard.join(' ')).to.include('We have texted you your order status.').and.include('For an agent, press 1.');
    expect(call.waiting, 'back at the menu').to.equal('gather');
    // Sent by the outbox after the webhook committed (the commit kicks it; the clock need not move).
    await c.twilio.until(() => c.textsTo(from).length === 1);
    expect(c.textsTo(from)).to.deep.equal(['Acme: order A-1042 is on its way. Track it at https://acme.example/t/A-1042']);
    const [sent] = await rows<{ purpose: string; step: string; sender: string; status: string }>(
      `SELECT purpose, step, sender, status FROM sms_messages WHERE call_sid = $1`,
      [call.callSid],
    );
    expect(sent).to.include({ purpose: 'text-step', step: 'text-status', sender: '+18005550100' });
    expect(await rows(`SELECT step FROM call_events WHERE call_sid = $1 AND kind = 'texted'`, [call.callSid])).to.deep.equal([
      { step: 'text-status' },
    ]);
    await call.hangUp();
  });

  it('a call that ends after the text counts as contained in the self-service analytics', async () => {
    const from = freshMobile();
    const call = await c.call(from);
    await call.press('1');
    await call.press('3');
    await call.hangUp();
    const [facts] = await rows<{ contained: boolean; abandoned: boolean }>(
      `SELECT contained, abandoned FROM ivr_call_facts WHERE call_sid = $1`,
      [call.callSid],
    );
    expect(facts).to.deep.equal({ contained: true, abandoned: false });
  });

  it('texts in the caller’s language', async () => {
    const from = freshMobile();
    const call = await c.call(from);
    await call.press('2');
    await call.press('3');
    expect(call.lastHeard.join(' ')).to.include('Le enviamos el estado de su pedido por mensaje.');
    await c.twilio.until(() => c.textsTo(from).length === 1);
    expect(c.textsTo(from)[0]).to.include('su pedido A-1042 va en camino');
    await call.hangUp();
  });

  it('a caller who cannot be texted (withheld, landline, opted out) goes to unavailable:, and nothing is queued', async () => {
    const optedOut = freshMobile();
    await c.reply(optedOut, 'STOP');
    for (const from of ['anonymous', '+18005550123', optedOut]) {
      const call = await c.call(from);
      await call.press('1');
      await call.press('3');
      expect(call.lastHeard.join(' '), from).to.include('We cannot text the number you are calling from.').and.include('For an agent');
      expect(await rows(`SELECT 1 FROM sms_messages WHERE call_sid = $1`, [call.callSid]), from).to.deep.equal([]);
      const [checked] = await rows<{ detail: { reason: string } }>(
        `SELECT detail FROM call_events WHERE call_sid = $1 AND kind = 'text-check'`,
        [call.callSid],
      );
      expect(checked?.detail.reason, from).to.equal(from === optedOut ? 'opted-out' : 'not-mobile');
      await call.hangUp();
    }
  });

  it('a text the outbox could not send yet (Twilio unreachable) is kept and sent on a later pass, once', async () => {
    const from = freshMobile();
    c.twilio.failNext = { status: 503, code: 20503, message: 'Service unavailable' };
    const call = await c.call(from);
    await call.press('1');
    await call.press('3');
    await c.sendDue();
    expect(c.textsTo(from)).to.deep.equal([]);
    const [pending] = await rows<{ status: string; attempts: number }>(`SELECT status, attempts FROM sms_messages WHERE call_sid = $1`, [
      call.callSid,
    ]);
    expect(pending).to.deep.equal({ status: 'pending', attempts: 1 });
    c.advance(31);
    await c.sendDue();
    await c.sendDue();
    expect(c.textsTo(from)).to.have.length(1);
    await call.hangUp();
  });
});
