import path from 'node:path';
import { expect } from 'chai';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { placeCall } from '../support/twilio-driver.js';

/** test/fixtures/flows/surveys: one flow asking NPS, then the resolved question, then CSAT. */
const SURVEY_FLOWS = path.resolve(import.meta.dirname, '../fixtures/flows/surveys');
const FEEDBACK_NUMBER = '+18005550199';

describe('keypad survey kinds over signed webhooks (NPS, resolved, CSAT)', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ flowsDir: SURVEY_FLOWS })));
  after(() => server.close());
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;

  const answers = async (sid: string) =>
    (await db().query('SELECT step, kind, channel, score FROM survey_responses WHERE call_sid = $1 ORDER BY created_at, step', [sid])).rows;
  const asked = async (sid: string) =>
    (await db().query('SELECT step, kind, channel FROM survey_requests WHERE call_sid = $1 ORDER BY asked_at, id', [sid])).rows;

  it('NPS 10 typed as two keys, resolved by voice, CSAT by key: each asked and answered once', async () => {
    const call = await placeCall(server, { to: FEEDBACK_NUMBER });
    call.expectHeard('How likely are you to recommend us');
    // The NPS <Gather> cannot stop after one key: it ends on # or its short time-out.
    const gather = call.twilio.lastRequest!.body;
    expect(gather).to.match(/<Gather [^>]*finishOnKey="#"/);
    expect(gather).to.match(/<Gather [^>]*timeout="3"/);
    expect(gather).to.not.match(/<Gather [^>]*numDigits/);
    expect(await asked(call.sid)).to.deep.equal([{ step: 'recommend', kind: 'nps', channel: 'keypad' }]);
    expect(await answers(call.sid)).to.deep.equal([]);

    // The caller pressed 1, 0 then # (Twilio leaves the # out of Digits).
    await call.press('10#');
    call.expectHeard('You gave us 10. Thank you.', 'Was your issue resolved today?');
    const resolvedGather = call.twilio.lastRequest!.body;
    expect(resolvedGather).to.match(/<Gather [^>]*input="dtmf speech"/);
    expect(resolvedGather).to.match(/<Gather [^>]*numDigits="1"/);
    await call.speak('yes it was, thanks');
    call.expectHeard('Thank you for telling us.', 'On a scale of 1 to 5');
    await call.press('4');
    call.expectHeard('Goodbye.');
    expect(call.waiting).to.equal('ended');

    expect(await answers(call.sid)).to.deep.equal([
      { step: 'recommend', kind: 'nps', channel: 'keypad', score: 10 },
      { step: 'resolved', kind: 'resolved', channel: 'keypad', score: 1 },
      { step: 'rate', kind: 'csat', channel: 'keypad', score: 4 },
    ]);
    expect(await asked(call.sid)).to.deep.equal([
      { step: 'recommend', kind: 'nps', channel: 'keypad' },
      { step: 'resolved', kind: 'resolved', channel: 'keypad' },
      { step: 'rate', kind: 'csat', channel: 'keypad' },
    ]);
  });

  it('NPS 0, a resolved "no" on key 2; a wrong key and silence are asked again without a second request row', async () => {
    const call = await placeCall(server, { to: FEEDBACK_NUMBER });
    await call.press('11');
    call.expectHeard('Please enter a number from 0 to 10, then press pound.');
    await call.press('0');
    call.expectHeard('You gave us 0. Thank you.');
    await call.silence();
    call.expectHeard('Was your issue resolved today?');
    await call.press('2');
    await call.hangUp();
    expect(await answers(call.sid)).to.deep.equal([
      { step: 'recommend', kind: 'nps', channel: 'keypad', score: 0 },
      { step: 'resolved', kind: 'resolved', channel: 'keypad', score: 0 },
    ]);
    // Asked three questions (the rating was asked before the caller hung up), answered two.
    expect((await asked(call.sid)).map((r) => r.step)).to.deep.equal(['recommend', 'resolved', 'rate']);
    const log = await db().query(`SELECT step, detail FROM call_events WHERE call_sid = $1 AND kind = 'survey' ORDER BY id`, [call.sid]);
    expect(log.rows).to.deep.equal([
      { step: 'recommend', detail: { score: 0, surveyKind: 'nps' } },
      { step: 'resolved', detail: { score: 0, surveyKind: 'resolved' } },
    ]);
  });
});
