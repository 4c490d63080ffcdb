import { expect } from 'chai';
import { claimOffers } from '../../src/routing/lifecycle/index.js';
import { addAgent, configureGroup } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { claimNext, queueCaller } from '../support/queue.js';

/** The routing rules, checked on the claim itself (one statement in the database). */
describe('routing rules (claim_assignments)', () => {
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;
  const claim = () => claimNext(db());
  const claimAll = async () => {
    const out = [];
    for (let c = await claim(); c; c = await claim()) out.push(c);
    return out;
  };

  it('a pass with every agent busy locks no caller (webhooks never wait on it)', async () => {
    await addAgent({ state: 'on-call' });
    const { entryId } = await queueCaller('general');
    const router = await db().connect();
    try {
      await router.query('BEGIN');
      expect(await claimOffers(router, 16)).to.deep.equal([]);
      // While the pass is still open, the caller's row can be locked at once.
      const webhook = await db().connect();
      try {
        await webhook.query('BEGIN');
        expect((await webhook.query('SELECT id FROM queue_entries WHERE id = $1 FOR UPDATE NOWAIT', [entryId])).rows).to.deep.equal([
          { id: entryId },
        ]);
        await webhook.query('ROLLBACK');
      } finally {
        webhook.release();
      }
      await router.query('ROLLBACK');
    } finally {
      router.release();
    }
  });

  describe('strategies among eligible agents', () => {
    it('longest-idle (default): the agent available the longest', async () => {
      await addAgent({ name: 'recent', stateSinceSecondsAgo: 10 });
      const idle = await addAgent({ name: 'idle', stateSinceSecondsAgo: 300 });
      await queueCaller('general');
      expect((await claim())!.agentId).to.equal(idle.id);
    });

    it('round-robin: the agent offered a call least recently', async () => {
      await configureGroup('general', { strategy: 'round-robin' });
      const a = await addAgent({ stateSinceSecondsAgo: 500 });
      const b = await addAgent({ stateSinceSecondsAgo: 5 });
      await db().query(`UPDATE agents SET last_assigned_at = now() - interval '1 minute' WHERE id = $1`, [a.id]);
      await db().query(`UPDATE agents SET last_assigned_at = now() - interval '1 hour' WHERE id = $1`, [b.id]);
      await queueCaller('general');
      expect((await claim())!.agentId).to.equal(b.id);
    });

    it('fewest-calls: the agent with the fewest calls today (yesterday’s count does not matter)', async () => {
      await configureGroup('general', { strategy: 'fewest-calls' });
      const busy = await addAgent({ stateSinceSecondsAgo: 900 });
      const quiet = await addAgent({ stateSinceSecondsAgo: 1 });
      const yesterday = await addAgent({ stateSinceSecondsAgo: 2 });
      await db().query(`UPDATE agents SET calls_today = 9, calls_today_date = current_date WHERE id = $1`, [busy.id]);
      await db().query(`UPDATE agents SET calls_today = 2, calls_today_date = current_date WHERE id = $1`, [quiet.id]);
      await db().query(`UPDATE agents SET calls_today = 50, calls_today_date = current_date - 1 WHERE id = $1`, [yesterday.id]);
      await queueCaller('general');
      expect((await claim())!.agentId).to.equal(yesterday.id);
    });

    it('most-skilled: the highest proficiency in the group’s skills', async () => {
      await configureGroup('billing', { strategy: 'most-skilled' }, { billing: 2, english: 1 });
      await addAgent({ skills: { billing: 3, english: 3 }, stateSinceSecondsAgo: 999 });
      const expert = await addAgent({ skills: { billing: 5, english: 4 } });
      await addAgent({ skills: { billing: 1, english: 5 } }); // not eligible: billing below 2
      await queueCaller('billing');
      expect((await claim())!.agentId).to.equal(expert.id);
    });
  });

  it('callers: higher priority first, then the longest waiting; FIFO within a priority', async () => {
    const late = await queueCaller('general', { waitedSeconds: 5 });
    const early = await queueCaller('general', { waitedSeconds: 50 });
    const vip = await queueCaller('general', { priority: 10, waitedSeconds: 1 });
    for (let i = 0; i < 3; i++) await addAgent();
    expect((await claimAll()).map((c) => c.entryId)).to.deep.equal([vip.entryId, early.entryId, late.entryId]);
  });

  it('a caller nobody can serve does not block the callers behind them', async () => {
    await configureGroup('billing', {}, { billing: 4 });
    const stuck = await queueCaller('billing', { priority: 5, waitedSeconds: 100 });
    const next = await queueCaller('general');
    await addAgent({ skills: { billing: 1 } });
    const claims = await claimAll();
    expect(claims.map((c) => c.entryId)).to.deep.equal([next.entryId]);
    const { rows } = await db().query('SELECT state FROM queue_entries WHERE id = $1', [stuck.entryId]);
    expect(rows[0].state).to.equal('waiting');
  });

  describe('widening over waiting time', () => {
    beforeEach(() =>
      configureGroup(
        'billing',
        {
          widening: [
            { after_seconds: 30, min_level: 1 },
            { after_seconds: 90, add_group: 'sales' },
          ],
        },
        { billing: 3 },
      ),
    );

    it('before 30 s only proficiency 3+ is accepted', async () => {
      await addAgent({ skills: { billing: 1 } });
      await queueCaller('billing', { waitedSeconds: 29 });
      expect(await claim()).to.equal(undefined);
    });

    it('after 30 s proficiency 1 is accepted', async () => {
      const junior = await addAgent({ skills: { billing: 1 } });
      await queueCaller('billing', { waitedSeconds: 31 });
      expect((await claim())!.agentId).to.equal(junior.id);
    });

    it('after 90 s agents of another group are accepted too', async () => {
      await configureGroup('sales', {}, { sales: 2 });
      const seller = await addAgent({ skills: { sales: 2 } });
      const { entryId } = await queueCaller('billing', { waitedSeconds: 60 });
      expect(await claim()).to.equal(undefined);
      await db().query(`UPDATE queue_entries SET first_entered_at = now() - interval '91 seconds' WHERE id = $1`, [entryId]);
      expect((await claim())!.agentId).to.equal(seller.id);
    });
  });

  it('only available agents are offered calls', async () => {
    for (const state of ['offline', 'reserved', 'on-call', 'wrap-up', 'break', 'not-ready']) await addAgent({ state });
    await queueCaller('general');
    expect(await claim()).to.equal(undefined);
  });

  it('a claim reserves the agent (with a lease) and offers the entry, atomically', async () => {
    const agent = await addAgent();
    const { entryId } = await queueCaller('general');
    const c = (await claim())!;
    expect(c).to.deep.include({ entryId, agentId: agent.id, kind: 'inbound', group: 'general', ringTimeoutSeconds: 20 });
    const { rows } = await db().query(
      `SELECT ag.state, ag.lease_until > now() + interval '40 seconds' AS leased, q.state AS entry, a.state AS assignment
       FROM agents ag, queue_entries q, assignments a WHERE ag.id = $1 AND q.id = $2 AND a.id = $3`,
      [agent.id, entryId, c.assignmentId],
    );
    expect(rows[0]).to.deep.equal({ state: 'reserved', leased: true, entry: 'offered', assignment: 'ringing' });
  });

  it('the database refuses a second live assignment for one agent, whatever the code does', async () => {
    const agent = await addAgent();
    const a = await queueCaller('general');
    const b = await queueCaller('general');
    await db().query(`INSERT INTO assignments (entry_id, agent_id) VALUES ($1, $2)`, [a.entryId, agent.id]);
    let error: Error | undefined;
    await db()
      .query(`INSERT INTO assignments (entry_id, agent_id) VALUES ($1, $2)`, [b.entryId, agent.id])
      .catch((e) => (error = e));
    expect(error?.message).to.equal('duplicate key value violates unique constraint "assignments_one_live_per_agent"');
  });

  it('callback entries are routed in their original place', async () => {
    const cb = await queueCaller('general', { state: 'callback', callbackNumber: '+15559990000', waitedSeconds: 120 });
    await queueCaller('general', { waitedSeconds: 60 });
    await addAgent();
    expect((await claim())!).to.deep.include({ entryId: cb.entryId, kind: 'callback' });
  });
  describe('one claim of a batch', () => {
    const claimBatch = async () => (await claimOffers(db(), 16)).map((c) => [c.entryId, c.agentId]);

    it('offers each agent once, the longest idle to the first in line, in routing order', async () => {
      const agents = [await addAgent({ stateSinceSecondsAgo: 30 }), await addAgent({ stateSinceSecondsAgo: 20 })];
      const callers = [await queueCaller('general', { waitedSeconds: 30 }), await queueCaller('general', { waitedSeconds: 20 })];
      await queueCaller('general', { waitedSeconds: 10 });
      expect(await claimBatch()).to.deep.equal([
        [callers[0].entryId, agents[0].id],
        [callers[1].entryId, agents[1].id],
      ]);
      const { rows } = await db().query('SELECT entry_id FROM assignments ORDER BY id');
      expect(
        rows.map((r) => r.entry_id),
        'offers numbered in routing order',
      ).to.deep.equal(callers.map((c) => c.entryId));
    });

    it('a group with widening is asked again for each caller: one further back may have waited long enough', async () => {
      await configureGroup('billing', { widening: [{ after_seconds: 30, min_level: 1 }] }, { billing: 3 });
      const junior = await addAgent({ skills: { billing: 1 } });
      await queueCaller('billing', { priority: 5, waitedSeconds: 5 });
      const patient = await queueCaller('billing', { waitedSeconds: 31 });
      expect(await claimBatch()).to.deep.equal([[patient.entryId, junior.id]]);
    });

    it('a caller’s own back-off from an agent does not pass over the callers behind them', async () => {
      const agent = await addAgent();
      const missed = await queueCaller('general', { waitedSeconds: 30 });
      const next = await queueCaller('general', { waitedSeconds: 20 });
      await db().query(`INSERT INTO agent_entry_backoffs (entry_id, agent_id, until) VALUES ($1, $2, now() + interval '1 minute')`, [
        missed.entryId,
        agent.id,
      ]);
      expect(await claimBatch()).to.deep.equal([[next.entryId, agent.id]]);
    });
  });
});
