import { expect } from 'chai';
import { staffOnBreak } from '../support/agents.js';
import { freshMobile, rows, startSmsCentre, type SmsCentre } from '../support/sms.js';

describe('the SMS survey after a call', function () {
  this.timeout(30_000);
  let c: SmsCentre;
  before(async () => {
    c = await startSmsCentre();
  });
  after(async () => c?.close());

  /** A completed self-service call: English, then 2 (goodbye: the flow hangs up). */
  async function completedCall(from: string, language: '1' | '2' = '1') {
    const call = await c.call(from);
    await call.press(language);
    await call.press('2');
    return call;
  }

  it('texts the question after a completed call, once it is due, and records the score and the reason once each', async () => {
    const from = freshMobile();
    const call = await completedCall(from);
    expect(call.waiting).to.equal('ended');
    await c.sendDue();
    expect(c.textsTo(from), 'not before delay_seconds').to.deep.equal([]);
    c.advance(61);
    await c.sendDue();
    const texts = c.textsTo(from);
    expect(texts).to.have.length(1);
    expect(texts[0]).to.include('Thanks for calling Acme').and.include('0 (not at all) to 10');
    const [request] = await rows<{ kind: string; step: string }>(
      `SELECT kind, step FROM survey_requests WHERE call_sid = $1 AND channel = 'sms'`,
      [call.callSid],
    );
    expect(request).to.deep.equal({ kind: 'nps', step: 'sms' });
    // Another pass sends nothing again.
    c.advance(600);
    await c.sendDue();
    expect(c.textsTo(from)).to.have.length(1);

    const scored = await c.reply(from, '9');
    expect(scored.status).to.equal(200);
    expect(scored.messages).to.deep.equal(['Thank you! What is the main reason for your score?']);
    // Twilio retries the same message (same MessageSid): the same answer, recorded once.
    const retried = await c.reply(from, '9', scored.messageSid);
    expect(retried.messages).to.deep.equal(scored.messages);
    const commented = await c.reply(from, 'Ana was great 🎉');
    expect(commented.messages).to.deep.equal(['Thank you for your feedback.']);
    const answers = await rows(`SELECT score, kind, channel, step, comment FROM survey_responses WHERE call_sid = $1`, [call.callSid]);
    expect(answers).to.deep.equal([{ score: 9, kind: 'nps', channel: 'sms', step: 'sms', comment: 'Ana was great 🎉' }]);
    const inbound = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM sms_messages WHERE direction = 'inbound' AND sender = $1`, [
      from,
    ]);
    expect(inbound[0].n, 'the retry is not stored twice').to.equal(2);
  });

  it('records the status callbacks of the question', async () => {
    const from = freshMobile();
    const call = await completedCall(from);
    c.advance(61);
    await c.sendDue();
    const [sent] = await rows<{ message_sid: string; status: string }>(
      `SELECT message_sid, status FROM sms_messages WHERE call_sid = $1 AND direction = 'outbound'`,
      [call.callSid],
    );
    expect(sent.message_sid).to.match(/^SM[0-9a-f]{32}$/);
    expect(sent.status).to.equal('delivered');
    const statuses = await rows<{ status: string }>(`SELECT status FROM sms_message_statuses WHERE message_sid = $1 ORDER BY id`, [
      sent.message_sid,
    ]);
    expect(statuses.map((s) => s.status)).to.deep.equal(['queued', 'sent', 'delivered']);
  });

  it('asks in the language the caller chose, with the flow’s own texts over the built-in ones', async () => {
    const from = freshMobile();
    await completedCall(from, '2');
    c.advance(61);
    await c.sendDue();
    expect(c.textsTo(from)[0]).to.include('Gracias por llamar a Acme');
    expect((await c.reply(from, '10 excelente servicio')).messages).to.deep.equal(['¡Muchas gracias por su opinión!']);
  });

  it('sends nothing after an abandoned call (the caller hung up waiting for an agent)', async () => {
    await staffOnBreak(); // the queue is staffed (nobody free): the caller waits
    const from = freshMobile();
    const call = await c.call(from);
    await call.press('1');
    await call.press('1');
    expect(call.waiting).to.equal('queue');
    await call.hangUp();
    c.advance(3600);
    await c.sendDue();
    expect(c.textsTo(from)).to.deep.equal([]);
    const [skipped] = await rows<{ detail: { reason: string } }>(
      `SELECT detail FROM call_events WHERE call_sid = $1 AND kind = 'sms-survey-skipped'`,
      [call.callSid],
    );
    expect(skipped.detail.reason).to.equal('abandoned');
  });

  it('after_abandoned: a survey (resolved, from a Messaging Service, at once) also follows a call abandoned in the queue', async () => {
    await staffOnBreak();
    const from = freshMobile();
    const call = await c.call(from, '+18005550101');
    expect(call.waiting).to.equal('queue');
    await call.hangUp();
    await c.sendDue();
    const [sent] = c.twilio.messages.sent.filter((t) => t.to === from);
    expect(sent.from).to.equal('MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(sent.body).to.include('Did we solve what you called about? Reply YES or NO.');
    expect((await c.reply(from, 'YES')).messages).to.deep.equal(['Thank you! What is the main reason for your score?']);
    expect(await rows(`SELECT kind, score FROM survey_responses WHERE call_sid = $1`, [call.callSid])).to.deep.equal([
      { kind: 'resolved', score: 1 },
    ]);
  });

  it('never texts a withheld or landline-looking number', async () => {
    for (const from of ['+266696687', 'anonymous', '+18885550123']) {
      const call = await completedCall(from);
      const [skipped] = await rows<{ detail: { reason: string } }>(
        `SELECT detail FROM call_events WHERE call_sid = $1 AND kind = 'sms-survey-skipped'`,
        [call.callSid],
      );
      expect(skipped?.detail.reason, from).to.equal('not-mobile');
    }
    c.advance(3600);
    await c.sendDue();
    expect(c.twilio.messages.sent.filter((t) => ['+266696687', 'anonymous', '+18885550123'].includes(t.to))).to.deep.equal([]);
  });

  it('surveys a number once per SMS_SURVEY_CAP_DAYS, whatever the calls', async () => {
    const from = freshMobile();
    await completedCall(from);
    c.advance(61);
    await c.sendDue();
    c.advance(3 * 86_400);
    const second = await completedCall(from);
    c.advance(61);
    await c.sendDue();
    expect(c.textsTo(from), 'within 7 days').to.have.length(1);
    const [skipped] = await rows<{ detail: { reason: string } }>(
      `SELECT detail FROM call_events WHERE call_sid = $1 AND kind = 'sms-survey-skipped'`,
      [second.callSid],
    );
    expect(skipped.detail.reason).to.equal('capped');
    c.advance(5 * 86_400);
    await completedCall(from);
    c.advance(61);
    await c.sendDue();
    expect(c.textsTo(from), 'after 7 days').to.have.length(2);
  });

  it('does not attribute a reply outside the window to the call, and answers it politely', async () => {
    const from = freshMobile();
    const call = await completedCall(from);
    c.advance(61);
    await c.sendDue();
    c.advance(25 * 3600);
    const late = await c.reply(from, '3');
    expect(late.messages[0]).to.include('This survey has closed');
    expect(await rows(`SELECT 1 FROM survey_responses WHERE call_sid = $1`, [call.callSid])).to.deep.equal([]);
    const [stored] = await rows<{ call_sid: string | null; body: string }>(
      `SELECT call_sid, body FROM sms_messages WHERE message_sid = $1`,
      [late.messageSid],
    );
    expect(stored).to.deep.equal({ call_sid: null, body: '3' });
  });

  it('asks once more when a reply cannot be read, then keeps further ones without answering', async () => {
    const from = freshMobile();
    const call = await completedCall(from);
    c.advance(61);
    await c.sendDue();
    expect((await c.reply(from, 'it was ok I guess')).messages).to.deep.equal([
      'Sorry, we did not understand. Please reply with a single number from 0 to 10.',
    ]);
    expect((await c.reply(from, '   ')).messages, 'only spaces: no second clarification').to.deep.equal([]);
    expect((await c.reply(from, 'eleven')).messages).to.deep.equal([]);
    expect((await c.reply(from, '7')).messages).to.deep.equal(['Thank you! What is the main reason for your score?']);
    const answers = await rows<{ score: number }>(`SELECT score FROM survey_responses WHERE call_sid = $1`, [call.callSid]);
    expect(answers).to.deep.equal([{ score: 7 }]);
    const kept = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM sms_messages WHERE call_sid = $1 AND direction = 'inbound'`, [
      call.callSid,
    ]);
    expect(kept[0].n, 'every reply is kept, attributed to the call').to.equal(4);
  });

  it('answers a number never surveyed politely and stores the text nowhere but the messages', async () => {
    const from = freshMobile();
    const answer = await c.reply(from, 'hello?');
    expect(answer.messages[0]).to.include('This number cannot read replies');
    const [stored] = await rows<{ purpose: string; call_sid: string | null }>(
      `SELECT purpose, call_sid FROM sms_messages WHERE message_sid = $1`,
      [answer.messageSid],
    );
    expect(stored).to.deep.equal({ purpose: 'unsolicited', call_sid: null });
    expect(await rows(`SELECT 1 FROM sms_opt_outs WHERE number = $1`, [from])).to.deep.equal([]);
  });

  it('honours STOP: no survey is ever sent to the number again, and the stand-in refuses it with 21610; START opts back in', async () => {
    const from = freshMobile();
    await completedCall(from);
    c.advance(61);
    await c.sendDue();
    const stopped = await c.reply(from, ' stop ');
    expect(stopped.messages, 'Twilio confirms STOP itself').to.deep.equal([]);
    expect(await rows(`SELECT keyword FROM sms_opt_outs WHERE number = $1`, [from])).to.deep.equal([{ keyword: 'STOP' }]);
    c.advance(8 * 86_400);
    const after = await completedCall(from);
    const [skipped] = await rows<{ detail: { reason: string } }>(
      `SELECT detail FROM call_events WHERE call_sid = $1 AND kind = 'sms-survey-skipped'`,
      [after.callSid],
    );
    expect(skipped.detail.reason).to.equal('opted-out');
    c.advance(61);
    await c.sendDue();
    expect(c.textsTo(from)).to.have.length(1);
    await c.reply(from, 'START');
    expect(await rows(`SELECT 1 FROM sms_opt_outs WHERE number = $1`, [from])).to.deep.equal([]);
  });

  it('marks a message Twilio refuses with 21610 failed and opts the number out', async () => {
    const from = freshMobile();
    // The number opted out at Twilio (through another of the centre's numbers): we do not know yet.
    await c.twilio.messages.reply(from, '+18005550199', 'STOPALL');
    await rows(`DELETE FROM sms_opt_outs WHERE number = $1`, [from]);
    const call = await completedCall(from);
    c.advance(61);
    await c.sendDue();
    const [failed] = await rows<{ status: string; error_code: string }>(
      `SELECT status, error_code FROM sms_messages WHERE call_sid = $1 AND direction = 'outbound'`,
      [call.callSid],
    );
    expect(failed).to.deep.equal({ status: 'failed', error_code: '21610' });
    expect(await rows(`SELECT keyword FROM sms_opt_outs WHERE number = $1`, [from])).to.deep.equal([{ keyword: 'twilio-21610' }]);
  });
});
