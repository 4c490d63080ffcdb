import type { Queryable } from '../pool.js';

export interface DashboardSnapshot {
  at: Date;
  queues: { group: string; waiting: number; callbacks: number; longestWaitSeconds: number; offeredToday: number; answeredToday: number; answeredInThresholdToday: number; abandonedToday: number; serviceLevelToday: number | null; thresholdSeconds: number }[];
  agents: { id: number; name: string; state: string; stateSince: Date; stateReason: string | null; pendingState: string | null; skills: Record<string, number>; call: { group: string; caller: string } | null }[];
  callsInProgress: number;
}

/**
 * Everything the supervisors' dashboard shows live, in one round trip. "Today" starts at midnight
 * in the centre's time zone; service level = answered within the group's threshold ÷ offered.
 */
export async function dashboardSnapshot(db: Queryable, timezone: string): Promise<DashboardSnapshot> {
  const { rows } = await db.query(
    `WITH today AS (SELECT (date_trunc('day', now() AT TIME ZONE $1) AT TIME ZONE $1) AS start),
     queues AS (
       SELECT g.name AS "group", g.service_level_seconds AS "thresholdSeconds",
         count(*) FILTER (WHERE q.state = 'waiting')::int AS waiting,
         count(*) FILTER (WHERE q.state = 'callback')::int AS callbacks,
         coalesce(floor(extract(epoch FROM now() - min(q.first_entered_at) FILTER (WHERE q.state IN ('waiting', 'offered')))), 0)::int AS "longestWaitSeconds",
         count(*) FILTER (WHERE q.created_at >= t.start)::int AS "offeredToday",
         count(*) FILTER (WHERE q.created_at >= t.start AND a.answered_at IS NOT NULL)::int AS "answeredToday",
         count(*) FILTER (WHERE q.created_at >= t.start AND a.answered_at <= q.created_at + make_interval(secs => g.service_level_seconds))::int AS "answeredInThresholdToday",
         count(*) FILTER (WHERE q.created_at >= t.start AND q.state = 'abandoned')::int AS "abandonedToday"
       FROM skill_groups g CROSS JOIN today t
       LEFT JOIN queue_entries q ON q.group_name = g.name AND (q.created_at >= t.start OR q.state IN ('waiting', 'offered', 'callback'))
       LEFT JOIN LATERAL (SELECT min(x.answered_at) AS answered_at FROM assignments x WHERE x.entry_id = q.id AND x.kind = 'inbound') a ON true
       GROUP BY g.name, g.service_level_seconds ORDER BY g.name),
     people AS (
       SELECT ag.id, ag.name, ag.state, ag.state_since AS "stateSince", ag.state_reason AS "stateReason", ag.pending_state AS "pendingState",
         coalesce((SELECT jsonb_object_agg(s.skill, s.level) FROM agent_skills s WHERE s.agent_id = ag.id), '{}') AS skills,
         (SELECT json_build_object('group', q.group_name, 'caller', coalesce(q.callback_number, c.from_number))
          FROM assignments x JOIN queue_entries q ON q.id = x.entry_id JOIN calls c ON c.call_sid = q.call_sid
          WHERE x.agent_id = ag.id AND x.state IN ('ringing', 'connected') LIMIT 1) AS call
       FROM agents ag ORDER BY ag.name, ag.id)
     SELECT now() AS at,
       coalesce((SELECT json_agg(queues) FROM queues), '[]') AS queues,
       coalesce((SELECT json_agg(people) FROM people), '[]') AS agents,
       (SELECT count(*) FROM calls WHERE ended_at IS NULL AND started_at > now() - interval '4 hours')::int AS "callsInProgress"`,
    [timezone],
  );
  const r = rows[0];
  return {
    at: r.at,
    queues: r.queues.map((q: DashboardSnapshot['queues'][number]) => ({ ...q, serviceLevelToday: q.offeredToday ? q.answeredInThresholdToday / q.offeredToday : null })),
    agents: r.agents,
    callsInProgress: r.callsInProgress,
  };
}
