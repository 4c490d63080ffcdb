import type { Queryable } from '../../src/db/pool.js';
import { claimOffers, type Claim } from '../../src/routing/lifecycle/index.js';
import { testDatabase } from './database.js';
import { sid } from './signed-post.js';

let n = 1000;

/** A caller waiting in a group, inserted directly (for tests of the routing rules themselves). */
export async function queueCaller(
  group: string,
  opts: { from?: string; priority?: number; waitedSeconds?: number; state?: string; callbackNumber?: string } = {},
): Promise<{ callSid: string; entryId: number }> {
  const db = testDatabase().pool;
  const callSid = sid(++n);
  await db.query(
    `INSERT INTO flow_versions (hash, flow_id, definition, sources) VALUES ('test', 'test', '{}', '{}') ON CONFLICT DO NOTHING`,
  );
  await db.query(
    `INSERT INTO calls (call_sid, account_sid, flow_id, flow_hash, from_number, to_number, state, context, seq)
     VALUES ($1, 'AC', 'test', 'test', $2, '+18005550100', 'x', '{}', 1)`,
    [callSid, opts.from ?? '+15550001234'],
  );
  const { rows } = await db.query(
    `INSERT INTO queue_entries (call_sid, group_name, priority, step, first_entered_at, state, callback_number)
     VALUES ($1, $2, $3, 'x', now() - make_interval(secs => $4), $5, $6) RETURNING id`,
    [callSid, group, opts.priority ?? 0, opts.waitedSeconds ?? 0, opts.state ?? 'waiting', opts.callbackNumber ?? null],
  );
  return { callSid, entryId: rows[0].id };
}

/** Claims the next match, or nothing (a router's claim with a batch of one). */
export async function claimNext(db: Queryable): Promise<Claim | undefined> {
  return (await claimOffers(db, 1))[0];
}
