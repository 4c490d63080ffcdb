import { expect } from 'chai';
import { applyFeedbackRules } from '../../src/routing/cases/index.js';
import { addAgent, agentRow, configureGroup } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { dialCentre, startCentre, untilRinging, type RoutingCentre } from '../support/routing.js';
import { addSupervisorLogin, getJson, giveLogin, signIn } from '../support/web.js';
import { whenDatabaseShows } from '../support/database-change.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');
/** A caller ID the callback policy accepts (555-01xx numbers are fictional but valid). */
const CALLER = '+12125550123';

/**
 * Closed-loop feedback through the public surfaces: a low keypad score (the survey step after the
 * agent hangs up) opens a case for the rule's owner and books a recovery callback, which routing
 * offers to a retention agent first and then dials the customer; the agent's screen pop says why.
 */
describe('feedback rules: a low score opens a case and books a recovery callback', () => {
  let c: RoutingCentre;
  before(async () => (c = await startCentre({ now: () => MONDAY_10AM })));
  after(() => c.close());
  beforeEach(async () => {
    await resetDatabase();
    c.twilio.outbound.length = 0;
    await configureGroup('retention', {}, { retention: 1 });
  });
  const db = () => testDatabase().pool;
  const as = (cookie: string | undefined, method: string, path: string, body?: unknown) =>
    getJson(`${c.server.url}${path}`, cookie, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  async function rule(name: string, body: Record<string, unknown>) {
    await addSupervisorLogin();
    const sup = (await signIn(c.server.url, 'sam', 'supervisor')).cookie!;
    const saved = await as(sup, 'PUT', `/api/feedback-rules/${name}`, body);
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    return sup;
  }

  /** A caller who talked to Ana in the general queue and now hears the 1-to-5 survey. */
  async function surveyAfterTalkingToAna() {
    const ana = await addAgent({ name: 'Ana Ruiz' });
    const call = await dialCentre(c, { from: CALLER });
    await call.press('1');
    await call.press('0');
    await untilRinging(c, call);
    await call.agentAnswers({ press: '1' });
    await call.endBridge({ by: 'agent', seconds: 30 });
    expect(call.lastHeard).to.include('On a scale of 1 to 5, how satisfied were you?');
    return { ana, call };
  }

  it('CSAT 1 on the keypad: a case for retention, a priority callback an agent takes, seeing why; the outcome goes on the case', async () => {
    const sup = await rule('dissatisfied', {
      kind: 'csat',
      maxScore: 2,
      category: 'dissatisfied',
      ownerGroup: 'retention',
      callbackGroup: 'retention',
      callbackPriority: 80,
    });
    const ben = await addAgent({ name: 'Ben Carter', state: 'break', skills: { retention: 3 } });
    await giveLogin(ben.id, 'ben');
    const { call } = await surveyAfterTalkingToAna();
    await call.press('1');
    expect(call.lastHeard).to.include('Thank you. Goodbye.');

    const opened = (await as(sup, 'GET', '/api/cases')).body;
    expect(opened).to.have.length(1);
    expect(opened[0]).to.deep.include({ id: 1001, state: 'received', source: 'rule', rule: 'dissatisfied', category: 'dissatisfied' });
    expect(opened[0]).to.deep.include({ customerNumber: CALLER, callSid: call.callSid });
    expect(opened[0].owner).to.deep.equal({ group: 'retention', agentId: null, agentName: null });
    expect(opened[0].survey).to.deep.equal({ kind: 'csat', score: 1, comment: null, channel: 'keypad' });
    expect(opened[0].recovery).to.deep.include({ group: 'retention', state: 'callback', priority: 80 });

    // Ben, of retention, becomes free: routing calls him first (the callback lifecycle).
    await db().query(`UPDATE agents SET state = 'available' WHERE id = $1`, [ben.id]);
    await c.twilio.until(() => c.twilio.outbound.length > 0);
    const out = c.twilio.outbound[0];
    expect(out).to.deep.include({ to: ben.phone });
    const agentCall = await out.answer();
    expect(agentCall.lastHeard[0]).to.match(/^Recovery callback for case 1001, retention: 2 1 2, 5 5 5, 0 1 2 3, waiting since/);

    // His screen pop says why: the case, the score, and what we know of the caller.
    const cookie = (await signIn(c.server.url, 'ben', 'agent')).cookie!;
    const pop = (await as(cookie, 'GET', '/api/me')).body.call;
    expect(pop).to.deep.include({ kind: 'callback', group: 'retention', caller: CALLER, priority: 80 });
    expect(pop.recovery).to.deep.include({ caseId: 1001, category: 'dissatisfied', state: 'received' });
    expect(pop.recovery.survey).to.deep.equal({ kind: 'csat', score: 1, comment: null });
    expect(pop.history.openCase).to.deep.include({ id: 1001, state: 'received', ownerGroup: 'retention' });
    expect(pop.history.lastScores.map((s: { kind: string; score: number }) => [s.kind, s.score])).to.deep.equal([['csat', 1]]);
    expect(pop.history.recentContacts).to.have.length(1);
    expect(pop.history.recentContacts[0]).to.deep.include({ group: 'general', agent: 'Ana Ruiz', outcome: 'completed' });
    // The case is the retention group's: Ben, of the group, may work on it.
    expect((await as(cookie, 'POST', '/api/cases/1001/state', { state: 'acknowledged', note: 'Calling back now' })).status).to.equal(200);

    await agentCall.press('1');
    expect(agentCall.dialling).to.deep.equal([{ kind: 'Number', to: CALLER }]);
    await agentCall.dialResult('completed', 240);
    expect((await agentRow(ben.id)).state).to.equal('wrap-up');
    const history = (await as(sup, 'GET', '/api/cases/1001')).body.history;
    expect(history.map((h: { what: string }) => h.what)).to.deep.equal(['opened', 'callback', 'state', 'callback']);
    expect(history[1].detail).to.deep.include({ booked: true, group: 'retention', priority: 80, number: CALLER });
    expect(history[3]).to.deep.include({ by: { role: 'system', agentId: null, supervisorId: null, name: 'recovery callback' } });
    expect(history[3].detail).to.deep.include({ outcome: 'reached', entryState: 'completed', agent: 'Ben Carter', agentId: ben.id });
  });

  it('a score above the rule, or no rule for the kind: no case', async () => {
    await rule('dissatisfied', { kind: 'csat', maxScore: 2, category: 'dissatisfied', ownerGroup: 'retention' });
    const { call } = await surveyAfterTalkingToAna();
    await call.press('3');
    expect((await db().query('SELECT count(*)::int AS n FROM cases')).rows[0].n).to.equal(0);
    expect(await applyFeedbackRules(db(), { callSid: call.callSid, kind: 'nps', score: 0, channel: 'sms' })).to.deep.equal({
      action: 'none',
    });
  });

  it('NPS answers (stored by the SMS survey): a detractor opens a case for the rule’s owner; a second low answer goes on that case', async () => {
    await rule('detractor', { kind: 'nps', maxScore: 6, category: 'detractor', ownerGroup: 'retention' });
    const { call } = await surveyAfterTalkingToAna();
    await call.press('4');
    const answer = async (score: number, comment: string) => {
      await db().query(
        `INSERT INTO survey_responses (call_sid, step, score, kind, channel, comment) VALUES ($1, 'sms', $2, 'nps', 'sms', $3)
         ON CONFLICT (call_sid, step) DO UPDATE SET score = excluded.score, comment = excluded.comment`,
        [call.callSid, score, comment],
      );
      return applyFeedbackRules(db(), { callSid: call.callSid, kind: 'nps', score, comment, channel: 'sms' });
    };
    expect(await answer(7, 'Fine')).to.deep.equal({ action: 'none' });
    expect(await answer(3, 'Took far too long')).to.deep.equal({
      action: 'opened',
      caseId: 1001,
      rule: 'detractor',
      recoveryEntryId: null,
    });
    expect(await answer(2, 'Still waiting')).to.deep.equal({ action: 'noted', caseId: 1001 });
    const { rows } = await db().query(
      'SELECT owner_group, survey_kind, survey_score, survey_comment, summary, recovery_entry_id FROM cases',
    );
    expect(rows).to.deep.equal([
      {
        owner_group: 'retention',
        survey_kind: 'nps',
        survey_score: 3,
        survey_comment: 'Took far too long',
        summary: 'Survey answer by text message: NPS 3 of 10 — “Took far too long”',
        recovery_entry_id: null,
      },
    ]);
    const noted = await db().query(`SELECT what, note, detail->>'score' AS score FROM case_changes WHERE what = 'feedback'`);
    expect(noted.rows).to.deep.equal([{ what: 'feedback', note: 'Still waiting', score: '2' }]);
  });

  for (const [who, from, why] of [
    ['a withheld number', '+266696687', 'the caller withheld their number'],
    ['a number that is no phone number', '+15551230000', "the caller's number +15551230000 is not a valid phone number"],
  ]) {
    it(`${who}: a case of its own each time, no number on it, and no callback booked, saying why`, async () => {
      await rule('dissatisfied', {
        kind: 'csat',
        maxScore: 2,
        category: 'dissatisfied',
        ownerGroup: 'retention',
        callbackGroup: 'retention',
      });
      await addAgent({ name: 'Ana Ruiz' });
      for (const _ of [1, 2]) {
        const call = await dialCentre(c, { from });
        await call.press('1');
        await call.press('0');
        await untilRinging(c, call);
        await call.agentAnswers({ press: '1' });
        await call.endBridge({ by: 'agent', seconds: 30 });
        await call.press('1');
        await db().query(`UPDATE agents SET state = 'available'`);
      }
      const { rows } = await db().query(
        `SELECT k.customer_number, k.recovery_entry_id, (SELECT note FROM case_changes h WHERE h.case_id = k.id AND h.what = 'callback') AS note
         FROM cases k ORDER BY k.id`,
      );
      const unbooked = { customer_number: null, recovery_entry_id: null, note: `recovery callback not booked: ${why}` };
      expect(rows).to.deep.equal([unbooked, unbooked]);
      expect((await db().query(`SELECT count(*)::int AS n FROM queue_entries WHERE state = 'callback'`)).rows[0].n).to.equal(0);
    });
  }

  it('the server marks a case that passes its due time once, with the reconciler’s beat (a live notification)', async () => {
    await addSupervisorLogin();
    const sup = (await signIn(c.server.url, 'sam', 'supervisor')).cookie!;
    const { id } = (await as(sup, 'POST', '/api/cases', { category: 'billing', ownerGroup: 'general' })).body.case;
    await db().query(`UPDATE cases SET acknowledge_due_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    const breached = await whenDatabaseShows(async () => {
      const { rows } = await db().query(`SELECT detail FROM case_changes WHERE case_id = $1 AND what = 'breached'`, [id]);
      expect(rows).to.have.length(1);
      return rows;
    });
    expect(breached[0].detail).to.deep.equal({ missed: 'acknowledge' });
  });

  it('a recovery callback that never reaches the customer is recorded on the case as not reached', async () => {
    await rule('dissatisfied', {
      kind: 'csat',
      maxScore: 2,
      category: 'dissatisfied',
      ownerGroup: 'retention',
      callbackGroup: 'retention',
    });
    const { call } = await surveyAfterTalkingToAna();
    await call.press('2');
    // Every try failed (the lifecycle's callbackNotReached after the last attempt).
    await db().query(`UPDATE queue_entries SET state = 'failed', ended_at = now() WHERE step = 'recovery-callback'`);
    const { rows } = await db().query(`SELECT detail->>'outcome' AS outcome FROM case_changes WHERE what = 'callback' ORDER BY id`);
    expect(rows.map((r) => r.outcome)).to.deep.equal([null, 'not-reached']);
  });

  it('a "complaint" wrap-up opens a case the agent owns, once', async () => {
    const { ana, call } = await surveyAfterTalkingToAna();
    await call.hangUp();
    await giveLogin(ana.id, 'ana');
    const cookie = (await signIn(c.server.url, 'ana', 'agent')).cookie!;
    const { assignmentId } = (await as(cookie, 'GET', '/api/me')).body.call;
    const save = (notes: string) => as(cookie, 'POST', '/api/me/wrap-up', { assignmentId, disposition: 'complaint', notes });
    expect((await save('Charged twice for November')).status).to.equal(200);
    expect((await save('Charged twice for November; wants a refund')).status).to.equal(200);
    const mine = (await as(cookie, 'GET', '/api/cases')).body;
    expect(mine).to.have.length(1);
    expect(mine[0]).to.deep.include({ source: 'wrap-up', category: 'complaint', summary: 'Charged twice for November', assignmentId });
    expect(mine[0].owner).to.deep.equal({ group: 'general', agentId: ana.id, agentName: 'Ana Ruiz' });
  });
});
