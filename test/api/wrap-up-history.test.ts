import { expect } from 'chai';
import { addAgent } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { dialCentre, startCentre, untilRinging, type RoutingCentre } from '../support/routing.js';
import { addSupervisorLogin, getJson, giveLogin, signIn } from '../support/web.js';
import { parseConfig } from '../../src/config.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

/**
 * The edit window is measured with the database's clock; a test moves a call's wrap-up end into
 * the past rather than waiting out the 15 minutes.
 */
describe('wrap-up: editable during wrap-up and a grace period, every change recorded', () => {
  let c: RoutingCentre;
  before(async () => (c = await startCentre({ now: () => MONDAY_10AM })));
  after(() => c.close());
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;
  const as = (cookie: string | undefined, method: string, path: string, body?: unknown) =>
    getJson(`${c.server.url}${path}`, cookie, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  /** A call answered by Ana and ended: she is in wrap-up. */
  async function callInWrapUp() {
    const agent = await addAgent({ name: 'Ana Ruiz' });
    await giveLogin(agent.id, 'ana');
    const { cookie } = await signIn(c.server.url, 'ana', 'agent');
    await db().query(`UPDATE skill_groups SET wrap_up_seconds = 120 WHERE name = 'billing'`);
    const call = await dialCentre(c);
    await call.press('2');
    await call.press('1');
    await untilRinging(c, call);
    await call.agentAnswers({ press: '1' });
    await call.endBridge({ by: 'agent', seconds: 30 });
    const { body } = await as(cookie, 'GET', '/api/me');
    expect(body.agent.state).to.equal('wrap-up');
    return { agent, cookie: cookie!, assignmentId: body.call.assignmentId as number };
  }

  it('an agent saves during wrap-up and within the grace period; later the call is closed (409); each change is in the history', async () => {
    const { agent, cookie, assignmentId } = await callInWrapUp();
    const save = (disposition: string, notes: string, done = false) =>
      as(cookie, 'POST', '/api/me/wrap-up', { assignmentId, disposition, notes, done });
    expect((await save('resolved', 'Refund issued')).status).to.equal(200);
    expect((await save('resolved', 'Refund issued')).status).to.equal(200); // unchanged: nothing to record
    expect((await save('escalated', 'Refund issued', true)).status).to.equal(200);
    expect((await db().query('SELECT wrap_up_ended_at IS NOT NULL AS ended FROM assignments')).rows).to.deep.equal([{ ended: true }]);
    // Wrap-up is over, but 15 minutes have not passed: still editable.
    expect((await save('escalated', 'Refund issued; manager called back')).status).to.equal(200);

    await db().query(`UPDATE assignments SET wrap_up_ended_at = now() - interval '15 minutes 1 second'`);
    const late = await save('resolved', 'Nothing happened');
    expect(late.status).to.equal(409);
    expect(late.body.error).to.match(
      /^the wrap-up of call \d+ closed at \d{4}-\d\d-\d\dT[\d:.]+Z \(15 minutes after its wrap-up ended\); ask a supervisor to correct it$/,
    );

    const { rows } = await db().query('SELECT disposition, notes FROM assignments');
    expect(rows).to.deep.equal([{ disposition: 'escalated', notes: 'Refund issued; manager called back' }]);
    const sup = await supervisorCookie();
    const history = (await as(sup, 'GET', `/api/assignments/${assignmentId}/wrap-up`)).body;
    expect(history).to.deep.include({
      assignmentId,
      agentId: agent.id,
      disposition: 'escalated',
      notes: 'Refund issued; manager called back',
    });
    const by = { role: 'agent', agentId: agent.id, supervisorId: null, name: 'Ana Ruiz' };
    expect(
      history.changes.map(({ changedAt, ...rest }: { changedAt: string }) => (expect(Date.parse(changedAt)).to.be.a('number'), rest)),
    ).to.deep.equal([
      { changedBy: by, oldDisposition: null, newDisposition: 'resolved', oldNotes: null, newNotes: 'Refund issued', reason: null },
      {
        changedBy: by,
        oldDisposition: 'resolved',
        newDisposition: 'escalated',
        oldNotes: 'Refund issued',
        newNotes: 'Refund issued',
        reason: null,
      },
      {
        changedBy: by,
        oldDisposition: 'escalated',
        newDisposition: 'escalated',
        oldNotes: 'Refund issued',
        newNotes: 'Refund issued; manager called back',
        reason: null,
      },
    ]);
  });

  it('a supervisor corrects a closed call at any time; the correction is recorded with who and why', async () => {
    const { cookie, assignmentId } = await callInWrapUp();
    await as(cookie, 'POST', '/api/me/wrap-up', { assignmentId, disposition: 'resolved', notes: 'ok', done: true });
    await db().query(`UPDATE assignments SET wrap_up_ended_at = now() - interval '3 days'`);
    const sup = await supervisorCookie();
    expect(await as(sup, 'PATCH', `/api/assignments/${assignmentId}/wrap-up`, { reason: 'typo' })).to.deep.equal({
      status: 400,
      body: { error: 'body: give a disposition or notes to change' },
    });
    const fixed = await as(sup, 'PATCH', `/api/assignments/${assignmentId}/wrap-up`, {
      disposition: 'follow-up',
      reason: 'customer called again',
    });
    expect(fixed.status).to.equal(200);
    expect(fixed.body).to.deep.include({ disposition: 'follow-up', notes: 'ok' });
    const last = fixed.body.changes.at(-1);
    expect(last).to.deep.include({
      oldDisposition: 'resolved',
      newDisposition: 'follow-up',
      oldNotes: 'ok',
      newNotes: 'ok',
      reason: 'customer called again',
    });
    expect(last.changedBy).to.deep.include({ role: 'supervisor', name: 'Sam Lee' });
    expect(last.changedBy.supervisorId).to.be.a('number');
    // Agents cannot use the supervisors' correction, nor touch someone else's call.
    expect((await as(cookie, 'PATCH', `/api/assignments/${assignmentId}/wrap-up`, { disposition: 'x' })).status).to.equal(403);
    const ben = await addAgent({ name: 'Ben' });
    await giveLogin(ben.id, 'ben');
    const benCookie = (await signIn(c.server.url, 'ben', 'agent')).cookie;
    expect((await as(benCookie, 'POST', '/api/me/wrap-up', { assignmentId, disposition: 'resolved' })).status).to.equal(404);
    expect((await as(sup, 'GET', '/api/assignments/999/wrap-up')).body).to.deep.equal({ error: 'no finished call 999' });
  });

  it('the grace period is WRAP_UP_EDIT_MINUTES (default 15)', () => {
    const base = { TWILIO_AUTH_TOKEN: 'x'.repeat(20) };
    expect(parseConfig(base).wrapUpEditMinutes).to.equal(15);
    expect(parseConfig({ ...base, WRAP_UP_EDIT_MINUTES: '0' }).wrapUpEditMinutes).to.equal(0);
    expect(() => parseConfig({ ...base, WRAP_UP_EDIT_MINUTES: 'soon' })).to.throw(/WRAP_UP_EDIT_MINUTES/);
  });

  async function supervisorCookie(): Promise<string> {
    await addSupervisorLogin('sam');
    return (await signIn(c.server.url, 'sam', 'supervisor')).cookie!;
  }
});
