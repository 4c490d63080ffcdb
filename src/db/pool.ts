import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that runs a query: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;

// Return bigint counts and ids as numbers: every value we keep fits in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function createPool(url: string, opts: { schema?: string; max?: number; applicationName?: string } = {}): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 20,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    application_name: opts.applicationName ?? 'switchboard',
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
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
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
