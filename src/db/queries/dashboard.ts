import { DEFAULT_SHORT_ABANDON_SECONDS, type ServiceLevelFormula } from '../../config.js';
import { judgeTargets, type KpiStatuses, type KpiTargets } from '../../reports/target-status.js';
import type { Queryable } from '../pool.js';
import type { AgentState } from '../../routing/lifecycle/states.js';
import type { AgentPresence } from './agents.js';

/**
 * How many agents' rows a snapshot carries. Every change rebuilds the snapshot and sends it to every
 * open dashboard: at 5,500 agents the full list was 1.3 MB of JSON per change and most of the build.
 */
export const DASHBOARD_AGENT_ROWS = 100;

/** An agent's row on the dashboard. */
export interface DashboardAgent extends AgentPresence {
  skills: Record<string, number>;
  call: { group: string; caller: string } | null;
  /** Who made the last change of state (null: Switchboard itself) and who asked for the pending one. */
  stateChangedBy: string | null;
  pendingBy: string | null;
}

/** One agent's row (`ag`: a row of agents); its subqueries run once per row shown, never for every agent. */
const AGENT_ROW_SELECT = `SELECT ag.id, ag.name, ag.state, ag.state_since AS "stateSince", ag.state_reason AS "stateReason",
         ag.pending_state AS "pendingState", ag.pending_by AS "pendingBy",
         (SELECT h.changed_by FROM agent_state_changes h WHERE h.agent_id = ag.id ORDER BY h.at DESC, h.id DESC LIMIT 1) AS "stateChangedBy",
         coalesce((SELECT jsonb_object_agg(s.skill, s.level) FROM agent_skills s WHERE s.agent_id = ag.id), '{}') AS skills,
         (SELECT json_build_object('group', q.group_name, 'caller', coalesce(q.callback_number, c.from_number))
          FROM assignments x JOIN queue_entries q ON q.id = x.entry_id JOIN calls c ON c.call_sid = q.call_sid
          WHERE x.agent_id = ag.id AND x.state IN ('ringing', 'connected') LIMIT 1) AS call`;

export interface DashboardSnapshot {
  at: Date;
  queues: {
    group: string;
    waiting: number;
    callbacks: number;
    longestWaitSeconds: number;
    offeredToday: number;
    answeredToday: number;
    answeredInThresholdToday: number;
    abandonedToday: number;
    /** Null while no call counts yet: none offered, or every one still waiting within the threshold. */
    serviceLevelToday: number | null;
    /** The service level's denominator under the centre's formula (callers waiting within the threshold are not in it). */
    serviceLevelBaseToday: number;
    thresholdSeconds: number;
    /** Today's average speed of answer and abandonment (null: none answered / none offered), judged against `targets`. */
    asaToday: number | null;
    abandonRateToday: number | null;
    /** The group's targets in effect (migration 019) and how today stands against them. */
    targets: KpiTargets;
    status: KpiStatuses;
    /** Today's survey answers on this group's calls (survey_kpis by group, migration 021); null without answers. */
    npsToday: number | null;
    npsResponsesToday: number;
    csatToday: number | null;
    csatResponsesToday: number;
    /** Logged-in agents who can take this group's callers (group_agent_counts, as /api/queues). */
    agents: { available: number; busy: number; away: number };
  }[];
  /**
   * At most DASHBOARD_AGENT_ROWS agents, by name: those whose state changed last (every agent of a
   * smaller centre). The others are a search away (dashboardAgents, GET /api/dashboard/agents).
   */
  agents: DashboardAgent[];
  /** Every agent, counted by state (states nobody is in are left out), and how many there are. */
  agentStates: Partial<Record<AgentState, number>>;
  agentsTotal: number;
  /** Calls not yet ended, by where they are: in the IVR (menus, messages, voicemail, survey), waiting (on hold or ringing an agent), talking to an agent. */
  callsInProgress: { inIvr: number; waiting: number; talking: number };
}

/**
 * Everything the supervisors' dashboard shows live, in one round trip. "Today" starts at midnight
 * in the centre's time zone ($1); its offered, answered, abandoned and service level (under the
 * each group's formula, else $2) are the totals of group_queue_kpis (migrations/014 and 016), and its
 * NPS and CSAT survey_kpis' (021): the functions the reports use. Short abandons are the reports'
 * default ($3), for the formula that leaves them out.
 */
export async function dashboardSnapshot(db: Queryable, timezone: string, formula: ServiceLevelFormula): Promise<DashboardSnapshot> {
  const { rows } = await db.query<DashboardSnapshot>(
    `WITH queues AS (
       SELECT g.name AS "group", t.service_level_seconds AS "thresholdSeconds", live.waiting, live.callbacks, live."longestWaitSeconds",
         coalesce(k.offered, 0) AS "offeredToday", coalesce(k.answered, 0) AS "answeredToday",
         coalesce(k.answered_in_threshold, 0) AS "answeredInThresholdToday", coalesce(k.abandoned, 0) AS "abandonedToday",
         k.service_level AS "serviceLevelToday", coalesce(k.service_level_base, 0) AS "serviceLevelBaseToday",
         k.asa AS "asaToday", k.abandonment_rate AS "abandonRateToday",
         json_build_object('serviceLevel', t.service_level, 'serviceLevelSeconds', t.service_level_seconds, 'serviceLevelFormula', t.service_level_formula,
           'asaSeconds', t.asa_seconds, 'abandonRate', t.abandon_rate, 'nps', t.nps, 'csat', t.csat) AS targets,
         u.nps AS "npsToday", coalesce(u.nps_responses, 0) AS "npsResponsesToday",
         u.csat AS "csatToday", coalesce(u.csat_responses, 0) AS "csatResponsesToday",
         group_agent_counts(g.name) AS agents
       FROM skill_groups g JOIN group_targets t ON t.group_name = g.name
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE q.state = 'waiting')::int AS waiting, count(*) FILTER (WHERE q.state = 'callback')::int AS callbacks,
           coalesce(floor(extract(epoch FROM now() - min(q.first_entered_at) FILTER (WHERE q.state IN ('waiting', 'offered')))), 0)::int AS "longestWaitSeconds"
         FROM queue_entries q WHERE q.group_name = g.name AND q.state IN ('waiting', 'offered', 'callback')) live
       LEFT JOIN group_queue_kpis(report_origin(now(), $1, 0), 'infinity', $1, 0, $3, $2) k ON k.group_name = g.name AND k.start IS NULL
       LEFT JOIN survey_kpis(report_origin(now(), $1, 0), 'infinity', $1, 0, 'group') u ON u.owner = g.name AND u.start IS NULL
       ORDER BY g.name),
     people AS (
       ${AGENT_ROW_SELECT} FROM (SELECT * FROM agents ORDER BY state_since DESC, id DESC LIMIT $4) ag ORDER BY ag.name, ag.id),
     states AS (SELECT state, count(*)::int AS n FROM agents GROUP BY state)
     SELECT now() AS at,
       coalesce((SELECT json_agg(queues) FROM queues), '[]') AS queues,
       coalesce((SELECT json_agg(people) FROM people), '[]') AS agents,
       (SELECT coalesce(jsonb_object_agg(state, n), '{}') FROM states) AS "agentStates",
       (SELECT coalesce(sum(n), 0)::int FROM states) AS "agentsTotal",
       (SELECT json_build_object('inIvr', count(*) - count(e.state), 'waiting', count(*) FILTER (WHERE e.state IN ('waiting', 'offered')),
                 'talking', count(*) FILTER (WHERE e.state = 'connected'))
        FROM calls c LEFT JOIN queue_entries e ON e.call_sid = c.call_sid AND e.state IN ('waiting', 'offered', 'connected')
        WHERE c.ended_at IS NULL AND c.started_at > now() - interval '4 hours') AS "callsInProgress"`,
    [timezone, formula, DEFAULT_SHORT_ABANDON_SECONDS, DASHBOARD_AGENT_ROWS],
  );
  const snapshot = rows[0];
  for (const q of snapshot.queues)
    q.status = judgeTargets(
      { serviceLevel: q.serviceLevelToday, asaSeconds: q.asaToday, abandonRate: q.abandonRateToday, nps: q.npsToday, csat: q.csatToday },
      q.targets,
    );
  return snapshot;
}

/**
 * The dashboard's agent rows that match a search, by name: `name` is a part of the name (any case),
 * `state` the state now; `total` counts every match, of which the first `limit` are returned.
 */
export async function dashboardAgents(
  db: Queryable,
  search: { name?: string; state?: AgentState; limit: number },
): Promise<{ agents: DashboardAgent[]; total: number }> {
  const { rows } = await db.query<{ agents: DashboardAgent[]; total: number }>(
    `WITH matches AS (
       SELECT * FROM agents a WHERE ($1::text IS NULL OR strpos(lower(a.name), lower($1)) > 0) AND ($2::text IS NULL OR a.state = $2)),
     shown AS (${AGENT_ROW_SELECT} FROM (SELECT * FROM matches ORDER BY name, id LIMIT $3) ag ORDER BY ag.name, ag.id)
     SELECT coalesce((SELECT json_agg(shown) FROM shown), '[]') AS agents, (SELECT count(*)::int FROM matches) AS total`,
    [search.name ?? null, search.state ?? null, search.limit],
  );
  return rows[0];
}
