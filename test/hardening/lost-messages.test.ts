import { expect } from 'chai';
import type { TwilioCall } from '../../src/emulator/twilio-call.js';
import { staffOnBreak } from '../support/agents.js';
import { DatabaseCut } from '../support/database-cut.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { dialCentre, startCentre, type RoutingCentre } from '../support/routing.js';
import { outageFlowsDir } from '../support/outage-flow.js';

const db = () => testDatabase().pool;
const voicemailsOf = async (callSid: string) =>
  (await db().query('SELECT step, group_name, duration_seconds, recording_url FROM voicemails WHERE call_sid = $1 ORDER BY id', [callSid]))
    .rows;

describe('hardening: nothing a caller recorded or keyed is dropped silently in an outage', function () {
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
    await staffOnBreak();
  });

  /** A caller on hold presses 1 for voicemail and records while the database is unreachable. */
  async function recordDuringOutage(): Promise<TwilioCall> {
    const call = await dialCentre(c);
    await call.press('1');
    await call.press('1'); // on hold: 1 leaves a voicemail
    expect(call.waiting).to.equal('record');
    cut.cut();
    await call.record({ duration: 12 });
    const recorded = call.requests.find((r) => r.url.includes('/voice/recorded'))!;
    expect(recorded.status).to.equal(200); // the fallback: an apology and the fallback queue
    expect(recorded.body).to.include('technical difficulties');
    expect(call.recordings).to.have.length(1);
    return call;
  }

  it('a voicemail whose webhook failed is fetched from Twilio when the call ends, once', async () => {
    const call = await recordDuringOutage();
    await call.hangUp(); // in the fallback queue; the status callback fails too (503)
    expect(call.lastRequest!.status).to.equal(503);
    cut.restore();
    expect((await call.retryLastRequest()).status).to.equal(204);
    const [recording] = call.recordings;
    expect(await voicemailsOf(call.callSid)).to.deep.equal([
      {
        step: 'line#voicemail',
        group_name: 'general',
        duration_seconds: 12,
        recording_url: `https://api.twilio.com/2010-04-01/Accounts/${call.accountSid}/Recordings/${recording.sid}`,
      },
    ]);
    expect(c.twilio.requests.some((r) => r.path.endsWith('/Recordings.json') && r.params.CallSid === call.callSid)).to.equal(true);
    // Another copy of the callback: still one voicemail.
    expect((await call.retryLastRequest()).status).to.equal(204);
    expect(await voicemailsOf(call.callSid)).to.have.length(1);
  });

  it('a caller held by the fallback and resumed has the lost voicemail stored, and a new one kept beside it', async () => {
    const call = await recordDuringOutage();
    cut.restore();
    await call.hold(12); // the fallback queue's music asks again; we are well: <Leave/>, /voice/recover
    expect(call.waiting).to.equal('record'); // resumed at the voicemail prompt
    await c.server.sessions.lateWorkDone();
    expect(await voicemailsOf(call.callSid)).to.have.length(1);
    await call.record({ duration: 5 });
    const stored = await voicemailsOf(call.callSid);
    expect(stored.map((v) => v.duration_seconds)).to.deep.equal([12, 5]);
    expect(stored[0].recording_url).to.include(call.recordings[0].sid);
    expect(stored[1].recording_url).to.include(call.recordings[1].sid);
  });

  it('looked for on resuming and again when the call ends at the prompt, a recording is stored once', async () => {
    const call = await recordDuringOutage();
    cut.restore();
    await call.hold(12);
    await c.server.sessions.lateWorkDone();
    expect(await voicemailsOf(call.callSid)).to.have.length(1);
    await call.hangUp(); // at the voicemail prompt again: the close looks at Twilio's recordings once more
    expect(call.lastRequest!.status).to.equal(204);
    expect(c.twilio.requests.filter((r) => r.path.endsWith('/Recordings.json') && r.params.CallSid === call.callSid)).to.have.length(2);
    expect(await voicemailsOf(call.callSid)).to.have.length(1);
  });

  it('a survey score keyed while the database is unreachable is logged and counted as lost', async () => {
    const call = await dialCentre(c);
    await call.press('2');
    expect(call.lastHeard.join(' ')).to.include('Rate us from 1 to 5.');
    cut.cut();
    await call.press('4');
    expect(call.lastHeard.join(' ')).to.include('technical difficulties');
    cut.restore();
    const metrics = await (await fetch(`${c.server.url}/metrics`)).text();
    expect(metrics).to.match(/^switchboard_lost_inputs_total\{kind="keys"\} 1$/m);
  });
});
