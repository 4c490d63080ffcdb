import { expect } from 'chai';
import { staffOnBreak } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { placeCall } from '../support/twilio-driver.js';

// Monday 2026-11-23 10:00 in New York (open), and Christmas Day 10:00 (closed).
const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');
const CHRISTMAS_10AM = Date.parse('2026-12-25T15:00:00Z');
const SATURDAY_NOON = Date.parse('2026-11-28T17:00:00Z');

describe('demo flow over signed webhooks (acme-support)', () => {
  let server: TestServer;
  let clock = MONDAY_10AM;

  before(async () => {
    server = await startTestServer({ now: () => clock });
  });
  after(() => server.close());
  beforeEach(async () => {
    await resetDatabase();
    // Someone is logged in (on a break), so callers wait in the queues instead of overflowing.
    await staffOnBreak();
    clock = MONDAY_10AM;
  });

  const db = () => testDatabase().pool;

  it('English caller: language → billing queue → hold → agent → survey → goodbye', async () => {
    const call = await placeCall(server);
    call.expectHeard('Thank you for calling Acme.', 'For English, press 1.', 'Para español, oprima 2.');
    expect(call.waiting).to.equal('gather');

    await call.press('1');
    call.expectHeard('For billing, press 1.');
    await call.press('1');
    expect(call.waiting).to.equal('queue');
    call.expectHeard('Thank you for holding.');
    await call.hold(30);
    call.expectHeard('Thank you for holding.');

    await call.queueResult('bridged');
    call.expectHeard('On a scale of 1 to 5, how satisfied were you?');
    await call.press('5');
    call.expectHeard('Thank you. Goodbye.');
    expect(call.waiting).to.equal('ended');

    const survey = await db().query('SELECT step, score FROM survey_responses WHERE call_sid = $1', [call.sid]);
    expect(survey.rows).to.deep.equal([{ step: 'survey/rate', score: 5 }]);
    const row = await db().query('SELECT state, status, ended_at, duration_seconds, context FROM calls WHERE call_sid = $1', [call.sid]);
    expect(row.rows[0].status).to.equal('completed');
    expect(row.rows[0].ended_at).to.be.instanceOf(Date);
    expect(row.rows[0].context.path).to.deep.equal(['choose-language:1', 'main-menu:1']);
    const queued = await db().query(`SELECT detail FROM call_events WHERE call_sid = $1 AND kind = 'queued'`, [call.sid]);
    expect(queued.rows).to.deep.equal([{ detail: { group: 'billing', priority: 0 } }]);
  });

  it('Spanish caller hears every later prompt in Spanish, with language es-MX on <Say>', async () => {
    const call = await placeCall(server);
    await call.press('2');
    call.expectHeard('Para facturación, oprima 1.');
    const last = call.twilio.heard.at(-1)!;
    expect(last.language).to.equal('es-MX');
    expect(call.twilio.lastRequest!.body).to.include('voice="Polly.Mia"');

    await call.press('7');
    call.expectHeard('Lo siento, esa no es una opción válida.', 'Para facturación, oprima 1.');
    await call.press('2');
    expect(call.waiting).to.equal('queue');
    call.expectHeard('Gracias por esperar.');
    await call.queueResult('bridged');
    call.expectHeard('En una escala del 1 al 5');
    await call.press('4');
    call.expectHeard('Gracias. Adiós.');
  });

  it('three silences at the language menu continue in English', async () => {
    const call = await placeCall(server);
    await call.silence();
    call.expectHeard('For English, press 1.');
    await call.silence();
    call.expectHeard('For English, press 1.');
    await call.silence();
    call.expectHeard('For billing, press 1.');
    expect(call.twilio.heard.at(-1)!.language).to.equal('en-US');
  });

  it('three invalid keys at the main menu go to the general group', async () => {
    const call = await placeCall(server);
    await call.press('1');
    await call.press('8');
    call.expectHeard('Sorry, that is not a valid option.', 'For billing, press 1.');
    await call.press('7');
    call.expectHeard('Sorry, that is not a valid option.');
    await call.press('6');
    expect(call.waiting).to.equal('queue');
    const { rows } = await db().query(`SELECT detail FROM call_events WHERE call_sid = $1 AND kind = 'queued'`, [call.sid]);
    expect(rows[0].detail.group).to.equal('general');
  });

  it('three silences at the main menu go to the general group; 9 repeats the menu; 0 is the operator', async () => {
    const silent = await placeCall(server);
    await silent.press('1');
    await silent.silence();
    await silent.silence();
    expect(silent.waiting).to.equal('gather');
    await silent.silence();
    expect(silent.waiting).to.equal('queue');

    const repeat = await placeCall(server);
    await repeat.press('1');
    await repeat.press('9');
    expect(repeat.lastHeard).to.deep.equal([
      'For billing, press 1. For technical support, press 2. For sales, press 3. To speak with an operator, press 0. To hear these options again, press 9.',
    ]);
    await repeat.press('0');
    const { rows } = await db().query(`SELECT detail->>'group' AS g FROM call_events WHERE call_sid = $1 AND kind = 'queued'`, [
      repeat.sid,
    ]);
    expect(rows).to.deep.equal([{ g: 'general' }]);
  });

  for (const [label, at] of [
    ['on a holiday', CHRISTMAS_10AM],
    ['on a Saturday', SATURDAY_NOON],
  ] as const) {
    it(`closed ${label}: closed message with hours, voicemail stored with the call, thanks, hang up`, async () => {
      clock = at;
      const call = await placeCall(server);
      await call.press('1');
      call.expectHeard(
        'Our offices are closed. We are open Monday to Friday, 8 AM to 8 PM Eastern time.',
        'Please leave a message after the tone.',
      );
      expect(call.waiting).to.equal('record');
      expect(call.twilio.lastRequest!.body)
        .to.match(/<Record [^>]*maxLength="120"/)
        .and.match(/finishOnKey="#"/);
      await call.record({ url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1', duration: 14 });
      call.expectHeard('Thank you for your message. Goodbye.');
      expect(call.waiting).to.equal('ended');
      const { rows } = await db().query('SELECT recording_url, duration_seconds FROM voicemails WHERE call_sid = $1', [call.sid]);
      expect(rows).to.deep.equal([
        { recording_url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1', duration_seconds: 14 },
      ]);
    });
  }

  it('an empty voicemail stores nothing and still thanks the caller', async () => {
    clock = CHRISTMAS_10AM;
    const call = await placeCall(server);
    await call.press('2');
    call.expectHeard('Nuestras oficinas están cerradas.');
    await call.recordNothing();
    call.expectHeard('Gracias por su mensaje. Adiós.');
    const { rowCount } = await db().query('SELECT 1 FROM voicemails WHERE call_sid = $1', [call.sid]);
    expect(rowCount).to.equal(0);
  });

  it('keeps an event log of what the caller heard and pressed', async () => {
    const call = await placeCall(server);
    await call.press('1');
    await call.press('3');
    const { rows } = await db().query(`SELECT kind, step, detail FROM call_events WHERE call_sid = $1 ORDER BY id`, [call.sid]);
    const summary = rows.map(
      (r) => `${r.kind}:${r.step}:${r.detail.digits ?? r.detail.event ?? r.detail.group ?? r.detail.prompts?.[0] ?? ''}`,
    );
    expect(summary).to.deep.equal([
      'input:start:CALL_STARTED',
      'heard:choose-language:Thank you for calling Acme.',
      'input:choose-language:1',
      'heard:main-menu:For billing, press 1. For technical support, press 2. For sales, press 3. To speak with an operator, press 0. To hear these options again, press 9.',
      'input:main-menu:3',
      'queued:sales:sales',
      'heard:sales:',
      // Twilio asks the waitUrl as soon as the caller is queued: the first hold announcement.
      'input:sales:QUEUE_WAIT',
      'heard:sales:You are next in line.',
    ]);
  });
});
