import { expect } from 'chai';
import { claimOffers } from '../../src/routing/lifecycle/index.js';
import { addAgent } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { queueCaller } from '../support/queue.js';

/** Two routers claiming at the same moment still offer callers in routing order. */
describe('claims across routers', () => {
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;

  /** Resolves once some claim waits for another's turn (asked of pg_locks until then, or until `stop`). */
  async function aClaimWaits(stop: { done: boolean }): Promise<'waiting'> {
    while (!stop.done) {
      const { rows } = await db().query(
        `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      if (rows.length) return 'waiting';
    }
    return new Promise(() => {});
  }

  it('a claim waits for another router’s claim instead of skipping the callers it looked at', async () => {
    await addAgent();
    const first = await queueCaller('general', { waitedSeconds: 30 });
    const second = await queueCaller('general', { waitedSeconds: 20 });
    await queueCaller('general', { waitedSeconds: 10 });
    const routerA = await db().connect();
    try {
      // Router A's claim matches the first caller with the only agent, walks on past the others
      // (nobody left for them) and has not committed yet.
      await routerA.query('BEGIN');
      expect((await claimOffers(routerA, 16)).map((c) => c.entryId)).to.deep.equal([first.entryId]);
      // Meanwhile a caller arrives and a second agent becomes free; router B claims.
      const latest = await queueCaller('general', { waitedSeconds: 0 });
      await addAgent();
      const claimByB = claimOffers(db(), 16);
      const stop = { done: false };
      // Either B finishes while A is open (having skipped A's callers), or it waits for A's turn.
      const early = await Promise.race([claimByB.then((claims) => claims.map((c) => c.entryId)), aClaimWaits(stop)]);
      stop.done = true;
      expect(early, `router B did not wait: it offered the caller who came last (${latest.entryId})`).to.equal('waiting');
      await routerA.query('COMMIT');
      expect((await claimByB).map((c) => c.entryId)).to.deep.equal([second.entryId]);
    } finally {
      routerA.release();
    }
  });
});
