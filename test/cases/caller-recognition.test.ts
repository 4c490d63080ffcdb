import { expect } from 'chai';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { applyFeedbackRules, recognitionVars } from '../../src/routing/cases/index.js';
import { customerNumber } from '../../src/routing/cases/caller-number.js';
import { configureGroup, staffOnBreak } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { dialCentre, startCentre, type RoutingCentre } from '../support/routing.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');
const CALLER = '+12125550123';

/** A flow that sends a detractor with an open case straight to retention at high priority. */
async function recognisingFlow(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'recognise-flow-'));
  await writeFile(
    path.join(dir, 'recognise.yaml'),
    `flow: recognise
default: true
start: known
steps:
  known:
    branch:
      - if: { all: [{ var: open_case, is_set: true }, { var: last_nps, lte: 6 }] }
        goto: case-owner
    else: welcome
  case-owner:
    queue: retention
    priority: 90
    then: bye
    on_failure: bye
  welcome:
    say: Welcome to Acme.
    next: bye
  bye:
    say: Goodbye.
    next: hangup
`,
  );
  return dir;
}

/**
 * The caller is recognised next time: the first webhook reads the number's open case and last
 * scores into the call's variables, and the flow branches on them.
 */
describe('caller recognition: a known caller starts with open_case and last scores', () => {
  let c: RoutingCentre;
  before(async () => {
    await configureGroup('retention');
    c = await startCentre({ now: () => MONDAY_10AM, flowsDir: await recognisingFlow() });
  });
  after(() => c.close());
  beforeEach(async () => {
    await resetDatabase();
    await configureGroup('retention');
  });
  const db = () => testDatabase().pool;
  const heardAll = (call: { heard: { text: string }[] }) => call.heard.map((h) => h.text);

  it('a detractor with an open case goes straight to the case owner’s group at priority 90; others hear the welcome', async () => {
    await staffOnBreak();
    await db().query(
      `INSERT INTO feedback_rules (name, kind, max_score, category, owner_group) VALUES ('detractor', 'nps', 6, 'detractor', 'retention')`,
    );
    const first = await dialCentre(c, { from: CALLER });
    expect(heardAll(first)).to.include('Welcome to Acme.');
    expect(first.waiting).to.equal('ended');
    await db().query(`INSERT INTO survey_responses (call_sid, step, score, kind, channel) VALUES ($1, 'sms', 2, 'nps', 'sms')`, [
      first.callSid,
    ]);
    expect((await applyFeedbackRules(db(), { callSid: first.callSid, kind: 'nps', score: 2, channel: 'sms' })).action).to.equal('opened');

    const again = await dialCentre(c, { from: CALLER });
    expect(heardAll(again)).to.not.include('Welcome to Acme.');
    const { rows } = await db().query('SELECT group_name, priority, state FROM queue_entries WHERE call_sid = $1', [again.callSid]);
    expect(rows).to.deep.equal([{ group_name: 'retention', priority: 90, state: 'waiting' }]);
    const vars = await db().query(`SELECT context->'vars' AS vars FROM calls WHERE call_sid = $1`, [again.callSid]);
    expect(vars.rows[0].vars).to.deep.equal({ open_case: 1001, open_case_state: 'received', open_case_group: 'retention', last_nps: 2 });

    // Someone else, and the same caller once the case is closed, are not sent there.
    const stranger = await dialCentre(c, { from: '+12125550188' });
    expect(heardAll(stranger)).to.include('Welcome to Acme.');
    await db().query(`UPDATE cases SET state = 'closed'`);
    const closed = await dialCentre(c, { from: CALLER });
    expect(heardAll(closed)).to.include('Welcome to Acme.');
  });

  it('the variables: the open case and the latest score of each kind; none for a stranger', () => {
    expect(recognitionVars({ recentContacts: [], lastScores: [], openCase: null })).to.deep.equal({});
    expect(
      recognitionVars({
        recentContacts: [],
        lastScores: [
          { kind: 'csat', score: 2, channel: 'keypad', at: new Date() },
          { kind: 'resolved', score: 0, channel: 'sms', at: new Date() },
        ],
        openCase: { id: 1042, state: 'acknowledged', category: 'billing', ownerGroup: null, overdue: false },
      }),
    ).to.deep.equal({ open_case: 1042, open_case_state: 'acknowledged', last_csat: 2, last_resolved: 0 });
  });

  it('only a valid phone number is someone: withheld, anonymous, client and SIP callers are not recognised', () => {
    expect(customerNumber(CALLER)).to.equal(CALLER);
    for (const from of ['anonymous', '+266696687', 'client:ana', 'sip:bob@example.com', '+1555', '', undefined]) {
      expect(customerNumber(from), String(from)).to.equal(null);
    }
  });
});
