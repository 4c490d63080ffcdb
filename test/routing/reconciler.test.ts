import { expect } from 'chai';
import { createLogger } from '../../src/log.js';
import type { CallControl } from '../../src/twilio/call-control.js';
import { reconcile } from '../../src/routing/reconciler.js';
import { addAgent, agentRow, staffOnBreak } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { claimNext, queueCaller } from '../support/queue.js';
import { dialCentre, startCentre, untilRinging, type RoutingCentre } from '../support/routing.js';

const log = createLogger('silent');
const twilioSays = (status: string): CallControl => ({
  redirect: async () => {},
  placeCall: async () => 'CA' + '1'.repeat(32),
  status: async () => status,
});

describe('reconciler: nothing stays stuck after lost webhooks or a crashed instance', () => {
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;
  const expireLeases = () => db().query(`UPDATE agents SET lease_until = now() - interval '1 second' WHERE lease_until IS NOT NULL`);

  it('an instance that claimed a match and died before ringing: the ring is withdrawn, then the caller is routed', async () => {
    const c: RoutingCentre = await startCentre({ now: () => Date.parse('2026-11-23T15:00:00Z') });
    try {
      await c.server.router.stop(); // this instance stops routing: the "other instance" below does it
      const agent = await addAgent({ state: 'break' });
      const call = await dialCentre(c);
      await call.press('1');
      await call.press('0');
      await db().query(`UPDATE agents SET state = 'available' WHERE id = $1`, [agent.id]);
      const claim = await claimNext(db()); // …and then the instance is killed: nobody rings the agent
      expect(claim).to.not.equal(undefined);
      expect((await agentRow(agent.id)).state).to.equal('reserved');

      await expireLeases();
      const repairs = await reconcile(db(), twilioSays('in-progress'), log);
      expect(repairs).to.deep.equal({
        expiredRings: 1,
        finishedCalls: 0,
        orphanAgents: 0,
        orphanEntries: 0,
        callersGone: 0,
        overflowed: 0,
      });
      expect((await agentRow(agent.id)).state).to.equal('available');
      const { rows } = await db().query('SELECT a.outcome, q.state FROM assignments a JOIN queue_entries q ON q.id = a.entry_id');
      expect(rows).to.deep.equal([{ outcome: 'lost', state: 'waiting' }]);

      // A live instance routes the caller: they are rung and get through.
      const other = await startCentre({ now: () => Date.parse('2026-11-23T15:00:00Z') });
      try {
        other.twilio.register(call); // Twilio's REST API for this call is now the other stand-in
        await untilRinging(other, call);
        await call.agentAnswers({ press: '1' });
        expect(call.waiting).to.equal('bridged');
      } finally {
        await other.close();
      }
    } finally {
      await c.close();
    }
  });

  it('a talk whose caller has hung up (status callback seen, Dial action lost) is completed and wrapped up', async () => {
    const agent = await addAgent();
    const { entryId, callSid } = await queueCaller('general');
    const claim = (await claimNext(db()))!;
    await db().query(`UPDATE assignments SET state = 'connected', answered_at = now() WHERE id = $1`, [claim.assignmentId]);
    await db().query(`UPDATE agents SET state = 'on-call' WHERE id = $1`, [agent.id]);
    await db().query(`UPDATE calls SET ended_at = now() WHERE call_sid = $1`, [callSid]);
    const repairs = await reconcile(db(), twilioSays('in-progress'), log);
    expect(repairs?.finishedCalls).to.equal(1);
    expect((await agentRow(agent.id)).state).to.equal('wrap-up');
    expect((await db().query('SELECT state FROM queue_entries WHERE id = $1', [entryId])).rows[0].state).to.equal('completed');
  });

  it('a long talk that Twilio says is over is completed; one still going is left alone', async () => {
    const agent = await addAgent();
    await queueCaller('general');
    const claim = (await claimNext(db()))!;
    await db().query(`UPDATE assignments SET state = 'connected', answered_at = now() - interval '20 minutes' WHERE id = $1`, [
      claim.assignmentId,
    ]);
    await db().query(`UPDATE agents SET state = 'on-call', lease_until = now() + interval '1 hour' WHERE id = $1`, [agent.id]);
    expect((await reconcile(db(), twilioSays('in-progress'), log))?.finishedCalls).to.equal(0);
    expect((await agentRow(agent.id)).state).to.equal('on-call');
    expect((await reconcile(db(), twilioSays('completed'), log))?.finishedCalls).to.equal(1);
    expect((await agentRow(agent.id)).state).to.equal('wrap-up');
  });

  it('asks Twilio about a long call at most once a minute, however often it runs', async () => {
    const agent = await addAgent();
    await queueCaller('general');
    const claim = (await claimNext(db()))!;
    await db().query(`UPDATE assignments SET state = 'connected', answered_at = now() - interval '20 minutes' WHERE id = $1`, [
      claim.assignmentId,
    ]);
    await db().query(`UPDATE agents SET state = 'on-call', lease_until = now() + interval '1 hour' WHERE id = $1`, [agent.id]);
    let asked = 0;
    const counting: CallControl = { ...twilioSays('in-progress'), status: async () => (asked++, 'in-progress') };
    const lastStatusCheck = new Map<number, number>();
    for (let i = 0; i < 5; i++) await reconcile(db(), counting, log, lastStatusCheck);
    expect(asked).to.equal(1);
  });

  it('agents busy without a live assignment are freed; offered entries without one wait again', async () => {
    const ghostRing = await addAgent({ state: 'reserved' });
    const ghostCall = await addAgent({ state: 'on-call' });
    const { entryId } = await queueCaller('general', { state: 'offered' });
    const cb = await queueCaller('general', { state: 'offered', callbackNumber: '+15550009999' });
    const repairs = await reconcile(db(), twilioSays('in-progress'), log);
    expect(repairs).to.deep.include({ orphanAgents: 2, orphanEntries: 2 });
    expect((await agentRow(ghostRing.id)).state).to.equal('available');
    expect((await agentRow(ghostCall.id)).state).to.equal('available');
    const { rows } = await db().query('SELECT id, state FROM queue_entries ORDER BY id');
    expect(rows).to.deep.equal([
      { id: entryId, state: 'waiting' },
      { id: cb.entryId, state: 'callback' },
    ]);
  });

  it('only one instance reconciles at a time (advisory lock)', async () => {
    await staffOnBreak();
    const other = await db().connect();
    try {
      await other.query('SELECT pg_advisory_lock(7482913002)'); // another instance is reconciling
      expect(await reconcile(db(), twilioSays('in-progress'), log)).to.equal(undefined);
      await other.query('SELECT pg_advisory_unlock(7482913002)');
      expect(await reconcile(db(), twilioSays('in-progress'), log)).to.deep.equal({
        expiredRings: 0,
        finishedCalls: 0,
        orphanAgents: 0,
        orphanEntries: 0,
        callersGone: 0,
        overflowed: 0,
      });
    } finally {
      other.release();
    }
  });
});
