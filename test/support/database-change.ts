import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { testDatabase } from './database.js';

/** How long a check may keep failing before its own message is reported (before mocha's time-out would hide it). */
const GIVE_UP_MS = 15_000;

/**
 * Resolves once `check` passes, running it again after each change the database announces
 * (triggers NOTIFY `switchboard_live` on every write to agents, queue entries and assignments):
 * the test waits for the event instead of polling. Work that runs on a timer (a wrap-up ending)
 * announces itself the same way when it commits.
 */
export async function whenDatabaseShows<T>(check: () => Promise<T>): Promise<T> {
  const listener = new pg.Client({ connectionString: testDatabase().url });
  await listener.connect();
  let wake = () => {};
  listener.on('notification', () => wake());
  try {
    await listener.query('LISTEN switchboard_live');
    const giveUpAt = Date.now() + GIVE_UP_MS;
    for (;;) {
      // Listen first, then look: a change while the check runs still wakes the next round.
      const changed = new Promise<void>((resolve) => (wake = resolve));
      try {
        return await check();
      } catch (err) {
        if (Date.now() >= giveUpAt) throw err;
      }
      const guard = new AbortController();
      await Promise.race([changed, delay(giveUpAt - Date.now(), undefined, { signal: guard.signal }).catch(() => {})]);
      guard.abort();
    }
  } finally {
    await listener.end().catch(() => {});
  }
}
