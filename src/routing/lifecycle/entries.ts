import type { Queryable } from '../../db/pool.js';
import { standingInQueue, type QueueStanding } from '../../db/queries/queue-entries.js';
import { routingPolicy } from './policy.js';

// The operations on a caller's queue entry, each one SQL function of migration 013 (declared in transitions.ts).

/**
 * Puts the call in `group`'s queue. A call already queued (sent back after an agent missed it, or
 * moved to another group on overflow) keeps its original place: `first_entered_at` carries over.
 */
export async function enqueueCaller(
  db: Queryable,
  e: { callSid: string; group: string; priority: number; language: string; step: string },
): Promise<{ entryId: number; requeued: boolean }> {
  const { rows } = await db.query<{ entryId: number; requeued: boolean }>({
    name: 'enqueue-caller',
    text: 'SELECT entry_id AS "entryId", requeued FROM enqueue_caller($1, $2, $3, $4, $5)',
    values: [e.callSid, e.group, e.priority, e.language, e.step],
  });
  return rows[0];
}

/**
 * The caller leaves the queue: for a callback the entry keeps its place and waits for an agent;
 * otherwise it is closed. An agent already ringing for it is released (not counted as a miss).
 */
export async function leaveQueue(
  db: Queryable,
  callSid: string,
  how: { callbackNumber: string } | { state: 'left' | 'overflowed' | 'abandoned' },
): Promise<void> {
  const callback = 'callbackNumber' in how;
  await db.query({
    name: 'leave-queue',
    text: 'SELECT leave_queue($1, $2, $3)',
    values: [callSid, callback ? 'callback' : how.state, callback ? how.callbackNumber : null],
  });
}

/**
 * The caller's call is over (status callback): an agent ringing for them is released without a
 * miss, a call in progress with an agent is completed (wrap-up), and a waiting entry is abandoned.
 * Callback entries stay: hanging up is how a caller waits for their callback.
 */
export async function callerGone(db: Queryable, callSid: string): Promise<void> {
  await db.query({ name: 'caller-gone', text: 'SELECT caller_gone($1)', values: [callSid] });
}

/** Where the caller stands in their queue, with a wait estimated from the policy's handle times. */
export function queueStanding(db: Queryable, callSid: string): Promise<QueueStanding | undefined> {
  const p = routingPolicy();
  return standingInQueue(db, callSid, { averaged: p.handleTimesAveraged, defaultSeconds: p.defaultHandleSeconds });
}
