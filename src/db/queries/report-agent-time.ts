import { bucketOf, localDaySeries, stepSeries } from './report-window.js';

/**
 * SQL fragments shared by the agent and group reports (window parameters $1..$5 bound first).
 *
 * `agent_time(agent_id, bucket, logged_in, busy)`: seconds each agent spent logged in (available,
 * reserved, on-call, wrap-up) and busy (on-call, wrap-up) in each interval. Each recorded change
 * starts a state that lasts until the agent's next change, or until `to` (or now, if sooner).
 * Each stretch is cut at interval boundaries by generating only the intervals it spans, so the
 * work grows with the stretches, not stretches × intervals.
 */
export const AGENT_TIME_CTE = `segments AS (
  SELECT agent_id, state, greatest(since, $1::timestamptz) AS since, until FROM (
    SELECT agent_id, to_state AS state, at AS since,
           least(coalesce(lead(at) OVER (PARTITION BY agent_id ORDER BY at, id), $2::timestamptz), $2::timestamptz, now()) AS until
    FROM agent_state_changes WHERE at < $2::timestamptz) s
  WHERE until > greatest(since, $1::timestamptz) AND state IN ('available', 'reserved', 'on-call', 'wrap-up')),
pieces AS (
  SELECT s.agent_id, s.state, p.start AS bucket,
         extract(epoch FROM least(s.until, p.stop) - greatest(s.since, p.start))::float8 AS seconds
  FROM segments s CROSS JOIN LATERAL (
    SELECT d AT TIME ZONE $3::text AS start, (d + interval '1 day') AT TIME ZONE $3::text AS stop
    FROM ${localDaySeries(`date_trunc('day', s.since AT TIME ZONE $3::text)`, `(s.until - interval '1 microsecond') AT TIME ZONE $3::text`)} d
    UNION ALL
    SELECT x, x + make_interval(secs => greatest($4::int, 1))
    FROM ${stepSeries(bucketOf('s.since'), `s.until - interval '1 microsecond'`)} x) p),
agent_time AS (
  SELECT agent_id, bucket, sum(seconds) AS logged_in,
         coalesce(sum(seconds) FILTER (WHERE state IN ('on-call', 'wrap-up')), 0) AS busy
  FROM pieces WHERE seconds > 0 GROUP BY agent_id, bucket)`;

/**
 * `handled(group_name, agent_id, kind, bucket, handle)`: completed assignments (inbound and callback)
 * by the interval they were answered in, with talk + wrap-up seconds. Wrap-up runs to when it
 * really ended, else to when it was planned to end, else there was none.
 */
export const HANDLED_CTE = `handled AS (
  SELECT q.group_name, a.agent_id, a.kind, ${bucketOf('a.answered_at')} AS bucket,
         extract(epoch FROM (a.ended_at - a.answered_at)
           + (coalesce(a.wrap_up_ended_at, a.wrap_up_until, a.ended_at) - a.ended_at))::float8 AS handle
  FROM assignments a JOIN queue_entries q ON q.id = a.entry_id
  WHERE a.outcome = 'completed' AND a.answered_at >= $1::timestamptz AND a.answered_at < $2::timestamptz)`;

/** Rounds a ratio to 4 decimals and seconds to milliseconds, as float8 (pg returns numeric as text). */
export const ratio = (num: string, den: string) => `round((${num})::numeric / nullif((${den})::numeric, 0), 4)::float8`;
export const secs = (expr: string) => `round((${expr})::numeric, 3)::float8`;
