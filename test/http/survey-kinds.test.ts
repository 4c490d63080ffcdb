import path from 'node:path';
import { expect } from 'chai';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { placeCall } from '../support/twilio-driver.js';
import { getReport } from '../reports/report-client.js';

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

  it('the flows report reads every kind: NPS 0 and 10 and a spoken yes are answers, 11 is invalid; NPS and response rate per flow', async () => {
    const first = await placeCall(server, { to: FEEDBACK_NUMBER });
    await first.press('10');
    await first.speak('yes');
    await first.press('5');
    const second = await placeCall(server, { to: FEEDBACK_NUMBER });
    await second.press('11');
    await second.press('0');
    await second.silence();
    await second.hangUp();
    const day = new Date().toISOString().slice(0, 10);
    const res = await getReport(server, `/api/reports/flows?from=${day}&to=${day}&interval=day&timezone=UTC`);
    expect(res.status).to.equal(200);
    const steps = Object.fromEntries(res.body.steps.map((x: { step: string }) => [x.step, x]));
    expect(steps.recommend).to.deep.include({ kind: 'survey', entered: 2, invalid: 1, noInput: 0 });
    expect(steps.resolved).to.deep.include({ kind: 'survey', entered: 2, invalid: 0, noInput: 1 });
    // Asked: 3 + 2 questions, answered 3 + 1; NPS 10 and 0 → (1 − 1) / 2 = 0; resolved yes 1 of 1.
    expect(res.body.totals[0]).to.deep.include({
      flowId: 'feedback',
      surveyResponses: 4,
      surveyRequests: 5,
      responseRate: 0.8,
      nps: 0,
      promoters: 1,
      detractors: 1,
      resolvedRate: 1,
      csat: 5,
    });
  });
});
