import type { Queryable } from '../pool.js';

/** One throttled key and its policy: failures allowed before back-off starts, and its longest wait. */
export interface ThrottleKey {
  key: string;
  freeFailures: number;
  capSeconds: number;
}

/**
 * How long the caller must wait (seconds, rounded up), or 0. `known.key` does not count when its
 * account signed in successfully from `known.address` within `known.days` days.
 */
export async function throttleWait(
  db: Queryable,
  keys: string[],
  known: { key: string; account: string; address: string; days: number },
): Promise<number> {
  const { rows } = await db.query<{ wait: number | null }>(
    `SELECT max(ceil(extract(epoch FROM blocked_until - now())))::int AS wait
     FROM login_throttle
     WHERE key = ANY($1) AND blocked_until > now()
       AND NOT (key = $2 AND EXISTS (SELECT 1 FROM login_known_addresses
                                     WHERE account = $3 AND address = $4 AND last_success_at > now() - make_interval(days => $5)))`,
    [keys, known.key, known.account, known.address, known.days],
  );
  return rows[0]?.wait ?? 0;
}

/**
 * Counts one failure on each key, atomically (the row lock orders concurrent failures). Past its
 * free failures a key waits 1 s, then 2, 4, … up to its cap; failures older than `forgetMinutes`
 * are forgotten. Returns the longest wait now in force.
 */
// The key's failures counting this one (a count idle for `forgetMinutes` starts again).
const COUNT = `(CASE WHEN t.last_failure_at < now() - make_interval(mins => $4) THEN 1 ELSE t.failures + 1 END)`;

export async function recordFailure(db: Queryable, keys: ThrottleKey[], forgetMinutes: number): Promise<number> {
  const { rows } = await db.query<{ wait: number | null }>(
    `WITH counted AS (
       INSERT INTO login_throttle AS t (key, failures, free_failures, cap_seconds, blocked_until, last_failure_at)
       SELECT k, 1, f, c, CASE WHEN f < 1 THEN now() + make_interval(secs => least(c, 1)) END, now()
       FROM unnest($1::text[], $2::int[], $3::int[]) AS p(k, f, c)
       ON CONFLICT (key) DO UPDATE SET
         failures = ${COUNT}, free_failures = excluded.free_failures, cap_seconds = excluded.cap_seconds, last_failure_at = now(),
         blocked_until = CASE WHEN ${COUNT} > excluded.free_failures
                              THEN now() + make_interval(secs => least(excluded.cap_seconds, 2 ^ least(${COUNT} - excluded.free_failures - 1, 30)))
                         END
       RETURNING blocked_until)
     SELECT max(ceil(extract(epoch FROM blocked_until - now())))::int AS wait FROM counted WHERE blocked_until > now()`,
    [keys.map((k) => k.key), keys.map((k) => k.freeFailures), keys.map((k) => k.capSeconds), forgetMinutes],
  );
  return rows[0]?.wait ?? 0;
}

/**
 * A successful sign-in: clears these keys, remembers the address for the account, and drops
 * entries too old to matter (so a spray of made-up usernames does not accumulate rows).
 */
export async function recordSuccess(
  db: Queryable,
  keys: string[],
  account: string,
  address: string,
  o: { forgetMinutes: number; knownDays: number },
): Promise<void> {
  await db.query(
    `WITH cleared AS (DELETE FROM login_throttle WHERE key = ANY($1) OR last_failure_at < now() - make_interval(mins => $4)),
          stale AS (DELETE FROM login_known_addresses WHERE last_success_at < now() - make_interval(days => $5))
     INSERT INTO login_known_addresses (account, address, last_success_at) VALUES ($2, $3, now())
     ON CONFLICT (account, address) DO UPDATE SET last_success_at = now()`,
    [keys, account, address, o.forgetMinutes, o.knownDays],
  );
}
