import type { Queryable } from '../../db/pool.js';

// A blind transfer, one SQL function of migration 028 (declared in transitions.ts).

/** Where an agent sends the caller they are talking to: another skill group's queue, or a number. */
export type TransferTarget = { group: string } | { number: string };

/**
 * The agent's part of the call is over and the caller goes on: to a group, whose queue they join
 * with the time they first queued (their entry here ends as moved on); or to a number (their entry
 * is completed). The offer ends completed, saying where the caller went, and the agent wraps up.
 * False when the offer is no longer connected (a late or repeated transfer changes nothing).
 */
export async function transferCall(db: Queryable, offerId: number, to: TransferTarget): Promise<boolean> {
  const { rows } = await db.query<{ done: boolean }>({
    name: 'transfer-call',
    text: 'SELECT transfer_call($1, $2, $3) AS done',
    values: [offerId, 'group' in to ? to.group : null, 'number' in to ? to.number : null],
  });
  return rows[0].done;
}
