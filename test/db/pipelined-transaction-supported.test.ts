import { expect } from 'chai';
import { createPool, inPipelinedTransaction, type Pool, type PoolClient } from '../../src/db/pool.js';
import { testDatabase } from '../support/database.js';

/**
 * node-postgres 8 deprecates (and pg 9 refuses) sending a query on a plain client while another
 * is still running; only a client made with `pipeline: true` may have several outstanding. These
 * tests count the queries each connection has outstanding at once.
 */
function countOutstanding(pool: Pool): { most: () => number } {
  let most = 0;
  const seen = new WeakSet<PoolClient>();
  pool.on('acquire', (client) => {
    if (seen.has(client)) return;
    seen.add(client);
    let outstanding = 0;
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
      outstanding++;
      most = Math.max(most, outstanding);
      return query(...args).finally(() => outstanding--);
    };
  });
  return { most: () => most };
}

async function lockStepSave(pool: Pool): Promise<void> {
  await inPipelinedTransaction(
    pool,
    (tx) => tx.query('SELECT id FROM pipeline_supported WHERE id = 1 FOR UPDATE'),
    async (tx, head, last) => {
      expect(head.rows).to.deep.equal([{ id: 1 }]);
      await tx.query('SELECT 1');
      last(() => tx.query(`UPDATE pipeline_supported SET note = note || '+' WHERE id = 1`));
    },
  );
}

describe('inPipelinedTransaction uses only what node-postgres supports', () => {
  let setup: Pool;
  before(async () => {
    const db = testDatabase();
    setup = createPool(db.url, { schema: db.schema, max: 1 });
    await setup.query('CREATE TABLE IF NOT EXISTS pipeline_supported (id int PRIMARY KEY, note text)');
    await setup.query(`INSERT INTO pipeline_supported VALUES (1, '') ON CONFLICT DO NOTHING`);
  });
  after(async () => {
    await setup.query('DROP TABLE pipeline_supported');
    await setup.end();
  });

  const poolOf = (pipeline: boolean) => {
    const db = testDatabase();
    return createPool(db.url, { schema: db.schema, max: 1, pipeline });
  };

  it('on a plain pool, never sends a statement before the previous one is answered', async () => {
    const pool = poolOf(false);
    const outstanding = countOutstanding(pool);
    try {
      await lockStepSave(pool);
      expect(outstanding.most()).to.equal(1);
    } finally {
      await pool.end();
    }
  });

  it('on a pipelined pool, still sends BEGIN with the lock and COMMIT with the save (the fast path)', async () => {
    const pool = poolOf(true);
    const outstanding = countOutstanding(pool);
    try {
      await lockStepSave(pool);
      expect(outstanding.most()).to.equal(2);
    } finally {
      await pool.end();
    }
  });

  it('commits on both kinds of pool', async () => {
    await setup.query(`UPDATE pipeline_supported SET note = '' WHERE id = 1`);
    for (const pipeline of [false, true]) {
      const pool = poolOf(pipeline);
      await lockStepSave(pool).finally(() => pool.end());
    }
    expect((await setup.query('SELECT note FROM pipeline_supported WHERE id = 1')).rows).to.deep.equal([{ note: '++' }]);
  });
});
