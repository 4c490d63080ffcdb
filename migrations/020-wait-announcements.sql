-- Wait estimates that say how right they were: every estimate announced to a caller on hold is
-- kept with the figure they heard, and scored against what then happened to their queue entry
-- (docs/reports.md, "Wait estimates"). Paste-able:
--   SELECT * FROM wait_estimate_kpis('2026-03-01', '2026-03-08', 'UTC', 0);

-- One row per announcement, written in the webhook's transaction that spoke it.
--   spoken_minutes   what the caller heard: "about N minutes", or 0 for "less than a minute"
--   estimate_seconds the figure scored: N x 60, or 30 for "less than a minute" (the middle of
--                    [0, 60), as N minutes is the middle of what rounds to N)
--   position         the caller's place in the queue as announced (1 = next)
CREATE TABLE wait_announcements (
  id               bigserial PRIMARY KEY,
  entry_id         bigint NOT NULL REFERENCES queue_entries (id) ON DELETE CASCADE,
  call_sid         text NOT NULL REFERENCES calls (call_sid) ON DELETE CASCADE,
  group_name       text NOT NULL REFERENCES skill_groups (name) ON UPDATE CASCADE,
  announced_at     timestamptz NOT NULL DEFAULT now(),
  position         integer NOT NULL CHECK (position >= 1),
  spoken_minutes   integer NOT NULL CHECK (spoken_minutes >= 0),
  estimate_seconds integer NOT NULL CHECK (estimate_seconds >= 0)
);
CREATE INDEX wait_announcements_announced_at ON wait_announcements (announced_at);
CREATE INDEX wait_announcements_entry ON wait_announcements (entry_id);

-- Each announcement with its outcome, from its queue entry:
--   answered   an agent answered the entry (its first inbound answer); actual_seconds runs from
--              the announcement to that answer, error_seconds = estimate - actual (positive: we
--              said longer than it took)
--   abandoned  the caller hung up waiting; held_seconds runs from the announcement to the hang-up
--              (their real wait is unknown, only that it was longer: not scored)
--   waiting    still on hold or ringing an agent: neither right nor wrong yet
--   callback, voicemail, overflow: left the queue (not scored)
CREATE VIEW wait_announcement_facts AS
SELECT w.id AS announcement_id, w.entry_id, w.group_name, w.announced_at, w.position, w.estimate_seconds,
  CASE WHEN ans.at IS NOT NULL THEN 'answered'
    WHEN q.state = 'abandoned' THEN 'abandoned'
    WHEN q.state IN ('waiting', 'offered', 'connected') THEN 'waiting'
    WHEN q.state = 'left' THEN 'voicemail'
    WHEN q.state = 'overflowed' THEN 'overflow'
    ELSE 'callback' END AS outcome,
  extract(epoch FROM ans.at - w.announced_at)::float8 AS actual_seconds,
  (w.estimate_seconds - extract(epoch FROM ans.at - w.announced_at))::float8 AS error_seconds,
  CASE WHEN ans.at IS NULL AND q.state = 'abandoned'
    THEN extract(epoch FROM coalesce(q.ended_at, q.state_since) - w.announced_at)::float8 END AS held_seconds
FROM wait_announcements w
JOIN queue_entries q ON q.id = w.entry_id
LEFT JOIN LATERAL (SELECT min(a.answered_at) AS at FROM assignments a WHERE a.entry_id = q.id AND a.kind = 'inbound') ans ON true;

-- Every skill group (and any other group announced to in the window) x every interval, by when
-- the announcement was made, then each group's totals (start NULL). Errors are over the answered
-- announcements only: mean absolute error, its 90th percentile (continuous), and bias (mean
-- signed error); NULL, never 0, where none was answered. abandoned_beyond_estimate: callers who
-- held longer than they were told and then hung up (the estimate was certainly too short).
CREATE FUNCTION wait_estimate_kpis(from_at timestamptz, to_at timestamptz, zone text, step_seconds integer)
RETURNS TABLE (group_name text, start timestamptz, announcements integer, answered integer, abandoned integer,
               abandoned_beyond_estimate integer, waiting integer, left_queue integer,
               mean_absolute_error float8, p90_absolute_error float8, bias float8)
LANGUAGE sql STABLE AS $$
  WITH facts AS (
    SELECT f.*, report_interval_of(f.announced_at, from_at, zone, step_seconds) AS interval_start
    FROM wait_announcement_facts f WHERE f.announced_at >= from_at AND f.announced_at < to_at),
  kpis AS (
    SELECT f.group_name, f.interval_start AS start, count(*)::int AS announcements,
      count(*) FILTER (WHERE f.outcome = 'answered')::int AS answered,
      count(*) FILTER (WHERE f.outcome = 'abandoned')::int AS abandoned,
      count(*) FILTER (WHERE f.held_seconds > f.estimate_seconds)::int AS abandoned_beyond_estimate,
      count(*) FILTER (WHERE f.outcome = 'waiting')::int AS waiting,
      count(*) FILTER (WHERE f.outcome IN ('callback', 'voicemail', 'overflow'))::int AS left_queue,
      kpi_seconds(avg(abs(f.error_seconds))::numeric) AS mean_absolute_error,
      kpi_seconds((percentile_cont(0.9) WITHIN GROUP (ORDER BY abs(f.error_seconds)))::numeric) AS p90_absolute_error,
      kpi_seconds(avg(f.error_seconds)::numeric) AS bias
    FROM facts f
    GROUP BY GROUPING SETS ((f.group_name, f.interval_start), (f.group_name))),
  names AS (SELECT name FROM skill_groups UNION SELECT group_name FROM facts),
  grid AS (
    SELECT n.name, i.start FROM names n CROSS JOIN report_intervals(from_at, to_at, zone, step_seconds) i
    UNION ALL SELECT n.name, NULL FROM names n)
  SELECT g.name, g.start, coalesce(k.announcements, 0), coalesce(k.answered, 0), coalesce(k.abandoned, 0),
    coalesce(k.abandoned_beyond_estimate, 0), coalesce(k.waiting, 0), coalesce(k.left_queue, 0),
    k.mean_absolute_error, k.p90_absolute_error, k.bias
  FROM grid g LEFT JOIN kpis k ON k.group_name = g.name AND k.start IS NOT DISTINCT FROM g.start
$$;

-- The staffing forecast's "staffed" (docs/reports.md, "Staffing forecast"): for each interval of a
-- window that has begun, the mean number of agents logged in (agent_time: available, reserved,
-- on-call, wrap-up) among those who fit the group now (each required skill at its minimum level,
-- no widening, as occupancy counts them): their logged-in seconds ÷ the interval's seconds so far.
-- Intervals that have not begun are not returned (nobody has been staffed in them yet).
CREATE FUNCTION group_staffed_agents(grp text, from_at timestamptz, to_at timestamptz, zone text, step_seconds integer)
RETURNS TABLE (start timestamptz, staffed float8)
LANGUAGE sql STABLE AS $$
  WITH logged AS (
    SELECT t.start, sum(t.logged_in) AS seconds
    FROM agent_time(from_at, to_at, zone, step_seconds) t
    WHERE agent_fits_group(t.agent_id, grp, 5)
    GROUP BY t.start)
  SELECT i.start, round((coalesce(l.seconds, 0) / extract(epoch FROM least(i.stop, now()) - i.start))::numeric, 2)::float8
  FROM report_intervals(from_at, to_at, zone, step_seconds) i LEFT JOIN logged l ON l.start = i.start
  WHERE i.start < now()
$$;

-- Agents logged in now who fit the group (as above): the staffing the forecast shows for intervals to come.
CREATE FUNCTION group_logged_in_agents(grp text) RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT count(*)::int FROM agents a
  WHERE a.state IN ('available', 'reserved', 'on-call', 'wrap-up') AND agent_fits_group(a.id, grp, 5)
$$;
