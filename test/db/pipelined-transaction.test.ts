import { expect } from 'chai';
import { createPool, inPipelinedTransaction, type Pool } from '../../src/db/pool.js';
import { testDatabase } from '../support/database.js';

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

// The webhook transaction (lock, step, save) on a pipelined pool: BEGIN goes with the first
// statement, COMMIT with the last write. Its failure cases must behave like a plain transaction.
describe('inPipelinedTransaction', () => {
  for (const pipeline of [true, false]) {
    describe(pipeline ? 'on a pipelined pool' : 'on a plain pool', () => {
      let pool: Pool;
      before(async () => {
        const db = testDatabase();
        pool = createPool(db.url, { schema: db.schema, max: 2, pipeline });
        await pool.query('CREATE TABLE IF NOT EXISTS pipeline_probe (id int PRIMARY KEY, note text)');
      });
      beforeEach(() => pool.query('TRUNCATE pipeline_probe'));
      after(async () => {
        await pool.query('DROP TABLE pipeline_probe');
        await pool.end();
      });

      const notes = async () => (await pool.query('SELECT id, note FROM pipeline_probe ORDER BY id')).rows;

      it('commits the first statement, the statements between and the last write together', async () => {
        const result = await inPipelinedTransaction(
          pool,
          (tx) => tx.query(`INSERT INTO pipeline_probe VALUES (1, 'first') RETURNING id`),
          async (tx, head, last) => {
            expect(head.rows).to.deep.equal([{ id: 1 }]);
            await tx.query(`INSERT INTO pipeline_probe VALUES (2, 'between')`);
            last(() => tx.query(`INSERT INTO pipeline_probe VALUES (3, 'last')`));
            return 'done';
          },
        );
        expect(result).to.equal('done');
        expect(await notes()).to.deep.equal([
          { id: 1, note: 'first' },
          { id: 2, note: 'between' },
          { id: 3, note: 'last' },
        ]);
      });

      it('holds the row lock taken by the first statement until COMMIT', async () => {
        await pool.query(`INSERT INTO pipeline_probe VALUES (1, 'start')`);
        const order: string[] = [];
        let locked!: () => void;
        const lockTaken = new Promise<void>((r) => (locked = r));
        const holder = inPipelinedTransaction(
          pool,
          (tx) => tx.query('SELECT * FROM pipeline_probe WHERE id = 1 FOR UPDATE'),
          async (tx, _head, last) => {
            locked();
            await new Promise((r) => setTimeout(r, 150));
            order.push('holder saves');
            last(() => tx.query(`UPDATE pipeline_probe SET note = note || ' holder' WHERE id = 1`));
          },
        );
        await lockTaken;
        const waiter = pool.query(`UPDATE pipeline_probe SET note = note || ' waiter' WHERE id = 1`).then(() => order.push('waiter saves'));
        await Promise.all([holder, waiter]);
        expect(order).to.deep.equal(['holder saves', 'waiter saves']);
        expect(await notes()).to.deep.equal([{ id: 1, note: 'start holder waiter' }]);
      });

      it('rolls everything back when the last write fails, and the connection is fine afterwards', async () => {
        const attempt = inPipelinedTransaction(
          pool,
          (tx) => tx.query(`INSERT INTO pipeline_probe VALUES (1, 'first')`),
          async (tx, _head, last) => {
            await tx.query(`INSERT INTO pipeline_probe VALUES (2, 'between')`);
            last(() => tx.query(`INSERT INTO pipeline_probe VALUES (1, 'duplicate key')`));
          },
        );
        expect((await rejection(attempt)).message).to.match(/duplicate key/);
        expect(await notes()).to.deep.equal([]);
        // Both connections of the pool still work, outside any transaction.
        await Promise.all([pool.query(`INSERT INTO pipeline_probe VALUES (5, 'after')`), pool.query('SELECT 1')]);
        expect(await notes()).to.deep.equal([{ id: 5, note: 'after' }]);
      });

      it('rolls back and never sends the last write when the work between fails', async () => {
        let lastRan = false;
        const attempt = inPipelinedTransaction(
          pool,
          (tx) => tx.query(`INSERT INTO pipeline_probe VALUES (1, 'first')`),
          async (tx, _head, last) => {
            last(async () => {
              lastRan = true;
              return tx.query(`INSERT INTO pipeline_probe VALUES (3, 'last')`);
            });
            throw new Error('the step failed');
          },
        );
        expect((await rejection(attempt)).message).to.equal('the step failed');
        expect(lastRan).to.equal(false);
        expect(await notes()).to.deep.equal([]);
      });

      if (pipeline)
        it('sends BEGIN with the first statement, and the last write with COMMIT, in one socket write each', async () => {
          const client = await pool.connect();
          client.release();
          // The pool hands out this idle client again: count what it writes to its socket from now on.
          const stream = client.connection.stream as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
          let writes = 0;
          for (const method of ['_write', '_writev'] as const) {
            const original = stream[method];
            stream[method] = function (this: unknown, ...args: unknown[]) {
              writes++;
              return original.apply(this, args);
            };
          }
          let between = -1;
          await inPipelinedTransaction(
            pool,
            (tx) => tx.query(`INSERT INTO pipeline_probe VALUES (1, 'first')`),
            async (tx, _head, last) => {
              between = writes;
              last(() => tx.query(`INSERT INTO pipeline_probe VALUES (3, 'last')`));
            },
          );
          expect({ between, after: writes }).to.deep.equal({ between: 1, after: 2 });
          expect(await notes()).to.have.length(2);
        });

      it('rolls back when the first statement fails', async () => {
        const attempt = inPipelinedTransaction(
          pool,
          (tx) => tx.query('SELECT * FROM no_such_table'),
          async () => 'unreached',
        );
        expect((await rejection(attempt)).message).to.match(/no_such_table/);
        expect((await pool.query('SELECT 1 AS ok')).rows).to.deep.equal([{ ok: 1 }]);
      });
    });
  }
});
