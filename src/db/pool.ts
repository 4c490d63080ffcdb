import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that runs a query: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;

// Return bigint counts and ids as numbers: every value we keep fits in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function createPool(url: string, opts: { schema?: string; max?: number; applicationName?: string; pipeline?: boolean } = {}): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 20,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    application_name: opts.applicationName ?? 'switchboard',
    // Pipelining sends a query without waiting for the previous one's answer (see inPipelinedTransaction).
    pipeline: opts.pipeline ?? false,
    // A test run works in its own schema; search_path sends every query there.
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // A dropped connection must not crash the process, idle (the pool's 'error') or checked out
  // (the client's own 'error', emitted besides the failed query): the next query gets a fresh one.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** Runs `fn` in one transaction on one connection; rolls back on any error. */
export function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  return inPipelinedTransaction(
    pool,
    async () => undefined,
    (client) => fn(client),
  );
}

/**
 * A transaction whose BEGIN travels with its first statement and whose COMMIT travels with its
 * last write. On a pipelined pool (node-postgres' own `pipeline: true`) each pair is sent without
 * waiting for the first answer, so a lock–step–save transaction costs two round trips instead of
 * four; on a plain pool the statements go one after the other, as pg requires there.
 * `first` runs right behind BEGIN; `rest` gets its result and may name its final write with
 * `last`, which runs after `rest` returns, right before COMMIT. `first` and `last` must each be
 * one statement: on a pipelined connection a second one would queue behind COMMIT.
 * Rolls back on any error.
 */
export async function inPipelinedTransaction<F, T>(
  pool: Pool,
  first: (client: PoolClient) => Promise<F>,
  rest: (client: PoolClient, head: F, last: (write: () => Promise<unknown>) => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let failure: Error | undefined;
  let finalWrite: (() => Promise<unknown>) | undefined;
  try {
    // Answers come back in order: by the time `first` has its rows, BEGIN has succeeded.
    const head = await both(
      client,
      () => client.query('BEGIN'),
      () => first(client),
    );
    const result = await rest(client, head, (write) => (finalWrite = write));
    // Should the final write fail, this COMMIT ends the aborted transaction as a rollback.
    await both(
      client,
      async () => finalWrite?.(),
      () => client.query('COMMIT'),
    );
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    failure = err as Error;
    throw err;
  } finally {
    // A connection that broke (no SQLSTATE, or the server shutting it) is discarded, not reused.
    const code = (failure as { code?: string } | undefined)?.code;
    client.release(failure && (!code || code.startsWith('08') || code.startsWith('57P')) ? failure : undefined);
  }
}

/**
 * Runs two statements in order and gives the second one's result. A pipelined client sends the
 * second before the first is answered, both in one write: pg writes each query as it is issued,
 * and a socket write is a system call that cost about as much as the rest of pg's work on a
 * webhook (bench CPU profile); the stream is corked while both are issued, so they leave in one.
 * A plain client waits (queueing a query behind a running one is deprecated in pg 8 and goes away
 * in pg 9).
 */
async function both<T>(client: PoolClient, one: () => Promise<unknown>, two: () => Promise<T>): Promise<T> {
  if (!client.pipeline) {
    await one();
    return two();
  }
  const { stream } = client.connection;
  stream.cork();
  let sent: [Promise<unknown>, Promise<T>];
  try {
    sent = [one(), two()];
  } finally {
    stream.uncork();
  }
  const [, result] = await Promise.all(sent);
  return result;
}
