import { expect } from 'chai';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { client, newToken, type ApiResponse } from './api-client.js';
import { queueCaller } from '../support/queue.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The response with stateSince checked to be a timestamp and taken out, so the rest compares exactly. */
function withoutSince(res: ApiResponse): ApiResponse {
  const strip = (a: { stateSince?: string }) => {
    expect(a.stateSince).to.match(ISO);
    const { stateSince: _since, ...rest } = a;
    return rest;
  };
  return { status: res.status, body: Array.isArray(res.body) ? res.body.map(strip) : strip(res.body) };
}

const ANA = { name: 'Ana Ruiz', contact: { kind: 'phone', value: '+15551110001' }, skills: { billing: 4, spanish: 3 } };
const anaShown = (extra: object = {}) => ({
  id: 1,
  name: 'Ana Ruiz',
  contact: { kind: 'phone', value: '+15551110001' },
  skills: { billing: 4, spanish: 3 },
  state: 'offline',
  stateReason: null,
  pendingState: null,
  ...extra,
});

describe('API: agents and skills', () => {
  let server: TestServer;
  let token: string;
  before(async () => (server = await startTestServer()));
  after(() => server.close());
  beforeEach(async () => {
    await resetDatabase();
    token = await newToken();
    for (const name of ['billing', 'spanish', 'support']) await call('POST', '/api/skills', { name });
  });
  const call = client(
    () => server,
    () => token,
  );
  const db = () => testDatabase().pool;

  it('adds and lists skills', async () => {
    expect(await call('POST', '/api/skills', { name: 'french' })).to.deep.equal({
      status: 201,
      body: { name: 'french', agents: 0, groups: 0 },
    });
    await call('POST', '/api/agents', ANA);
    expect(await call('GET', '/api/skills')).to.deep.equal({
      status: 200,
      body: [
        { name: 'billing', agents: 1, groups: 0 },
        { name: 'french', agents: 0, groups: 0 },
        { name: 'spanish', agents: 1, groups: 0 },
        { name: 'support', agents: 0, groups: 0 },
      ],
    });
    expect(await call('POST', '/api/skills', { name: 'Billing' })).to.deep.equal({
      status: 409,
      body: { error: "skill 'billing' already exists" },
    });
    expect(await call('POST', '/api/skills', { name: 'no spaces' })).to.deep.equal({
      status: 400,
      body: { error: 'name: must start with a letter or digit and use only letters, digits, - and _ (at most 64)' },
    });
  });

  it('creates, reads and lists agents', async () => {
    expect(withoutSince(await call('POST', '/api/agents', ANA))).to.deep.equal({ status: 201, body: anaShown() });
    const bo = { name: 'Bo', contact: { kind: 'sip', value: 'sip:bo@pbx.example.com' } };
    expect(withoutSince(await call('POST', '/api/agents', bo))).to.deep.equal({
      status: 201,
      body: { id: 2, ...bo, skills: {}, state: 'offline', stateReason: null, pendingState: null },
    });
    await call('POST', '/api/agents', { name: 'Cy', contact: { kind: 'client', value: 'cy.lee@acme' } });
    expect(withoutSince(await call('GET', '/api/agents/1'))).to.deep.equal({ status: 200, body: anaShown() });
    const list = withoutSince(await call('GET', '/api/agents'));
    expect(list.body.map((a: { id: number; contact: object }) => [a.id, a.contact])).to.deep.equal([
      [1, { kind: 'phone', value: '+15551110001' }],
      [2, { kind: 'sip', value: 'sip:bo@pbx.example.com' }],
      [3, { kind: 'client', value: 'cy.lee@acme' }],
    ]);
    expect(await call('GET', '/api/agents/9')).to.deep.equal({ status: 404, body: { error: 'no agent with id 9' } });
    expect(await call('GET', '/api/agents/abc')).to.deep.equal({ status: 404, body: { error: 'no agent with id abc' } });
  });

  it('explains bad agent bodies, naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ ...ANA, skills: { billing: 7 } }, 'skills.billing: must be a whole number from 1 to 5'],
      [{ ...ANA, skills: { billing: '4' } }, 'skills.billing: must be a whole number from 1 to 5'],
      [{ ...ANA, skills: { biling: 4 } }, "skills.biling: unknown skill 'biling' (did you mean 'billing'?)"],
      [{ ...ANA, skills: { cooking: 4 } }, "skills.cooking: unknown skill 'cooking'"],
      [{ contact: ANA.contact }, 'name: is required'],
      [{ ...ANA, name: '   ' }, 'name: must be 1 to 120 characters'],
      [{ ...ANA, nmae: 'x' }, "nmae: unknown field (did you mean 'name'?)"],
      [{ ...ANA, contact: { kind: 'email', value: 'a@b.c' } }, 'contact.kind: must be one of phone, client, sip'],
      [
        { ...ANA, contact: { kind: 'phone', value: '5551110001' } },
        'contact.value: must be a phone number in E.164 form (+ and 7 to 15 digits), such as +15551230000',
      ],
      [
        { ...ANA, contact: { kind: 'phone', value: '+1234' } },
        'contact.value: must be a phone number in E.164 form (+ and 7 to 15 digits), such as +15551230000',
      ],
      [
        { ...ANA, contact: { kind: 'client', value: 'ana ruiz' } },
        'contact.value: must be a Twilio Client identity: letters, digits, _ - . @ (at most 121 characters)',
      ],
      [
        { ...ANA, contact: { kind: 'sip', value: 'ana@pbx.example.com' } },
        'contact.value: must be a SIP URI such as sip:ana@pbx.example.com',
      ],
      [{ ...ANA, contact: '+15551110001' }, 'contact: must be an object'],
    ];
    for (const [body, error] of cases)
      expect(await call('POST', '/api/agents', body), JSON.stringify(body)).to.deep.equal({ status: 400, body: { error } });
    expect((await db().query('SELECT count(*)::int AS n FROM agents')).rows).to.deep.equal([{ n: 0 }]);
  });

  it('refuses a contact another agent has', async () => {
    await call('POST', '/api/agents', ANA);
    expect(await call('POST', '/api/agents', { ...ANA, name: 'Ana Two' })).to.deep.equal({
      status: 409,
      body: { error: 'another agent already has the phone contact +15551110001' },
    });
  });

  it('changes name, contact and skills (skills are replaced)', async () => {
    await call('POST', '/api/agents', ANA);
    const patched = await call('PATCH', '/api/agents/1', {
      name: 'Ana R. Ruiz',
      contact: { kind: 'client', value: 'ana' },
      skills: { support: 2 },
    });
    expect(withoutSince(patched)).to.deep.equal({
      status: 200,
      body: anaShown({ name: 'Ana R. Ruiz', contact: { kind: 'client', value: 'ana' }, skills: { support: 2 } }),
    });
    expect((await call('PATCH', '/api/agents/1', { name: 'Ana' })).body.skills).to.deep.equal({ support: 2 });
    expect(await call('PATCH', '/api/agents/1', { skills: { suport: 2 } })).to.deep.equal({
      status: 400,
      body: { error: "skills.suport: unknown skill 'suport' (did you mean 'support'?)" },
    });
    expect(await call('PATCH', '/api/agents/2', { name: 'X' })).to.deep.equal({ status: 404, body: { error: 'no agent with id 2' } });
  });

  it('sets and removes one skill', async () => {
    await call('POST', '/api/agents', ANA);
    expect((await call('PUT', '/api/agents/1/skills/support', { level: 5 })).body.skills).to.deep.equal({
      billing: 4,
      spanish: 3,
      support: 5,
    });
    expect((await call('PUT', '/api/agents/1/skills/billing', { level: 1 })).body.skills).to.deep.equal({
      billing: 1,
      spanish: 3,
      support: 5,
    });
    expect((await call('DELETE', '/api/agents/1/skills/spanish')).body.skills).to.deep.equal({ billing: 1, support: 5 });
    expect(await call('DELETE', '/api/agents/1/skills/spanish')).to.deep.equal({
      status: 404,
      body: { error: "agent 1 (Ana Ruiz) has no skill 'spanish'" },
    });
    expect(await call('PUT', '/api/agents/1/skills/spansh', { level: 2 })).to.deep.equal({
      status: 400,
      body: { error: "skill: unknown skill 'spansh' (did you mean 'spanish'?)" },
    });
    expect(await call('PUT', '/api/agents/1/skills/billing', { level: 0 })).to.deep.equal({
      status: 400,
      body: { error: 'level: must be a whole number from 1 to 5' },
    });
    expect(await call('PUT', '/api/agents/1/skills/billing', {})).to.deep.equal({ status: 400, body: { error: 'level: is required' } });
    expect(await call('PUT', '/api/agents/7/skills/billing', { level: 2 })).to.deep.equal({
      status: 404,
      body: { error: 'no agent with id 7' },
    });
  });

  it('removes an agent only while offline', async () => {
    await call('POST', '/api/agents', ANA);
    await call('POST', '/api/agents/1/status', { state: 'available' });
    expect(await call('DELETE', '/api/agents/1')).to.deep.equal({
      status: 409,
      body: { error: 'agent 1 (Ana Ruiz) is available; set them offline before removing them' },
    });
    await call('POST', '/api/agents/1/status', { state: 'offline' });
    expect(await call('DELETE', '/api/agents/1')).to.deep.equal({ status: 204, body: undefined });
    expect(await call('DELETE', '/api/agents/1')).to.deep.equal({ status: 404, body: { error: 'no agent with id 1' } });
    expect((await db().query('SELECT count(*)::int AS n FROM agent_skills')).rows).to.deep.equal([{ n: 0 }]);
  });

  it('keeps an agent who has taken calls, since the call history refers to them', async () => {
    await call('POST', '/api/agents', ANA);
    const entry = (await queueCaller('billing', { state: 'completed' })).entryId;
    await db().query(`INSERT INTO assignments (entry_id, agent_id, state, outcome) VALUES ($1, 1, 'ended', 'completed')`, [entry]);
    expect(await call('DELETE', '/api/agents/1')).to.deep.equal({
      status: 409,
      body: { error: 'agent 1 (Ana Ruiz) has call history and cannot be removed; leave them offline instead' },
    });
    expect((await call('GET', '/api/agents/1')).status).to.equal(200);
  });

  it('keeps an agent a feedback rule names as owner, naming the rule', async () => {
    await call('POST', '/api/agents', ANA);
    await db().query(
      `INSERT INTO feedback_rules (name, kind, max_score, category, owner_agent_id) VALUES ('detractors', 'nps', 6, 'detractor', 1)`,
    );
    expect(await call('DELETE', '/api/agents/1')).to.deep.equal({
      status: 409,
      body: { error: "agent 1 (Ana Ruiz) owns feedback rule 'detractors'; give it another owner first" },
    });
    await db().query(`DELETE FROM feedback_rules`);
    expect((await call('DELETE', '/api/agents/1')).status).to.equal(204);
  });

  it('changes status at once, and records every change', async () => {
    await call('POST', '/api/agents', ANA);
    const res = await call('POST', '/api/agents/1/status', { state: 'available' });
    expect(withoutSince(res)).to.deep.equal({ status: 200, body: { id: 1, state: 'available', stateReason: null, pendingState: null } });
    const brk = await call('POST', '/api/agents/1/status', { state: 'break', reason: 'lunch' });
    expect(withoutSince(brk)).to.deep.equal({ status: 200, body: { id: 1, state: 'break', stateReason: 'lunch', pendingState: null } });
    expect(withoutSince(await call('GET', '/api/agents/1')).body).to.deep.equal(anaShown({ state: 'break', stateReason: 'lunch' }));
    const { rows } = await db().query('SELECT agent_id, from_state, to_state, reason FROM agent_state_changes ORDER BY id');
    expect(rows).to.deep.equal([
      { agent_id: 1, from_state: null, to_state: 'offline', reason: null },
      { agent_id: 1, from_state: 'offline', to_state: 'available', reason: null },
      { agent_id: 1, from_state: 'available', to_state: 'break', reason: 'lunch' },
    ]);
  });

  it('keeps a status asked for during a call as pending, answering 202', async () => {
    await call('POST', '/api/agents', ANA);
    await db().query(`UPDATE agents SET state = 'on-call' WHERE id = 1`);
    const res = await call('POST', '/api/agents/1/status', { state: 'break', reason: 'coffee' });
    expect(withoutSince(res)).to.deep.equal({
      status: 202,
      body: {
        id: 1,
        state: 'on-call',
        stateReason: null,
        pendingState: 'break',
        message: 'agent 1 is on-call; break (coffee) applies after the call',
      },
    });
    const { rows } = await db().query('SELECT state, pending_state, pending_reason FROM agents');
    expect(rows).to.deep.equal([{ state: 'on-call', pending_state: 'break', pending_reason: 'coffee' }]);
    const changes = await db().query('SELECT from_state, to_state FROM agent_state_changes ORDER BY id');
    expect(changes.rows).to.deep.equal([
      { from_state: null, to_state: 'offline' },
      { from_state: 'offline', to_state: 'on-call' },
    ]);
    // In wrap-up the request applies at once.
    await db().query(`UPDATE agents SET state = 'wrap-up', pending_state = NULL WHERE id = 1`);
    expect((await call('POST', '/api/agents/1/status', { state: 'available' })).status).to.equal(200);
    expect((await db().query('SELECT state, pending_state FROM agents')).rows).to.deep.equal([{ state: 'available', pending_state: null }]);
  });

  it('explains bad status requests', async () => {
    await call('POST', '/api/agents', ANA);
    expect(await call('POST', '/api/agents/1/status', { state: 'on-call' })).to.deep.equal({
      status: 400,
      body: { error: 'state: must be one of available, break, offline, not-ready' },
    });
    expect(await call('POST', '/api/agents/1/status', { state: 'break', reason: 'x'.repeat(201) })).to.deep.equal({
      status: 400,
      body: { error: 'reason: must be at most 200 characters' },
    });
    expect(await call('POST', '/api/agents/1/status', {})).to.deep.equal({ status: 400, body: { error: 'state: is required' } });
    expect(await call('POST', '/api/agents/5/status', { state: 'break' })).to.deep.equal({
      status: 404,
      body: { error: 'no agent with id 5' },
    });
  });
});
