import { expect } from 'chai';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedPost, sid, voiceParams } from '../support/signed-post.js';
import { placeCall } from '../support/twilio-driver.js';

describe('status callbacks close the session', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ now: () => Date.parse('2026-11-23T15:00:00Z') })));
  after(() => server.close());
  beforeEach(resetDatabase);
  const row = async (callSid: string) =>
    (
      await testDatabase().pool.query(
        'SELECT status, duration_seconds, state, ended_at IS NOT NULL AS ended FROM calls WHERE call_sid = $1',
        [callSid],
      )
    ).rows[0];

  it('a caller hanging up in a menu: 204, status and duration stored, the call ends', async () => {
    const call = await placeCall(server);
    const res = await signedPost(
      server,
      '/voice/status',
      voiceParams(call.sid, { CallStatus: 'completed', CallDuration: '37', SequenceNumber: '1' }),
    );
    expect(res.status).to.equal(204);
    expect(res.body).to.equal('');
    expect(await row(call.sid)).to.deep.equal({ status: 'completed', duration_seconds: 37, state: '$ended', ended: true });
  });

  it('a late duplicate callback changes nothing', async () => {
    const call = await placeCall(server);
    await signedPost(server, '/voice/status', voiceParams(call.sid, { CallStatus: 'completed', CallDuration: '37' }));
    await signedPost(server, '/voice/status', voiceParams(call.sid, { CallStatus: 'completed', CallDuration: '37' }));
    await signedPost(server, '/voice/status', voiceParams(call.sid, { CallStatus: 'failed', CallDuration: '99' }));
    const { rows } = await testDatabase().pool.query(`SELECT count(*)::int AS n FROM call_events WHERE call_sid = $1 AND kind = 'ended'`, [
      call.sid,
    ]);
    expect(rows[0].n).to.equal(3);
    expect(await row(call.sid)).to.deep.equal({ status: 'completed', duration_seconds: 37, state: '$ended', ended: true });
  });

  it('a progress callback (ringing) is logged but does not end the call', async () => {
    const call = await placeCall(server);
    expect((await signedPost(server, '/voice/status', voiceParams(call.sid, { CallStatus: 'ringing' }))).status).to.equal(204);
    expect(await row(call.sid)).to.deep.include({ status: 'in-progress', ended: false });
  });

  it('unknown calls and malformed callbacks still get 204', async () => {
    expect((await signedPost(server, '/voice/status', voiceParams(sid(77), { CallStatus: 'completed' }))).status).to.equal(204);
    expect((await signedPost(server, '/voice/status', voiceParams(sid(78), { CallStatus: 'exploded' }))).status).to.equal(204);
  });
});
