-- Service level while calls are live, and the formula a centre chooses (docs/reports.md states
-- each with an example). Everything else of migration 014 is unchanged.
--
-- A caller still waiting or ringing whose wait is within the threshold has not yet been answered
-- in time or missed: counted as a miss, the first call of the day showed 0 % while it rang at 17 s
-- of a 20 s threshold. Such an entry is "pending": it leaves the service level's denominator until
-- it is answered, abandons, overflows, books a callback, or passes the threshold (then it is a
-- miss whatever happens next, unless it leaves the queue without being answered or abandoning,
-- which the formulas other than 'offered' leave out).

-- The formulas: answered within the threshold ÷
--   offered                      every entry offered (overflowed and callback entries too)
--   answered-and-abandoned       entries answered or abandoned
--   answered-and-long-abandoned  entries answered, or abandoned after the short-abandon threshold
CREATE DOMAIN service_level_formula AS text
  CHECK (VALUE IN ('offered', 'answered-and-abandoned', 'answered-and-long-abandoned'));

-- live_wait_seconds: how long an entry still waiting or ringing has waited so far (NULL once it
-- left the queue: answered, abandoned, overflowed, a callback).
CREATE OR REPLACE VIEW queue_entry_facts AS
SELECT q.id AS entry_id, q.group_name, q.created_at AS offered_at, g.service_level_seconds,
  extract(epoch FROM (SELECT min(a.answered_at) FROM assignments a WHERE a.entry_id = q.id AND a.kind = 'inbound')
    - q.created_at)::float8 AS answer_wait_seconds,
  CASE WHEN q.state = 'abandoned' THEN extract(epoch FROM coalesce(q.ended_at, q.state_since) - q.created_at)::float8 END AS abandon_wait_seconds,
  CASE WHEN q.state IN ('waiting', 'offered') THEN extract(epoch FROM now() - q.created_at)::float8 END AS live_wait_seconds
FROM queue_entries q JOIN skill_groups g ON g.name = q.group_name;

-- The signatures change (the formula is a parameter, 'offered' unless given, so 014's calls still
-- answer as before); group_kpis calls group_queue_kpis, so both are dropped.
DROP FUNCTION group_kpis(timestamptz, timestamptz, text, integer, integer);
DROP FUNCTION group_queue_kpis(timestamptz, timestamptz, text, integer, integer);

-- As in migration 014, with the service level of `formula` over the entries that are not pending,
-- and its denominator (service_level_base; pending: entries waiting within the threshold). A
-- window with no entry in its denominator has service level NULL, as every KPI of 0 calls.
CREATE FUNCTION group_queue_kpis(from_at timestamptz, to_at timestamptz, zone text, step_seconds integer, short_abandon_seconds integer,
                                 formula service_level_formula DEFAULT 'offered')
RETURNS TABLE (group_name text, start timestamptz, offered integer, answered integer, answered_in_threshold integer,
               abandoned integer, abandoned_short integer, service_level float8, abandonment_rate float8, asa float8, longest_wait float8,
               service_level_base integer, pending integer)
LANGUAGE sql STABLE AS $$
  WITH facts AS (
    SELECT f.*, coalesce(f.answer_wait_seconds IS NULL AND f.live_wait_seconds <= f.service_level_seconds, false) AS is_pending,
      CASE formula
        WHEN 'offered' THEN true
        WHEN 'answered-and-abandoned' THEN f.answer_wait_seconds IS NOT NULL OR f.abandon_wait_seconds IS NOT NULL
          OR f.live_wait_seconds IS NOT NULL
        ELSE f.answer_wait_seconds IS NOT NULL OR f.abandon_wait_seconds > coalesce(short_abandon_seconds, -1)
          OR f.live_wait_seconds IS NOT NULL
      END AS in_formula
    FROM queue_entry_facts f
    WHERE f.offered_at >= from_at AND f.offered_at < to_at),
  counted AS (SELECT *, in_formula AND NOT is_pending AS in_base FROM facts)
  SELECT f.group_name, report_interval_of(f.offered_at, from_at, zone, step_seconds),
    count(*)::int, count(f.answer_wait_seconds)::int,
    count(*) FILTER (WHERE f.answer_wait_seconds <= f.service_level_seconds)::int,
    count(f.abandon_wait_seconds)::int, count(*) FILTER (WHERE f.abandon_wait_seconds <= short_abandon_seconds)::int,
    kpi_ratio(count(*) FILTER (WHERE f.answer_wait_seconds <= f.service_level_seconds), count(*) FILTER (WHERE f.in_base)),
    kpi_ratio(count(f.abandon_wait_seconds), count(*)),
    kpi_seconds(avg(f.answer_wait_seconds)::numeric), kpi_seconds(max(coalesce(f.answer_wait_seconds, f.abandon_wait_seconds))::numeric),
    count(*) FILTER (WHERE f.in_base)::int, count(*) FILTER (WHERE f.is_pending)::int
  FROM counted f
  GROUP BY GROUPING SETS ((f.group_name, report_interval_of(f.offered_at, from_at, zone, step_seconds)), (f.group_name))
$$;

-- Migration 014's, unchanged but for the formula passed on to group_queue_kpis.
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
CREATE FUNCTION group_kpis(from_at timestamptz, to_at timestamptz, zone text, step_seconds integer, short_abandon_seconds integer,
                           formula service_level_formula DEFAULT 'offered')
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
  LEFT JOIN group_queue_kpis(from_at, to_at, zone, step_seconds, short_abandon_seconds, formula) e
    ON e.group_name = g.grp AND coalesce(e.start, '-infinity') = s.key
  LEFT JOIN handle_stats h ON h.grp = g.grp AND h.key = s.key
  LEFT JOIN occupancy_stats o ON o.grp = g.grp AND o.key = s.key
  LEFT JOIN event_stats v ON v.grp = g.grp AND v.key = s.key
  LEFT JOIN survey_stats u ON u.grp = g.grp AND u.key = s.key
$$;
