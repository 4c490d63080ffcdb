import { testDatabase } from './database.js';

/**
 * Until a server connection waits on a row lock the test holds: PostgreSQL reports it, so the
 * webhook is known to be in flight (no sleep).
 */
export async function untilBlockedOnLock(): Promise<void> {
  const { pool } = testDatabase();
  for (;;) {
    const { rows } = await pool.query(
      `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name = 'switchboard' AND datname = current_database()`,
    );
    if (rows.length) return;
  }
}
