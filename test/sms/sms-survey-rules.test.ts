import { expect } from 'chai';
import { rows, startSmsCentre, type SmsCentre } from '../support/sms.js';

// Numbers that name one customer (a real New York range, not 555: cases are opened only for
// valid numbers, see src/routing/cases/caller-number.ts); new ones each run, for the survey's cap.
let serial = Date.now() % 100_000;
const customerMobile = () => `+1646${String(2_000_000 + (serial++ % 7_000_000)).padStart(7, '0')}`;

// The loop closed by text message: a detractor's SMS answer goes through the same feedback rules
// as a keypad answer, in the reply's transaction, and the reason that follows lands on the case.
describe('the SMS survey answer goes through the feedback rules', function () {
  this.timeout(30_000);
  let c: SmsCentre;
  before(async () => (c = await startSmsCentre()));
  after(async () => c?.close());

  it('an NPS of 3 by text opens a case for the rule’s group, acknowledged by text; the reason is added to it; a 9 opens none', async () => {
    await rows(`INSERT INTO skill_groups (name) VALUES ('retention') ON CONFLICT DO NOTHING`);
    await rows(`SELECT centre_case_settings()`); // the settings row, after the harness emptied the tables
    await rows(`UPDATE case_settings SET acknowledge_by_sms = true`);
    await rows(
      `INSERT INTO feedback_rules (name, kind, max_score, category, owner_group) VALUES ('sms-detractor', 'nps', 6, 'detractor', 'retention')`,
    );
    const unhappy = customerMobile();
    const call = await c.call(unhappy);
    await call.press('1');
    await call.press('2');
    c.advance(61);
    await c.sendDue();
    expect(c.textsTo(unhappy)).to.have.length(1);
    await c.reply(unhappy, '3');
    const [opened] = await rows<{ id: number; category: string; owner_group: string; customer_number: string }>(
      `SELECT id, category, owner_group, customer_number FROM cases WHERE call_sid = $1`,
      [call.callSid],
    );
    expect(opened).to.deep.include({ category: 'detractor', owner_group: 'retention', customer_number: unhappy });
    // The centre acknowledges cases by text: queued with the case, sent by the same outbox worker.
    await c.sendDue();
    expect(c.textsTo(unhappy).at(-1)).to.include(`your reference is ${opened.id}`);
    await c.reply(unhappy, 'Waited 40 minutes');
    const notes = await rows<{ note: string | null }>(`SELECT note FROM case_changes WHERE case_id = $1 ORDER BY id`, [opened.id]);
    expect(notes.map((n) => n.note).join(' | ')).to.include('Waited 40 minutes');

    const happy = customerMobile();
    const other = await c.call(happy);
    await other.press('1');
    await other.press('2');
    c.advance(61);
    await c.sendDue();
    await c.reply(happy, '9');
    expect(await rows(`SELECT id FROM cases WHERE call_sid = $1`, [other.callSid])).to.deep.equal([]);
  });
});
