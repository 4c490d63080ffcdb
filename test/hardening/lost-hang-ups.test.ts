import { expect } from 'chai';
import type { TwilioCall } from '../../src/emulator/twilio-call.js';
import { addAgent, agentRow, configureGroup, staffOnBreak } from '../support/agents.js';
import { DatabaseCut } from '../support/database-cut.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { whenDatabaseShows } from '../support/database-change.js';
import { outageFlowsDir } from '../support/outage-flow.js';
import { dialCentre, startCentre, type RoutingCentre } from '../support/routing.js';

const db = () => testDatabase().pool;
const entryOf = async (callSid: string) =>
  (await db().query('SELECT state FROM queue_entries WHERE call_sid = $1', [callSid])).rows[0]?.state;
const callOf = async (callSid: string) =>
  (await db().query('SELECT status, ended_at IS NOT NULL AS ended, state FROM calls WHERE call_sid = $1', [callSid])).rows[0];

describe('hardening: a caller who hangs up unseen is never left waiting', function () {
  this.timeout(30_000);
  let cut: DatabaseCut;
  let c: RoutingCentre;
  before(async () => {
    cut = await new DatabaseCut().start();
    c = await startCentre({ databaseUrl: cut.url, flowsDir: await outageFlowsDir() });
  });
  after(async () => {
    await c.close();
    await cut.close();
  });
  beforeEach(async () => {
    cut.restore();
    await resetDatabase();
  });

  /** A caller in the general queue hangs up while the database is unreachable; it comes back afterwards. */
  async function hangUpDuringOutage(): Promise<TwilioCall> {
    const call = await dialCentre(c);
    await call.press('1');
    expect(call.waiting).to.equal('queue');
    expect(await entryOf(call.callSid)).to.equal('waiting');
    cut.cut();
    await call.hangUp();
    cut.restore();
    return call;
  }

  it('a status callback that could not be stored is answered 503, and stored when Twilio sends it again', async () => {
    await staffOnBreak();
    const call = await hangUpDuringOutage();
    const status = call.lastRequest!;
    expect(status.url).to.match(/\/voice\/status$/);
    expect(status.status).to.equal(503);
    expect(await entryOf(call.callSid)).to.equal('waiting');
    // Twilio sends it again (same idempotency token) once we answered 5xx.
    expect((await call.retryLastRequest()).status).to.equal(204);
    expect(await entryOf(call.callSid)).to.equal('abandoned');
    expect(await callOf(call.callSid)).to.deep.include({ status: 'completed', ended: true });
  });

  it('offered to an agent, a caller Twilio says is gone (21220) is abandoned and closed; the agent is free, not missed', async () => {
    const agent = await addAgent({ state: 'break' });
    const call = await hangUpDuringOutage();
    await db().query(`UPDATE agents SET state = 'available' WHERE id = $1`, [agent.id]);
    await whenDatabaseShows(async () => expect(await entryOf(call.callSid)).to.equal('abandoned'));
    expect(await callOf(call.callSid)).to.deep.include({ status: 'completed', ended: true, state: '$ended' });
    const redirect = c.twilio.requests.find((r) => r.method === 'POST' && r.path.endsWith(`/Calls/${call.callSid}.json`));
    expect(redirect?.params.Url).to.match(/\/voice\/connect\?assignment=\d+$/);
    const { rows } = await db().query('SELECT outcome FROM assignments');
    expect(rows).to.deep.equal([{ outcome: 'caller-hung-up' }]);
    await whenDatabaseShows(async () => expect(await agentRow(agent.id)).to.deep.include({ state: 'available', missed_in_row: 0 }));
    const { rows: ended } = await db().query(`SELECT detail FROM call_events WHERE call_sid = $1 AND kind = 'ended'`, [call.callSid]);
    expect(ended).to.deep.equal([{ detail: { status: 'completed', duration: null, source: 'twilio-rest' } }]);
  });

  it('a waiting caller silent for longer than the waitUrl cadence is asked about; Twilio says over: closed and abandoned', async () => {
    await staffOnBreak();
    const call = await hangUpDuringOutage();
    expect(await entryOf(call.callSid)).to.equal('waiting');
    // Minutes pass without a webhook from this caller (Twilio would have asked the waitUrl).
    await db().query(`UPDATE calls SET updated_at = now() - interval '5 minutes' WHERE call_sid = $1`, [call.callSid]);
    await whenDatabaseShows(async () => expect(await entryOf(call.callSid)).to.equal('abandoned'));
    expect(await callOf(call.callSid)).to.deep.include({ status: 'completed', ended: true });
    expect(c.twilio.requests.some((r) => r.method === 'GET' && r.path.endsWith(`/Calls/${call.callSid}.json`))).to.equal(true);
  });

  it('a caller past the maximum wait is redirected to the overflow without waiting for their own next webhook', async () => {
    await staffOnBreak();
    await configureGroup('general', { max_wait_seconds: 10, overflow: { action: 'voicemail' } });
    const call = await dialCentre(c);
    await call.press('1');
    expect(call.waiting).to.equal('queue');
    // Twenty seconds on hold, the hold music still playing: no waitUrl request since they queued.
    await db().query(`UPDATE queue_entries SET entered_at = now() - interval '20 seconds' WHERE call_sid = $1`, [call.callSid]);
    await db().query(`UPDATE calls SET updated_at = now() - interval '20 seconds' WHERE call_sid = $1`, [call.callSid]);
    await c.twilio.until(() => call.waiting === 'record');
    expect(call.lastHeard.join(' | ')).to.include('[beep]');
    expect(await entryOf(call.callSid)).to.equal('left');
    await call.record({ duration: 9 });
    const { rows } = await db().query('SELECT step, group_name, duration_seconds FROM voicemails WHERE call_sid = $1', [call.callSid]);
    expect(rows).to.deep.equal([{ step: 'line#voicemail', group_name: 'general', duration_seconds: 9 }]);
  });

  it('a caller past the maximum wait whose call Twilio says is gone is closed and abandoned', async () => {
    await staffOnBreak();
    await configureGroup('general', { max_wait_seconds: 10, overflow: { action: 'voicemail' } });
    const call = await hangUpDuringOutage();
    await db().query(`UPDATE queue_entries SET entered_at = now() - interval '20 seconds' WHERE call_sid = $1`, [call.callSid]);
    await db().query(`UPDATE calls SET updated_at = now() - interval '20 seconds' WHERE call_sid = $1`, [call.callSid]);
    await whenDatabaseShows(async () => expect(await entryOf(call.callSid)).to.equal('abandoned'));
    expect(await callOf(call.callSid)).to.deep.include({ ended: true });
    const redirect = c.twilio.requests.find((r) => r.method === 'POST' && r.path.endsWith(`/Calls/${call.callSid}.json`));
    expect(redirect?.params.Url).to.match(/\/voice\/overflow\?seq=\d+$/);
  });
});
