import type { Queryable } from '../pool.js';
import { RELEASE_AGENT_SQL } from './assignments.js';

import type { Overflow } from '../../flows/call-types.js';

export type { Overflow };

/**
 * Puts the call in `group`'s queue. A call already queued (sent back after an agent missed it, or
 * moved to another group on overflow) keeps its original place: `first_entered_at` carries over.
 */
export async function openQueueEntry(
  db: Queryable,
  e: { callSid: string; group: string; priority: number; language: string; step: string },
): Promise<{ entryId: number; requeued: boolean }> {
  const { rows } = await db.query<{ entryId: number; requeued: boolean }>({
    name: 'open-queue-entry',
    text: `WITH previous AS (
        SELECT id, group_name, first_entered_at FROM queue_entries
        WHERE call_sid = $1 AND state IN ('waiting', 'offered', 'connected', 'callback') FOR UPDATE),
      same AS (
        UPDATE queue_entries q SET state = 'waiting', state_since = now(), entered_at = now(), step = $5
        FROM previous p WHERE q.id = p.id AND p.group_name = $2 RETURNING q.id),
      moved AS (
        UPDATE queue_entries q SET state = 'overflowed', state_since = now(), ended_at = now()
        FROM previous p WHERE q.id = p.id AND p.group_name <> $2 RETURNING p.first_entered_at),
      created AS (
        INSERT INTO queue_entries (call_sid, group_name, priority, language, step, first_entered_at)
        SELECT $1, $2, $3, $4, $5, coalesce((SELECT first_entered_at FROM moved), now())
        WHERE NOT EXISTS (SELECT 1 FROM same) RETURNING id)
      SELECT coalesce((SELECT id FROM same), (SELECT id FROM created)) AS "entryId",
             EXISTS (SELECT 1 FROM previous) AS requeued`,
    values: [e.callSid, e.group, e.priority, e.language, e.step],
  });
  return rows[0];
}

/** Whether anyone who could take `group`'s calls, at its widest, is logged in; and its overflow. */
export async function groupStaffing(db: Queryable, group: string): Promise<{ staffed: boolean; overflow: Overflow } | undefined> {
  const { rows } = await db.query({
    name: 'group-staffing',
    text: `SELECT g.overflow,
        EXISTS (SELECT 1 FROM agents a WHERE a.state <> 'offline' AND agent_eligible(a.id, g, 'Infinity'::float8)) AS staffed
      FROM skill_groups g WHERE g.name = $1`,
    values: [group],
  });
  return rows[0];
}

export interface QueueStanding {
  entryId: number;
  group: string;
  position: number;
  etaSeconds: number;
  waitedSeconds: number;
  maxWaitSeconds: number;
  announceEverySeconds: number;
  overflow: Overflow;
}

/**
 * Where the caller stands: position among those waiting in the group (higher priority first,
 * then longest waiting) and an estimate from the group's recent handle times and its agents.
 */
export async function queueStanding(db: Queryable, callSid: string): Promise<QueueStanding | undefined> {
  const { rows } = await db.query<QueueStanding>({
    name: 'queue-standing',
    text: `WITH me AS (
        SELECT q.id, q.group_name, q.priority, q.first_entered_at, q.entered_at FROM queue_entries q
        WHERE q.call_sid = $1 AND q.state IN ('waiting', 'offered')),
      handle AS (
        SELECT avg(extract(epoch FROM coalesce(a.wrap_up_until, a.ended_at) - a.answered_at)) AS seconds
        FROM (SELECT a.* FROM assignments a JOIN queue_entries q ON q.id = a.entry_id, me
              WHERE a.outcome = 'completed' AND a.answered_at IS NOT NULL AND q.group_name = me.group_name
              ORDER BY a.ended_at DESC LIMIT 50) a),
      working AS (
        SELECT count(*) AS n, count(*) FILTER (WHERE a.state = 'available') AS free FROM agents a, skill_groups g, me
        WHERE g.name = me.group_name AND a.state IN ('available', 'reserved', 'on-call', 'wrap-up')
          AND agent_fits_group(a.id, g.name, 5)),
      ahead AS (
        SELECT count(*) AS n FROM queue_entries o, me WHERE o.group_name = me.group_name AND o.state IN ('waiting', 'callback')
          AND o.id <> me.id AND (o.priority > me.priority OR (o.priority = me.priority AND o.first_entered_at < me.first_entered_at)))
      SELECT me.id AS "entryId", me.group_name AS "group", (1 + (SELECT n FROM ahead))::int AS position,
        -- Callers ahead that free agents cannot take at once, each a handle time spread over the agents.
        ceil(greatest(0, 1 + (SELECT n FROM ahead) - (SELECT free FROM working))
             * coalesce((SELECT seconds FROM handle), 180) / greatest((SELECT n FROM working), 1))::int AS "etaSeconds",
        extract(epoch FROM now() - me.entered_at)::int AS "waitedSeconds",
        g.max_wait_seconds AS "maxWaitSeconds", g.announce_every_seconds AS "announceEverySeconds", g.overflow
      FROM me JOIN skill_groups g ON g.name = me.group_name`,
    values: [callSid],
  });
  return rows[0];
}

/**
 * The caller leaves the queue: for a callback the entry keeps its place and waits for an agent;
 * otherwise it is closed. An agent already ringing for it is released (not counted as a miss).
 */
export async function leaveQueue(db: Queryable, callSid: string, how: { callbackNumber: string } | { state: 'left' | 'overflowed' | 'abandoned' }): Promise<void> {
  const callback = 'callbackNumber' in how;
  await db.query({
    name: 'leave-queue',
    text: `WITH entry AS (
        UPDATE queue_entries SET state = $2, state_since = now(), callback_number = coalesce($3, callback_number),
          ended_at = CASE WHEN $2 = 'callback' THEN NULL ELSE now() END
        WHERE call_sid = $1 AND state IN ('waiting', 'offered', 'connected') RETURNING id),
      cancelled AS (
        UPDATE assignments SET state = 'ended', outcome = 'cancelled', ended_at = now()
        WHERE entry_id IN (SELECT id FROM entry) AND state = 'ringing' RETURNING agent_id)
      UPDATE agents SET ${RELEASE_AGENT_SQL} WHERE id IN (SELECT agent_id FROM cancelled)`,
    values: [callSid, callback ? 'callback' : how.state, callback ? how.callbackNumber : null],
  });
}
