import { expect } from 'chai';
import { addAgent } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startCentre, type RoutingCentre } from '../support/routing.js';
import { INBOX_FLOWS, leaveVoicemail } from '../support/voicemails.js';
import { addSupervisorLogin, getJson, giveLogin, signIn } from '../support/web.js';

describe('voicemail inbox API: list, play through the proxy, assign, mark handled; agents see only theirs', () => {
  let c: RoutingCentre;
  let supervisor: string;
  before(async () => (c = await startCentre({ flowsDir: INBOX_FLOWS })));
  after(() => c.close());
  beforeEach(async () => {
    await resetDatabase();
    await addSupervisorLogin('sam');
    supervisor = (await signIn(c.server.url, 'sam', 'supervisor')).cookie!;
  });
  const url = (p: string) => `${c.server.url}${p}`;

  it('lists every message with its caller, flow, language and length, newest first', async () => {
    await leaveVoicemail(c, { from: '+15550001111', seconds: 4 });
    await leaveVoicemail(c, { from: '+15550002222', key: '2', seconds: 9 });
    const { status, body } = await getJson(url('/api/voicemails'), supervisor);
    expect(status).to.equal(200);
    expect(
      body.voicemails.map((v: Record<string, unknown>) => [v.caller, v.flow, v.language, v.durationSeconds, v.handledAt]),
    ).to.deep.equal([
      ['+15550002222', 'inbox-line', 'es-MX', 9, null],
      ['+15550001111', 'inbox-line', 'en-US', 4, null],
    ]);
    expect(body.voicemails[0].recordingSid).to.match(/^RE[0-9a-f]{32}$/);
  });

  it('streams the recording from Twilio with the account credentials, byte ranges too; nobody signed in gets 401', async () => {
    await leaveVoicemail(c, { from: '+15550001111', seconds: 3 });
    const [v] = (await getJson(url('/api/voicemails'), supervisor)).body.voicemails;
    const whole = await fetch(url(`/api/voicemails/${v.id}/audio`), { headers: { cookie: supervisor } });
    expect(whole.status).to.equal(200);
    expect(whole.headers.get('content-type')).to.match(/^audio\//);
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('ascii')).to.equal('RIFF');
    expect(bytes.subarray(8, 12).toString('ascii')).to.equal('WAVE');
    // 3 s of 8 kHz 16-bit mono, after the 44-byte header.
    expect(bytes.length).to.equal(44 + 3 * 8000 * 2);
    const asked = c.twilio.requests.filter((r) => r.path.endsWith(`/Recordings/${v.recordingSid}.wav`));
    expect(asked.map((r) => r.method)).to.deep.equal(['GET']);

    const part = await fetch(url(`/api/voicemails/${v.id}/audio`), { headers: { cookie: supervisor, range: 'bytes=44-143' } });
    expect(part.status).to.equal(206);
    expect(part.headers.get('content-range')).to.equal(`bytes 44-143/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer())).to.deep.equal(bytes.subarray(44, 144));

    const stranger = await fetch(url(`/api/voicemails/${v.id}/audio`));
    expect(stranger.status).to.equal(401);
    expect(stranger.headers.get('content-type')).to.match(/json/);
  });

  it('records who assigned and who handled a message; reopening clears the handling', async () => {
    const ana = await addAgent({ name: 'Ana Ruiz' });
    await leaveVoicemail(c, { from: '+15550001111', seconds: 3 });
    const [v] = (await getJson(url('/api/voicemails'), supervisor)).body.voicemails;
    const assigned = await getJson(url(`/api/voicemails/${v.id}/assignee`), supervisor, {
      method: 'PUT',
      body: JSON.stringify({ agentId: ana.id }),
    });
    expect(assigned.status).to.equal(200);
    expect(assigned.body).to.deep.include({ assignedTo: { agentId: ana.id, name: 'Ana Ruiz' }, assignedBy: 'Sam Lee' });
    const handled = await getJson(url(`/api/voicemails/${v.id}/handled`), supervisor, {
      method: 'POST',
      body: JSON.stringify({ handled: true }),
    });
    expect(handled.body.handledBy).to.equal('Sam Lee');
    expect(Date.parse(handled.body.handledAt)).to.be.closeTo(Date.now(), 60_000);
    const row = await testDatabase().pool.query(
      'SELECT handled_by_supervisor_id IS NOT NULL AS sup, handled_by_agent_id FROM voicemails WHERE id = $1',
      [v.id],
    );
    expect(row.rows[0]).to.deep.equal({ sup: true, handled_by_agent_id: null });
    expect((await getJson(url('/api/voicemails'), supervisor)).body.voicemails).to.deep.equal([]); // open ones only, by default
    expect((await getJson(url('/api/voicemails?status=handled'), supervisor)).body.voicemails).to.have.length(1);
    const reopened = await getJson(url(`/api/voicemails/${v.id}/handled`), supervisor, {
      method: 'POST',
      body: JSON.stringify({ handled: false }),
    });
    expect(reopened.body).to.deep.include({ handledAt: null, handledBy: null });
  });

  it('an agent sees, plays and handles only the messages assigned to them: 403 on the others, and may not assign', async () => {
    const ana = await addAgent({ name: 'Ana Ruiz' });
    const ben = await addAgent({ name: 'Ben Carter' });
    await giveLogin(ana.id, 'ana');
    await leaveVoicemail(c, { from: '+15550001111', seconds: 3 });
    await leaveVoicemail(c, { from: '+15550002222', seconds: 3 });
    const [second, first] = (await getJson(url('/api/voicemails'), supervisor)).body.voicemails;
    await getJson(url(`/api/voicemails/${first.id}/assignee`), supervisor, { method: 'PUT', body: JSON.stringify({ agentId: ana.id }) });
    await getJson(url(`/api/voicemails/${second.id}/assignee`), supervisor, { method: 'PUT', body: JSON.stringify({ agentId: ben.id }) });
    const agent = (await signIn(c.server.url, 'ana', 'agent')).cookie!;

    const mine = await getJson(url('/api/voicemails?status=all'), agent);
    expect(mine.body.voicemails.map((v: { id: number }) => v.id)).to.deep.equal([first.id]);
    expect((await fetch(url(`/api/voicemails/${first.id}/audio`), { headers: { cookie: agent } })).status).to.equal(200);
    const handled = await getJson(url(`/api/voicemails/${first.id}/handled`), agent, {
      method: 'POST',
      body: JSON.stringify({ handled: true }),
    });
    expect(handled.body.handledBy).to.equal('Ana Ruiz');
    const row = await testDatabase().pool.query('SELECT handled_by_agent_id FROM voicemails WHERE id = $1', [first.id]);
    expect(Number(row.rows[0].handled_by_agent_id)).to.equal(ana.id);

    const refused = { error: 'this voicemail is not assigned to you' };
    expect(await getJson(url(`/api/voicemails/${second.id}`), agent)).to.deep.equal({ status: 403, body: refused });
    const audio = await fetch(url(`/api/voicemails/${second.id}/audio`), { headers: { cookie: agent } });
    expect(audio.status).to.equal(403);
    expect(
      await getJson(url(`/api/voicemails/${second.id}/handled`), agent, { method: 'POST', body: JSON.stringify({ handled: true }) }),
    ).to.deep.equal({
      status: 403,
      body: refused,
    });
    const assign = await getJson(url(`/api/voicemails/${first.id}/assignee`), agent, {
      method: 'PUT',
      body: JSON.stringify({ agentId: ana.id }),
    });
    expect(assign.status).to.equal(403);
    const untouched = await testDatabase().pool.query('SELECT handled_at FROM voicemails WHERE id = $1', [second.id]);
    expect(untouched.rows[0].handled_at).to.equal(null);
  });

  it('refuses bad input with the field named', async () => {
    await leaveVoicemail(c, { from: '+15550001111', seconds: 3 });
    const [v] = (await getJson(url('/api/voicemails'), supervisor)).body.voicemails;
    const cases: [string, string, unknown, number, string][] = [
      ['POST', `/api/voicemails/${v.id}/handled`, { handled: 'yes' }, 400, 'handled: must be true or false'],
      ['POST', `/api/voicemails/${v.id}/handled`, { handled: true, note: 'x' }, 400, 'note: unknown field'],
      ['PUT', `/api/voicemails/${v.id}/assignee`, { agentId: 999999 }, 400, 'agentId: no agent with id 999999'],
      ['PUT', `/api/voicemails/${v.id}/assignee`, {}, 400, 'agentId: is required'],
      ['POST', '/api/voicemails/abc/handled', { handled: true }, 404, 'no voicemail with id abc'],
      ['GET', '/api/voicemails?status=new', undefined, 400, 'status: must be one of open, handled, all'],
    ];
    for (const [method, p, body, status, error] of cases) {
      const r = await getJson(url(p), supervisor, { method, ...(body ? { body: JSON.stringify(body) } : {}) });
      expect(r, `${method} ${p}`).to.deep.equal({ status, body: { error } });
    }
  });
});
