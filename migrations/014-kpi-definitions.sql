-- Every KPI of the reports, the dashboard and /metrics, defined once (docs/reports.md names the
-- object behind each). The report and dashboard statements select from these; none restates a
-- definition. Paste-able: SELECT * FROM group_kpis('2026-03-01', '2026-03-08', 'UTC', 0, 5);
--
-- A window is [from_at, to_at) cut into intervals in `zone`: step_seconds is the interval length
-- (900, 3600), or 0 for calendar days in the zone (23 or 25 hours across DST). Rows with start
-- NULL are the totals over the whole window (a rate of sums, never a mean of rates).
--
-- Performance: the table functions are LANGUAGE sql, non-strict and not volatile, so PostgreSQL
-- inlines them into the calling statement and plans them with its values; the interval functions
-- are IMMUTABLE, so an interval's origin is folded to a constant once, not computed per row.

-- Rounding, as the reports document it: ratios to 4 decimals, seconds to milliseconds (float8:
-- pg returns numeric as text).
CREATE FUNCTION kpi_ratio(num numeric, den numeric) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$ SELECT round(num / nullif(den, 0), 4)::float8 $$;

CREATE FUNCTION kpi_seconds(seconds numeric) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$ SELECT round(seconds, 3)::float8 $$;

-- The start of a window's first interval: from_at rounded down to the interval, in the zone.
CREATE FUNCTION report_origin(from_at timestamptz, zone text, step_seconds integer) RETURNS timestamptz
LANGUAGE sql IMMUTABLE AS $$
  SELECT (CASE WHEN step_seconds = 0 THEN date_trunc('day', from_at AT TIME ZONE zone)
    ELSE date_bin(make_interval(secs => step_seconds), from_at AT TIME ZONE zone, timestamp '2000-01-01') END) AT TIME ZONE zone
$$;

-- The interval (its start) of the window starting at from_at that the instant `at` falls in: a
-- local calendar day, or whole steps from the origin (real hours: the repeated autumn hour is two).
CREATE FUNCTION report_interval_of(at timestamptz, from_at timestamptz, zone text, step_seconds integer) RETURNS timestamptz
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN step_seconds = 0 THEN date_trunc('day', at AT TIME ZONE zone) AT TIME ZONE zone
    ELSE date_bin(make_interval(secs => step_seconds), at, report_origin(from_at, zone, step_seconds)) END
$$;

-- Every interval of the window, data or not (the last stops at to_at). Local days and fixed steps
-- are two series, each empty in the other mode: a WHERE on the mode does not stop PostgreSQL from
-- running a series, and a 1-second step over a year is 31 million rows.
CREATE FUNCTION report_intervals(from_at timestamptz, to_at timestamptz, zone text, step_seconds integer)
RETURNS TABLE (start timestamptz, stop timestamptz)
LANGUAGE sql IMMUTABLE AS $$
  SELECT start, lead(start, 1, to_at) OVER (ORDER BY start) FROM (
    SELECT d AT TIME ZONE zone AS start
    FROM generate_series(report_origin(from_at, zone, 0) AT TIME ZONE zone,
                         CASE WHEN step_seconds = 0 THEN to_at AT TIME ZONE zone ELSE '-infinity' END, interval '1 day') d
    UNION ALL
    SELECT s FROM generate_series(report_origin(from_at, zone, step_seconds),
                                  CASE WHEN step_seconds > 0 THEN to_at ELSE '-infinity' END, make_interval(secs => greatest(step_seconds, 1))) s
  ) series WHERE start < to_at
$$;

-- An instant as local ISO text and its UTC offset in seconds (what the reports print as `start`).
CREATE FUNCTION local_iso(at timestamptz, zone text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(at AT TIME ZONE zone, 'YYYY-MM-DD"T"HH24:MI:SS') $$;

CREATE FUNCTION utc_offset_seconds(at timestamptz, zone text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$ SELECT extract(epoch FROM (at AT TIME ZONE zone) - (at AT TIME ZONE 'UTC'))::int $$;

-- Per-contact facts: one row per queue entry (one caller offered to one group; an overflow is a
-- new entry in the next group). Answered: an inbound assignment was answered (callback
-- assignments never count); the wait runs from the offer to the first inbound answer. Abandoned
-- entries waited until they ended. The threshold is the group's current setting.
CREATE VIEW queue_entry_facts AS
SELECT q.id AS entry_id, q.group_name, q.created_at AS offered_at, g.service_level_seconds,
  extract(epoch FROM (SELECT min(a.answered_at) FROM assignments a WHERE a.entry_id = q.id AND a.kind = 'inbound')
    - q.created_at)::float8 AS answer_wait_seconds,
  CASE WHEN q.state = 'abandoned' THEN extract(epoch FROM coalesce(q.ended_at, q.state_since) - q.created_at)::float8 END AS abandon_wait_seconds
FROM queue_entries q JOIN skill_groups g ON g.name = q.group_name;

-- Completed assignments (inbound and callback) with their handle time: talk + wrap-up seconds.
-- Wrap-up runs to when it really ended, else to when it was planned to end, else there was none.
CREATE VIEW handled_assignments AS
SELECT a.id AS assignment_id, q.group_name, a.agent_id, a.kind, a.answered_at,
  extract(epoch FROM (a.ended_at - a.answered_at) + (coalesce(a.wrap_up_ended_at, a.wrap_up_until, a.ended_at) - a.ended_at))::float8 AS handle_seconds
FROM assignments a JOIN queue_entries q ON q.id = a.entry_id
WHERE a.outcome = 'completed';

-- The queue KPIs of each group that was offered calls, per interval and in total (start NULL), by
-- the interval the entry was offered in. Service level = answered within the group's threshold
-- (wait <= threshold) / offered: abandoned, overflowed and callback entries count as offered and
-- not within, unless answered inbound in time. The dashboard's "today" and the reports both read
-- this. short_abandon_seconds: abandoned within that many seconds (<=) also count as short.
CREATE FUNCTION group_queue_kpis(from_at timestamptz, to_at timestamptz, zone text, step_seconds integer, short_abandon_seconds integer)
RETURNS TABLE (group_name text, start timestamptz, offered integer, answered integer, answered_in_threshold integer,
               abandoned integer, abandoned_short integer, service_level float8, abandonment_rate float8, asa float8, longest_wait float8)
LANGUAGE sql STABLE AS $$
  SELECT f.group_name, report_interval_of(f.offered_at, from_at, zone, step_seconds),
    count(*)::int, count(f.answer_wait_seconds)::int,
    count(*) FILTER (WHERE f.answer_wait_seconds <= f.service_level_seconds)::int,
    count(f.abandon_wait_seconds)::int, count(*) FILTER (WHERE f.abandon_wait_seconds <= short_abandon_seconds)::int,
    kpi_ratio(count(*) FILTER (WHERE f.answer_wait_seconds <= f.service_level_seconds), count(*)),
    kpi_ratio(count(f.abandon_wait_seconds), count(*)),
    kpi_seconds(avg(f.answer_wait_seconds)::numeric), kpi_seconds(max(coalesce(f.answer_wait_seconds, f.abandon_wait_seconds))::numeric)
  FROM queue_entry_facts f
  WHERE f.offered_at >= from_at AND f.offered_at < to_at
  GROUP BY GROUPING SETS ((f.group_name, report_interval_of(f.offered_at, from_at, zone, step_seconds)), (f.group_name))
$$;

-- Seconds each agent spent logged in (available, reserved, on-call, wrap-up) and busy (on-call,
-- wrap-up) in each interval. Each recorded change starts a state that lasts until the agent's next
-- change, or until to_at (or now, if sooner). Each stretch is cut at interval boundaries by
-- generating only the intervals it spans, so the work grows with the stretches, not stretches x
-- intervals. Break, not-ready and offline are not logged in.
CREATE FUNCTION agent_time(from_at timestamptz, to_at timestamptz, zone text, step_seconds integer)
RETURNS TABLE (agent_id bigint, start timestamptz, logged_in float8, busy float8)
LANGUAGE sql STABLE AS $$
  WITH segments AS (
    SELECT agent_id, state, greatest(since, from_at) AS since, until FROM (
      SELECT agent_id, to_state AS state, at AS since,
             least(coalesce(lead(at) OVER (PARTITION BY agent_id ORDER BY at, id), to_at), to_at, now()) AS until
      FROM agent_state_changes WHERE at < to_at) s
    WHERE until > greatest(since, from_at) AND state IN ('available', 'reserved', 'on-call', 'wrap-up')),
  pieces AS (
    SELECT s.agent_id, s.state, p.start,
           extract(epoch FROM least(s.until, p.stop) - greatest(s.since, p.start))::float8 AS seconds
    FROM segments s CROSS JOIN LATERAL (
      SELECT d AT TIME ZONE zone AS start, (d + interval '1 day') AT TIME ZONE zone AS stop
      FROM generate_series(date_trunc('day', s.since AT TIME ZONE zone),
                           CASE WHEN step_seconds = 0 THEN (s.until - interval '1 microsecond') AT TIME ZONE zone ELSE '-infinity' END,
                           interval '1 day') d
      UNION ALL
      SELECT x, x + make_interval(secs => greatest(step_seconds, 1))
      FROM generate_series(report_interval_of(s.since, from_at, zone, step_seconds),
                           CASE WHEN step_seconds > 0 THEN s.until - interval '1 microsecond' ELSE '-infinity' END,
                           make_interval(secs => greatest(step_seconds, 1))) x) p)
  SELECT agent_id, start, sum(seconds), coalesce(sum(seconds) FILTER (WHERE state IN ('on-call', 'wrap-up')), 0)
  FROM pieces WHERE seconds > 0 GROUP BY agent_id, start
$$;

-- Every group (skill groups, and any other name the window's voicemails or surveys were filed
-- under: '(flow)', '(no agent)') x every interval, then each group's totals (start NULL); zeros and
-- NULLs where nothing happened.
--   queue KPIs: group_queue_kpis. aht: handled_assignments answered in the interval. occupancy:
--   busy / logged in (agent_time) summed over the agents who fit the group now (each required
--   skill at its minimum level, no widening). callbacks_requested: an entry's first move into
--   'callback' (from the recorded changes); callbacks_completed: callback assignments that
--   completed, by when they ended; voicemails: by when left, '(flow)' outside any queue. Surveys:
--   a response goes to the group of the call's last completed entry, else to '(no agent)';
--   survey_scores[k] counts score k (1..9).
CREATE FUNCTION group_kpis(from_at timestamptz, to_at timestamptz, zone text, step_seconds integer, short_abandon_seconds integer)
RETURNS TABLE (group_name text, start timestamptz, offered integer, answered integer, abandoned integer, abandoned_short integer,
               service_level float8, asa float8, longest_wait float8, abandonment_rate float8, aht float8, occupancy float8,
               callbacks_requested integer, callbacks_completed integer, voicemails integer,
               survey_average float8, survey_count integer, survey_scores integer[])
LANGUAGE sql STABLE AS $$
  WITH slots AS (
    -- The intervals, and one more for the whole window (start NULL); key joins the grouping sets' rows.
    SELECT start AS key, start FROM report_intervals(from_at, to_at, zone, step_seconds)
    UNION ALL SELECT '-infinity'::timestamptz, NULL),
  events AS (
    SELECT q.group_name AS grp, report_interval_of(c.first_at, from_at, zone, step_seconds) AS bucket, 'callback-requested' AS kind
    FROM (SELECT entry_id, min(at) AS first_at FROM queue_entry_changes WHERE to_state = 'callback' GROUP BY entry_id) c
    JOIN queue_entries q ON q.id = c.entry_id
    WHERE c.first_at >= from_at AND c.first_at < to_at
    UNION ALL
    SELECT q.group_name, report_interval_of(a.ended_at, from_at, zone, step_seconds), 'callback-completed'
    FROM assignments a JOIN queue_entries q ON q.id = a.entry_id
    WHERE a.kind = 'callback' AND a.outcome = 'completed' AND a.ended_at >= from_at AND a.ended_at < to_at
    UNION ALL
    SELECT coalesce(v.group_name, '(flow)'), report_interval_of(v.created_at, from_at, zone, step_seconds), 'voicemail'
    FROM voicemails v WHERE v.created_at >= from_at AND v.created_at < to_at),
  event_stats AS (
    SELECT grp, coalesce(bucket, '-infinity') AS key,
      count(*) FILTER (WHERE kind = 'callback-requested') AS callbacks_requested,
      count(*) FILTER (WHERE kind = 'callback-completed') AS callbacks_completed,
      count(*) FILTER (WHERE kind = 'voicemail') AS voicemails
    FROM events GROUP BY GROUPING SETS ((grp, bucket), (grp))),
  surveys AS (
    SELECT coalesce((SELECT q.group_name FROM queue_entries q WHERE q.call_sid = s.call_sid AND q.state = 'completed'
                     ORDER BY q.created_at DESC, q.id DESC LIMIT 1), '(no agent)') AS grp,
           report_interval_of(s.created_at, from_at, zone, step_seconds) AS bucket, s.score
    FROM survey_responses s WHERE s.created_at >= from_at AND s.created_at < to_at),
  survey_stats AS (
    SELECT grp, coalesce(bucket, '-infinity') AS key, avg(score) AS average, count(*) AS responses,
      ARRAY[count(*) FILTER (WHERE score = 1), count(*) FILTER (WHERE score = 2), count(*) FILTER (WHERE score = 3),
            count(*) FILTER (WHERE score = 4), count(*) FILTER (WHERE score = 5), count(*) FILTER (WHERE score = 6),
            count(*) FILTER (WHERE score = 7), count(*) FILTER (WHERE score = 8), count(*) FILTER (WHERE score = 9)]::int[] AS scores
    FROM surveys GROUP BY GROUPING SETS ((grp, bucket), (grp))),
  fits AS (
    SELECT a.id AS agent_id, g.name AS grp FROM agents a CROSS JOIN skill_groups g WHERE agent_fits_group(a.id, g.name, 5)),
  occupancy_stats AS (
    SELECT f.grp, coalesce(t.start, '-infinity') AS key, sum(t.busy) AS busy, sum(t.logged_in) AS logged_in
    FROM agent_time(from_at, to_at, zone, step_seconds) t JOIN fits f ON f.agent_id = t.agent_id
    GROUP BY GROUPING SETS ((f.grp, t.start), (f.grp))),
  handle_stats AS (
    SELECT group_name AS grp, coalesce(report_interval_of(answered_at, from_at, zone, step_seconds), '-infinity') AS key,
      avg(handle_seconds) AS aht
    FROM handled_assignments WHERE answered_at >= from_at AND answered_at < to_at
    GROUP BY GROUPING SETS ((group_name, report_interval_of(answered_at, from_at, zone, step_seconds)), (group_name))),
  groups AS (SELECT name AS grp FROM skill_groups UNION SELECT grp FROM events UNION SELECT grp FROM surveys)
  SELECT g.grp, s.start,
    coalesce(e.offered, 0), coalesce(e.answered, 0), coalesce(e.abandoned, 0), coalesce(e.abandoned_short, 0),
    e.service_level, e.asa, e.longest_wait, e.abandonment_rate, kpi_seconds(h.aht::numeric), kpi_ratio(o.busy::numeric, o.logged_in::numeric),
    coalesce(v.callbacks_requested, 0)::int, coalesce(v.callbacks_completed, 0)::int, coalesce(v.voicemails, 0)::int,
    round(u.average, 3)::float8, coalesce(u.responses, 0)::int, coalesce(u.scores, array_fill(0, ARRAY[9]))
  FROM groups g CROSS JOIN slots s
  LEFT JOIN group_queue_kpis(from_at, to_at, zone, step_seconds, short_abandon_seconds) e
    ON e.group_name = g.grp AND coalesce(e.start, '-infinity') = s.key
  LEFT JOIN handle_stats h ON h.grp = g.grp AND h.key = s.key
  LEFT JOIN occupancy_stats o ON o.grp = g.grp AND o.key = s.key
  LEFT JOIN event_stats v ON v.grp = g.grp AND v.key = s.key
  LEFT JOIN survey_stats u ON u.grp = g.grp AND u.key = s.key
$$;

-- Every agent x every interval, then each agent's totals (start NULL): time logged in and busy
-- (agent_time), occupancy = busy / logged in, and the assignments they completed (handled, by the
-- interval they were answered in, inbound and callback) with their mean handle time.
CREATE FUNCTION agent_kpis(from_at timestamptz, to_at timestamptz, zone text, step_seconds integer)
RETURNS TABLE (agent_id bigint, start timestamptz, logged_in_seconds float8, busy_seconds float8, occupancy float8, handled integer, aht float8)
LANGUAGE sql STABLE AS $$
  WITH slots AS (
    SELECT start AS key, start FROM report_intervals(from_at, to_at, zone, step_seconds)
    UNION ALL SELECT '-infinity'::timestamptz, NULL),
  time_stats AS (
    SELECT agent_id, coalesce(start, '-infinity') AS key, sum(logged_in) AS logged_in, sum(busy) AS busy
    FROM agent_time(from_at, to_at, zone, step_seconds) GROUP BY GROUPING SETS ((agent_id, start), (agent_id))),
  handle_stats AS (
    SELECT agent_id, coalesce(report_interval_of(answered_at, from_at, zone, step_seconds), '-infinity') AS key,
      count(*) AS handled, avg(handle_seconds) AS aht
    FROM handled_assignments WHERE answered_at >= from_at AND answered_at < to_at
    GROUP BY GROUPING SETS ((agent_id, report_interval_of(answered_at, from_at, zone, step_seconds)), (agent_id)))
  SELECT a.id, s.start, kpi_seconds(coalesce(t.logged_in, 0)::numeric), kpi_seconds(coalesce(t.busy, 0)::numeric),
    kpi_ratio(t.busy::numeric, t.logged_in::numeric), coalesce(h.handled, 0)::int, kpi_seconds(h.aht::numeric)
  FROM agents a CROSS JOIN slots s
  LEFT JOIN time_stats t ON t.agent_id = a.id AND t.key = s.key
  LEFT JOIN handle_stats h ON h.agent_id = a.id AND h.key = s.key
$$;

-- Survey responses find their call's last completed entry through this (a scan of every entry per
-- response took 35 s for 10,000 responses over two weeks of a busy group).
CREATE INDEX queue_entries_completed_by_call ON queue_entries (call_sid, created_at DESC, id DESC) WHERE state = 'completed';
