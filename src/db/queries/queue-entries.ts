import type { Queryable } from '../pool.js';

import type { Overflow } from '../../flows/call-types.js';

export type { Overflow };

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
  /** Absent when there is no basis for one: the group has no handle-time history and no default is set. */
  etaSeconds: number | null;
  /** An agent is being rung for this caller (the entry is offered). */
  agentRinging: boolean;
  /** Agents who could take the caller and are free right now. */
  freeAgents: number;
  waitedSeconds: number;
  maxWaitSeconds: number;
  announceEverySeconds: number;
  overflow: Overflow;
}

/**
 * Where the caller stands: position among those waiting in the group (higher priority first,
 * then longest waiting) and an estimate from the group's last `handle.averaged` handle times
 * (`handle.defaultSeconds` before it has any; with none set, no estimate) and its agents: 0 while
 * an agent is being rung for the caller (routing may reserve one before the first hold request asks).
 */
export async function standingInQueue(
  db: Queryable,
  callSid: string,
  handle: { averaged: number; defaultSeconds?: number },
): Promise<QueueStanding | undefined> {
  const { rows } = await db.query<QueueStanding>({
    name: 'queue-standing',
    text: `WITH me AS (
        SELECT q.id, q.group_name, q.priority, q.first_entered_at, q.entered_at, q.state FROM queue_entries q
        WHERE q.call_sid = $1 AND q.state IN ('waiting', 'offered')),
      handle AS (
        SELECT avg(extract(epoch FROM coalesce(a.wrap_up_until, a.ended_at) - a.answered_at)) AS seconds
        FROM (SELECT a.* FROM assignments a JOIN queue_entries q ON q.id = a.entry_id, me
              WHERE a.outcome = 'completed' AND a.answered_at IS NOT NULL AND q.group_name = me.group_name
              ORDER BY a.ended_at DESC LIMIT $2) a),
      working AS (
        -- Free: available, and not kept from this caller by a miss back-off (they would not be rung for them now).
        SELECT count(*) AS n, count(*) FILTER (WHERE a.state = 'available' AND NOT EXISTS (
            SELECT 1 FROM agent_entry_backoffs b WHERE b.agent_id = a.id AND b.entry_id = me.id AND b.until > now())) AS free
        -- Who fits the group, read through agent_group_fit's index (agent_fits_group(a, g, 5) is
        -- max_cap >= 5 there): the function called once per agent took 47 ms a request at 5,500 agents.
        FROM me JOIN agent_group_fit f ON f.group_name = me.group_name AND f.max_cap >= 5
        JOIN agents a ON a.id = f.agent_id
        WHERE a.state IN ('available', 'reserved', 'on-call', 'wrap-up')),
      -- A caller whose agent is ringing is still ahead: should the agent miss, they keep their place,
      -- and those behind are not told their position went backwards.
      -- For the estimate, though, an agent is already theirs: only those not yet offered wait for one.
      ahead AS (
        SELECT count(*) AS n, count(*) FILTER (WHERE o.state <> 'offered') AS unserved FROM queue_entries o, me WHERE o.group_name = me.group_name AND o.state IN ('waiting', 'offered', 'callback')
          AND o.id <> me.id AND (o.priority > me.priority OR (o.priority = me.priority AND o.first_entered_at < me.first_entered_at)))
      SELECT me.id AS "entryId", me.group_name AS "group", (1 + (SELECT n FROM ahead))::int AS position,
        -- Callers ahead that free agents cannot take at once, each a handle time spread over the agents
        -- (NULL, i.e. no estimate, when that needs a handle time and there is none); none when an agent
        -- is already ringing for this caller (the wait left is the ring).
        CASE WHEN me.state = 'offered' OR 1 + (SELECT unserved FROM ahead) <= (SELECT free FROM working) THEN 0
          ELSE ceil((1 + (SELECT unserved FROM ahead) - (SELECT free FROM working))
             * coalesce((SELECT seconds FROM handle), $3::float8) / greatest((SELECT n FROM working), 1))::int END AS "etaSeconds",
        me.state = 'offered' AS "agentRinging", (SELECT free FROM working)::int AS "freeAgents",
        extract(epoch FROM now() - me.entered_at)::int AS "waitedSeconds",
        g.max_wait_seconds AS "maxWaitSeconds", g.announce_every_seconds AS "announceEverySeconds", g.overflow
      FROM me JOIN skill_groups g ON g.name = me.group_name`,
    values: [callSid, handle.averaged, handle.defaultSeconds ?? null],
  });
  return rows[0];
}
