import { expect } from 'chai';
import { addAgent, configureGroup } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { addSupervisorLogin, getJson, giveLogin, signIn } from '../support/web.js';

const CUSTOMER = '+12125550123';

/** /api/cases over HTTP: supervisors see and change every case, agents only their own. */
describe('cases API: list, get with history, create, change state, assign, note', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;
  const as = (cookie: string | undefined, method: string, path: string, body?: unknown) =>
    getJson(`${server.url}${path}`, cookie, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  async function supervisor(): Promise<string> {
    await addSupervisorLogin();
    return (await signIn(server.url, 'sam', 'supervisor')).cookie!;
  }
  async function agentLogin(name: string, username: string, skills: Record<string, number> = {}) {
    const agent = await addAgent({ name, skills });
    await giveLogin(agent.id, username);
    return { ...agent, cookie: (await signIn(server.url, username, 'agent')).cookie! };
  }
  const open = (sup: string, body: Record<string, unknown>) =>
    as(sup, 'POST', '/api/cases', { category: 'billing', summary: 'Charged twice', customerNumber: CUSTOMER, ...body });

  it('a supervisor opens a case; it is received, due in the centre’s times, with its opening in the history', async () => {
    const sup = await supervisor();
    const made = await open(sup, { ownerGroup: 'billing', note: 'Called the complaints line' });
    expect(made.status).to.equal(201);
    const c = made.body.case;
    expect(c).to.deep.include({
      id: 1001,
      state: 'received',
      source: 'api',
      category: 'billing',
      customerNumber: CUSTOMER,
      breached: false,
    });
    expect(c.owner).to.deep.equal({ group: 'billing', agentId: null, agentName: null });
    const hours = (iso: string) => (Date.parse(iso) - Date.parse(c.createdAt)) / 3_600_000;
    expect([hours(c.acknowledgeDueAt), hours(c.resolveDueAt)]).to.deep.equal([4, 120]);
    expect(made.body.history).to.have.length(1);
    expect(made.body.history[0]).to.deep.include({
      what: 'opened',
      toState: 'received',
      note: 'Called the complaints line',
      by: { role: 'supervisor', agentId: null, supervisorId: made.body.history[0].by.supervisorId, name: 'Sam Lee' },
    });
  });

  it('refuses bad input at the edge, naming the field', async () => {
    const sup = await supervisor();
    const cases: [Record<string, unknown>, string][] = [
      [{ ownerGroup: undefined }, 'ownerGroup: give an owner: ownerGroup, ownerAgentId or both'],
      [{ ownerGroup: 'billing', customerNumber: '555-1234' }, 'customerNumber: must be a phone number in E.164 form, e.g. +12125550123'],
      [{ ownerGroup: 'nope' }, 'ownerGroup: no skill group nope'],
      [{ ownerAgentId: 4242 }, 'ownerAgentId: no agent 4242'],
      [{ ownerGroup: 'billing', colour: 'red' }, 'colour: unknown field'],
    ];
    for (const [body, error] of cases) expect((await open(sup, body)).body).to.deep.equal({ error });
    expect((await as(sup, 'GET', '/api/cases?state=pending')).body.error).to.match(/^state\[0\]: must be one of received, acknowledged/);
    expect((await as(sup, 'GET', '/api/cases/abc')).body).to.deep.equal({ error: 'id: must be a case number (a positive integer)' });
    expect((await as(sup, 'GET', '/api/cases/999')).status).to.equal(404);
  });

  it('every change: allowed ones recorded with who, when and the note; refused ones answered 409 saying why', async () => {
    const sup = await supervisor();
    const { id } = (await open(sup, { ownerGroup: 'billing' })).body.case;
    const to = (state: string, note?: string) => as(sup, 'POST', `/api/cases/${id}/state`, { state, ...(note ? { note } : {}) });

    const early = await to('resolved');
    expect(early.status).to.equal(409);
    expect(early.body.error).to.equal(
      `case ${id} is received and cannot become resolved: from received it can become acknowledged; resolved is reached from acknowledged or reopened`,
    );
    expect((await to('acknowledged', 'Told them we have it')).body.case.state).to.equal('acknowledged');
    expect((await to('closed')).status).to.equal(409);
    expect((await to('resolved', 'Refunded')).body.case.state).to.equal('resolved');
    expect((await to('reopened', 'Refund never arrived')).body.case.state).to.equal('reopened');
    expect((await to('resolved', 'Refunded again')).status).to.equal(200);
    const closed = await to('closed', 'Customer confirmed');
    expect(closed.body.case).to.deep.include({ state: 'closed' });
    expect((await to('acknowledged')).body.error).to.match(/is closed and cannot become acknowledged: from closed it can become reopened/);

    const note = await as(sup, 'POST', `/api/cases/${id}/notes`, { note: 'Sent a voucher too' });
    expect(note.status).to.equal(201);
    const steps = note.body.history.map((h: { what: string; fromState: string; toState: string; note: string }) =>
      [h.what, h.fromState, h.toState, h.note].join(' '),
    );
    expect(steps).to.deep.equal([
      'opened  received ',
      'state received acknowledged Told them we have it',
      'state acknowledged resolved Refunded',
      'state resolved reopened Refund never arrived',
      'state reopened resolved Refunded again',
      'state resolved closed Customer confirmed',
      'note   Sent a voucher too',
    ]);
    for (const h of note.body.history) expect(Date.parse(h.at)).to.be.closeTo(Date.now(), 60_000);
  });

  it('agents see and update only the cases they own (403 otherwise); only supervisors assign or open by hand', async () => {
    const sup = await supervisor();
    await configureGroup('billing', {}, { billing: 3 });
    const ana = await agentLogin('Ana Ruiz', 'ana', { billing: 4 });
    const ben = await agentLogin('Ben Carter', 'ben', { support: 5 });
    const anas = (await open(sup, { ownerAgentId: ana.id })).body.case.id;
    const billings = (await open(sup, { ownerGroup: 'billing' })).body.case.id;
    const bens = (await open(sup, { ownerGroup: 'support', ownerAgentId: ben.id })).body.case.id;

    const listed = async (cookie: string) => (await as(cookie, 'GET', '/api/cases')).body.map((c: { id: number }) => c.id).sort();
    expect(await listed(ana.cookie)).to.deep.equal([anas, billings]); // hers, and her group's with no agent named
    expect(await listed(ben.cookie)).to.deep.equal([bens]);
    expect(await listed(sup)).to.deep.equal([anas, billings, bens]);

    const theirs = await as(ana.cookie, 'GET', `/api/cases/${bens}`);
    expect(theirs.status).to.equal(403);
    expect(theirs.body.error).to.equal(`case ${bens} is not yours: it belongs to Ben Carter in group support`);
    expect((await as(ana.cookie, 'POST', `/api/cases/${bens}/state`, { state: 'acknowledged' })).status).to.equal(403);
    expect((await as(ana.cookie, 'POST', `/api/cases/${bens}/notes`, { note: 'peek' })).status).to.equal(403);
    const acked = await as(ana.cookie, 'POST', `/api/cases/${anas}/state`, { state: 'acknowledged', note: 'Called her back' });
    expect(acked.body.history.at(-1).by).to.deep.equal({ role: 'agent', agentId: ana.id, supervisorId: null, name: 'Ana Ruiz' });
    expect((await as(ana.cookie, 'POST', `/api/cases/${anas}/assign`, { ownerAgentId: ben.id })).status).to.equal(403);
    expect((await as(ana.cookie, 'POST', '/api/cases', { category: 'x', ownerAgentId: ana.id })).status).to.equal(403);

    // The supervisor gives Ana's case to Ben: now it is his, not hers.
    const moved = await as(sup, 'POST', `/api/cases/${anas}/assign`, { ownerAgentId: ben.id, note: 'Ana is on leave' });
    expect(moved.body.case.owner).to.deep.equal({ group: null, agentId: ben.id, agentName: 'Ben Carter' });
    expect(moved.body.history.at(-1)).to.deep.include({
      what: 'assigned',
      note: 'Ana is on leave',
      detail: { fromGroup: null, fromAgentId: ana.id, toGroup: null, toAgentId: ben.id },
    });
    expect((await as(ana.cookie, 'GET', `/api/cases/${anas}`)).status).to.equal(403);
    expect((await as(ben.cookie, 'GET', `/api/cases/${anas}`)).status).to.equal(200);
    expect((await as(sup, 'POST', `/api/cases/${anas}/assign`, { ownerAgentId: null })).body).to.deep.equal({
      error: 'ownerGroup: a case needs an owner: a group or an agent',
    });
  });

  it('due times breach on the database clock: flagged, overdue first in the list, marked once in the history', async () => {
    const sup = await supervisor();
    const onTime = (await open(sup, { ownerGroup: 'billing', customerNumber: '+12125550100' })).body.case.id;
    const lateAck = (await open(sup, { ownerGroup: 'billing', customerNumber: '+12125550101' })).body.case.id;
    const lateFix = (await open(sup, { ownerGroup: 'support', customerNumber: '+12125550102' })).body.case.id;
    await as(sup, 'POST', `/api/cases/${lateFix}/state`, { state: 'acknowledged' });
    // The clock moves on: the second case's acknowledgement and the third's resolution are past due.
    await db().query(`UPDATE cases SET acknowledge_due_at = now() - interval '1 minute' WHERE id = $1`, [lateAck]);
    await db().query(`UPDATE cases SET resolve_due_at = now() - interval '2 minutes' WHERE id = $1`, [lateFix]);

    const list = (await as(sup, 'GET', '/api/cases?open=true')).body;
    expect(list.map((c: { id: number; overdue: boolean; breached: boolean }) => [c.id, c.overdue, c.breached])).to.deep.equal([
      [lateFix, true, true],
      [lateAck, true, true],
      [onTime, false, false],
    ]);
    expect((await as(sup, 'GET', '/api/cases?breached=true&owner=billing')).body.map((c: { id: number }) => c.id)).to.deep.equal([lateAck]);
    expect((await as(sup, 'GET', `/api/cases?customer=%2B12125550100`)).body.map((c: { id: number }) => c.id)).to.deep.equal([onTime]);

    // Acknowledged late: no longer overdue, but the breach stays on the record.
    const acked = (await as(sup, 'POST', `/api/cases/${lateAck}/state`, { state: 'acknowledged' })).body.case;
    expect([acked.overdue, acked.breached, acked.acknowledgeBreached]).to.deep.equal([false, true, true]);

    const { markCaseBreaches } = await import('../../src/db/queries/cases.js');
    expect(await markCaseBreaches(db())).to.deep.equal([lateFix]);
    expect(await markCaseBreaches(db())).to.deep.equal([]);
    const history = (await as(sup, 'GET', `/api/cases/${lateFix}`)).body.history;
    expect(history.at(-1)).to.deep.include({ what: 'breached', detail: { missed: 'resolve' } });
  });

  it('the created range filters by when a case was opened', async () => {
    const sup = await supervisor();
    const old = (await open(sup, { ownerGroup: 'billing' })).body.case.id;
    const fresh = (await open(sup, { ownerGroup: 'billing' })).body.case.id;
    await db().query(`UPDATE cases SET created_at = '2026-11-01T12:00:00Z' WHERE id = $1`, [old]);
    const ids = async (q: string) => (await as(sup, 'GET', `/api/cases?${q}`)).body.map((c: { id: number }) => c.id);
    expect(await ids('createdFrom=2026-10-31T00:00:00Z&createdTo=2026-11-02T00:00:00Z')).to.deep.equal([old]);
    expect(await ids(`createdFrom=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).to.deep.equal([fresh]);
    expect((await as(sup, 'GET', '/api/cases?createdFrom=yesterday')).body.error).to.equal(
      'createdFrom: must be a date and time with its offset, e.g. 2026-12-01T09:00:00Z',
    );
  });

  it('the acknowledgement text message, when the centre turns it on, is asked for with the case number', async () => {
    const sup = await supervisor();
    const first = (await open(sup, { ownerGroup: 'billing' })).body;
    expect(first.history.map((h: { what: string }) => h.what)).to.deep.equal(['opened']);
    // Without a sender, a case opened by hand (no call to answer from) sends nothing and says why.
    await as(sup, 'PATCH', '/api/case-settings', { acknowledgeBySms: true });
    const unsent = (await open(sup, { ownerGroup: 'billing' })).body;
    expect(unsent.history.at(-1)).to.deep.include({
      what: 'message',
      note: 'acknowledgement not sent: no number to text from (set acknowledgeFrom in /api/case-settings)',
    });
    expect((await as(sup, 'PATCH', '/api/case-settings', { acknowledgeFrom: '555' })).body).to.deep.equal({
      error: 'acknowledgeFrom: must be a number in E.164 (+15551230000) or a Messaging Service SID (MG…)',
    });
    const settings = await as(sup, 'PATCH', '/api/case-settings', {
      acknowledgeText: "We're sorry. Your reference is {reference}.",
      acknowledgeFrom: '+18005550100',
    });
    expect(settings.body).to.deep.include({ acknowledgeBySms: true, acknowledgeMinutes: 240, acknowledgeFrom: '+18005550100' });
    expect((await as(sup, 'PATCH', '/api/case-settings', { acknowledgeText: 'Sorry!' })).body).to.deep.equal({
      error: 'acknowledgeText: must include {reference}, where the case number goes',
    });
    const second = (await open(sup, { ownerGroup: 'billing' })).body;
    expect(second.history.at(-1)).to.deep.include({ what: 'message', note: `We're sorry. Your reference is ${second.case.id}.` });
    // Queued in the SMS outbox (its worker sends it after commit), from the number the customer called.
    const { rows } = await db().query(
      `SELECT case_id::int, purpose, to_number, body, status FROM sms_messages WHERE direction = 'outbound'`,
    );
    expect(rows).to.deep.equal([
      {
        case_id: second.case.id,
        purpose: 'case-ack',
        to_number: CUSTOMER,
        body: `We're sorry. Your reference is ${second.case.id}.`,
        status: 'pending',
      },
    ]);
  });

  it('feedback rules: stored and edited through the API, checked at the edge', async () => {
    const sup = await supervisor();
    const put = (name: string, body: unknown) => as(sup, 'PUT', `/api/feedback-rules/${name}`, body);
    const saved = await put('detractor', {
      kind: 'nps',
      maxScore: 6,
      category: 'detractor',
      ownerGroup: 'general',
      callbackGroup: 'general',
    });
    expect(saved.body).to.deep.include({ name: 'detractor', kind: 'nps', maxScore: 6, callbackPriority: 50, enabled: true });
    expect((await put('detractor', { kind: 'nps', maxScore: 4, category: 'detractor', ownerGroup: 'general' })).body).to.deep.include({
      maxScore: 4,
      callbackGroup: null,
    });
    expect((await put('bad', { kind: 'resolved', maxScore: 1, category: 'x', ownerGroup: 'general' })).body.error).to.match(
      /^maxScore: is above/,
    );
    expect(
      (await put('bad', { kind: 'csat', maxScore: 2, category: 'x', ownerGroup: 'general', callbackGroup: 'vip' })).body,
    ).to.deep.equal({
      error: 'callbackGroup: no skill group vip',
    });
    expect((await put('Bad Name', { kind: 'csat', maxScore: 2, category: 'x', ownerGroup: 'general' })).body.error).to.match(
      /^body: must be a rule name/,
    );
    expect((await as(sup, 'GET', '/api/feedback-rules')).body.map((r: { name: string }) => r.name)).to.deep.equal(['detractor']);
    expect((await as(sup, 'DELETE', '/api/feedback-rules/detractor')).status).to.equal(204);
    expect((await as(sup, 'DELETE', '/api/feedback-rules/detractor')).status).to.equal(404);
  });
});
