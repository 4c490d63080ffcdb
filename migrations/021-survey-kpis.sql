-- Survey KPIs, defined once (docs/reports.md names the object behind each figure): CSAT, NPS, the
-- response rate and the first-contact resolution rate, by interval and by group, by agent or by
-- flow. group_kpis, agent_kpis and flow_kpis take their survey columns from survey_kpis; their
-- return types change, so they are dropped and created again (nothing in the database depends on them).
-- Paste-able: SELECT * FROM survey_kpis('2026-03-01', '2026-03-08', 'UTC', 0, 'group');

-- Per owner ('group', 'agent' or 'flow') and interval, then per owner in total (slot '-infinity';
-- start NULL). Answers count in the interval they were given, surveys asked in the one they were
-- asked (survey_requests, both channels). Zero answers: every average, rate and NPS is NULL.
--   csat: mean CSAT score; csat_scores[k]: CSAT answers of score k (1..9).
--   nps: 100 × (promoters − detractors) / NPS answers, −100..100, one decimal; promoters score 9–10,
--     passives 7–8, detractors 0–6.
--   response_rate: surveys asked in the interval that were answered / surveys asked in the interval.
--   resolved_rate: "yes" answers / answers to the resolution question.
CREATE FUNCTION survey_kpis(from_at timestamptz, to_at timestamptz, zone text, step_seconds integer, by text)
RETURNS TABLE (owner text, slot timestamptz, start timestamptz, survey_responses integer, survey_requests integer, response_rate float8,
               csat float8, csat_responses integer, csat_scores integer[], nps float8, nps_responses integer,
               promoters integer, passives integer, detractors integer, resolved_rate float8, resolved_responses integer)
LANGUAGE sql STABLE AS $$
  WITH facts AS (
    SELECT s.call_sid, s.created_at AS at, s.kind, s.score, false AS is_request, NULL::boolean AS answered
    FROM survey_responses s WHERE s.created_at >= from_at AND s.created_at < to_at
    UNION ALL
    SELECT r.call_sid, r.asked_at, r.kind, NULL, true, s.call_sid IS NOT NULL
    FROM survey_requests r LEFT JOIN survey_responses s ON s.call_sid = r.call_sid AND s.step = r.step
    WHERE r.asked_at >= from_at AND r.asked_at < to_at),
  -- Whose a survey is, once per call (a call has several questions). group: the group of the call's
  -- last completed queue entry, else '(no agent)'. agent: the agent of its last answered assignment
  -- (none: the call is in no agent's figures). flow: the call's flow. Written here, not as a function
  -- (one with sub-selects is not inlined: 0.7 s instead of 0.25 s for two weeks of 10,000 calls with
  -- 54,000 questions and answers), and materialized, or PostgreSQL evaluates it again for every
  -- answer it joins (8 s).
  owners AS MATERIALIZED (
    SELECT c.call_sid, CASE by
      WHEN 'group' THEN coalesce((SELECT q.group_name FROM queue_entries q WHERE q.call_sid = c.call_sid AND q.state = 'completed'
                                  ORDER BY q.created_at DESC, q.id DESC LIMIT 1), '(no agent)')
      WHEN 'agent' THEN (SELECT a.agent_id::text FROM queue_entries q JOIN assignments a ON a.entry_id = q.id
                         WHERE q.call_sid = c.call_sid AND a.answered_at IS NOT NULL ORDER BY a.answered_at DESC, a.id DESC LIMIT 1)
      WHEN 'flow' THEN (SELECT k.flow_id FROM calls k WHERE k.call_sid = c.call_sid)
    END AS owner
    FROM (SELECT DISTINCT call_sid FROM facts) c),
  owned AS (
    SELECT o.owner, report_interval_of(f.at, from_at, zone, step_seconds) AS bucket, f.*
    FROM facts f JOIN owners o ON o.call_sid = f.call_sid),
  stats AS (
    SELECT o.owner, coalesce(o.bucket, '-infinity') AS slot, o.bucket AS start,
      count(*) FILTER (WHERE NOT is_request) AS responses,
      count(*) FILTER (WHERE is_request) AS requests,
      count(*) FILTER (WHERE is_request AND answered) AS requests_answered,
      avg(score) FILTER (WHERE NOT is_request AND kind = 'csat') AS csat,
      count(*) FILTER (WHERE NOT is_request AND kind = 'csat') AS csat_responses,
      ARRAY[count(*) FILTER (WHERE NOT is_request AND kind = 'csat' AND score = 1),
        count(*) FILTER (WHERE NOT is_request AND kind = 'csat' AND score = 2),
        count(*) FILTER (WHERE NOT is_request AND kind = 'csat' AND score = 3),
        count(*) FILTER (WHERE NOT is_request AND kind = 'csat' AND score = 4),
        count(*) FILTER (WHERE NOT is_request AND kind = 'csat' AND score = 5),
        count(*) FILTER (WHERE NOT is_request AND kind = 'csat' AND score = 6),
        count(*) FILTER (WHERE NOT is_request AND kind = 'csat' AND score = 7),
        count(*) FILTER (WHERE NOT is_request AND kind = 'csat' AND score = 8),
        count(*) FILTER (WHERE NOT is_request AND kind = 'csat' AND score = 9)]::int[] AS csat_scores,
      count(*) FILTER (WHERE NOT is_request AND kind = 'nps') AS nps_responses,
      count(*) FILTER (WHERE NOT is_request AND kind = 'nps' AND score >= 9) AS promoters,
      count(*) FILTER (WHERE NOT is_request AND kind = 'nps' AND score BETWEEN 7 AND 8) AS passives,
      count(*) FILTER (WHERE NOT is_request AND kind = 'nps' AND score <= 6) AS detractors,
      count(*) FILTER (WHERE NOT is_request AND kind = 'resolved') AS resolved_responses,
      count(*) FILTER (WHERE NOT is_request AND kind = 'resolved' AND score = 1) AS resolved_yes
    FROM owned o WHERE o.owner IS NOT NULL
    GROUP BY GROUPING SETS ((o.owner, o.bucket), (o.owner)))
  SELECT t.owner, t.slot, t.start, t.responses::int, t.requests::int, kpi_ratio(t.requests_answered, t.requests),
    round(t.csat, 3)::float8, t.csat_responses::int, t.csat_scores, round(100.0 * (t.promoters - t.detractors) / nullif(t.nps_responses, 0), 1)::float8,
    t.nps_responses::int, t.promoters::int, t.passives::int, t.detractors::int, kpi_ratio(t.resolved_yes, t.resolved_responses),
    t.resolved_responses::int
  FROM stats t
$$;

-- Survey answers and the questions asked, found by call (the owners) and by time (the windows).
CREATE INDEX queue_entries_by_call ON queue_entries (call_sid);
CREATE INDEX survey_responses_created_at ON survey_responses (created_at);

-- The groups report's KPIs (migrations 014 and 016) with the survey columns of survey_kpis by group.
-- The old survey_average, survey_count and survey_scores are csat, csat_responses and csat_scores:
-- CSAT answers only (the reports keep the old names in JSON as aliases).
DROP FUNCTION group_kpis(timestamptz, timestamptz, text, integer, integer, service_level_formula);
CREATE FUNCTION group_kpis(from_at timestamptz, to_at timestamptz, zone text, step_seconds integer, short_abandon_seconds integer,
                           formula service_level_formula DEFAULT 'offered')
RETURNS TABLE (group_name text, start timestamptz, offered integer, answered integer, abandoned integer, abandoned_short integer,
               service_level float8, asa float8, longest_wait float8, abandonment_rate float8, aht float8, occupancy float8,
               callbacks_requested integer, callbacks_completed integer, voicemails integer,
               survey_responses integer, survey_requests integer, response_rate float8, csat float8, csat_responses integer,
               csat_scores integer[], nps float8, nps_responses integer, promoters integer, passives integer, detractors integer,
               resolved_rate float8, resolved_responses integer)
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
  survey_stats AS (SELECT * FROM survey_kpis(from_at, to_at, zone, step_seconds, 'group')),
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
  groups AS (SELECT name AS grp FROM skill_groups UNION SELECT grp FROM events UNION SELECT owner FROM survey_stats)
  SELECT g.grp, s.start,
    coalesce(e.offered, 0), coalesce(e.answered, 0), coalesce(e.abandoned, 0), coalesce(e.abandoned_short, 0),
    e.service_level, e.asa, e.longest_wait, e.abandonment_rate, kpi_seconds(h.aht::numeric), kpi_ratio(o.busy::numeric, o.logged_in::numeric),
    coalesce(v.callbacks_requested, 0)::int, coalesce(v.callbacks_completed, 0)::int, coalesce(v.voicemails, 0)::int,
    coalesce(u.survey_responses, 0), coalesce(u.survey_requests, 0), u.response_rate, u.csat, coalesce(u.csat_responses, 0),
    coalesce(u.csat_scores, array_fill(0, ARRAY[9])), u.nps, coalesce(u.nps_responses, 0), coalesce(u.promoters, 0),
    coalesce(u.passives, 0), coalesce(u.detractors, 0), u.resolved_rate, coalesce(u.resolved_responses, 0)
  FROM groups g CROSS JOIN slots s
  LEFT JOIN group_queue_kpis(from_at, to_at, zone, step_seconds, short_abandon_seconds, formula) e
    ON e.group_name = g.grp AND coalesce(e.start, '-infinity') = s.key
  LEFT JOIN handle_stats h ON h.grp = g.grp AND h.key = s.key
  LEFT JOIN occupancy_stats o ON o.grp = g.grp AND o.key = s.key
  LEFT JOIN event_stats v ON v.grp = g.grp AND v.key = s.key
  LEFT JOIN survey_stats u ON u.owner = g.grp AND u.slot = s.key
$$;

-- The agents report's KPIs (migration 014) with the survey columns of survey_kpis by agent.
DROP FUNCTION agent_kpis(timestamptz, timestamptz, text, integer);
CREATE FUNCTION agent_kpis(from_at timestamptz, to_at timestamptz, zone text, step_seconds integer)
RETURNS TABLE (agent_id bigint, start timestamptz, logged_in_seconds float8, busy_seconds float8, occupancy float8, handled integer, aht float8,
               survey_responses integer, survey_requests integer, response_rate float8, csat float8, csat_responses integer,
               csat_scores integer[], nps float8, nps_responses integer, promoters integer, passives integer, detractors integer,
               resolved_rate float8, resolved_responses integer)
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
    GROUP BY GROUPING SETS ((agent_id, report_interval_of(answered_at, from_at, zone, step_seconds)), (agent_id))),
  survey_stats AS (SELECT * FROM survey_kpis(from_at, to_at, zone, step_seconds, 'agent'))
  SELECT a.id, s.start, kpi_seconds(coalesce(t.logged_in, 0)::numeric), kpi_seconds(coalesce(t.busy, 0)::numeric),
    kpi_ratio(t.busy::numeric, t.logged_in::numeric), coalesce(h.handled, 0)::int, kpi_seconds(h.aht::numeric),
    coalesce(u.survey_responses, 0), coalesce(u.survey_requests, 0), u.response_rate, u.csat, coalesce(u.csat_responses, 0),
    coalesce(u.csat_scores, array_fill(0, ARRAY[9])), u.nps, coalesce(u.nps_responses, 0), coalesce(u.promoters, 0),
    coalesce(u.passives, 0), coalesce(u.detractors, 0), u.resolved_rate, coalesce(u.resolved_responses, 0)
  FROM agents a CROSS JOIN slots s
  LEFT JOIN time_stats t ON t.agent_id = a.id AND t.key = s.key
  LEFT JOIN handle_stats h ON h.agent_id = a.id AND h.key = s.key
  LEFT JOIN survey_stats u ON u.owner = a.id::text AND u.slot = s.key
$$;

-- The flows report's KPIs (migration 017) with the survey columns of survey_kpis by flow; a flow
-- whose surveys were answered in the window is listed even when none of its calls started in it.
DROP FUNCTION flow_kpis(timestamptz, timestamptz, text, integer);
CREATE FUNCTION flow_kpis(from_at timestamptz, to_at timestamptz, zone text, step_seconds integer)
RETURNS TABLE (flow_id text, start timestamptz, calls integer, contained integer, routed integer, abandoned integer, zero_outs integer,
               zero_outs_after_failing integer, containment float8, zero_out_rate float8, ivr_abandonment_rate float8, time_to_queue float8,
               survey_responses integer, survey_requests integer, response_rate float8, csat float8, csat_responses integer,
               csat_scores integer[], nps float8, nps_responses integer, promoters integer, passives integer, detractors integer,
               resolved_rate float8, resolved_responses integer)
LANGUAGE sql STABLE AS $$
  WITH slots AS (
    SELECT start AS key, start FROM report_intervals(from_at, to_at, zone, step_seconds)
    UNION ALL SELECT '-infinity'::timestamptz, NULL),
  facts AS (SELECT * FROM ivr_call_facts f WHERE f.started_at >= from_at AND f.started_at < to_at AND f.ended_at IS NOT NULL),
  stats AS (
    SELECT f.flow_id, coalesce(report_interval_of(f.started_at, from_at, zone, step_seconds), '-infinity') AS key, count(*) AS calls,
      count(*) FILTER (WHERE f.contained) AS contained, count(*) FILTER (WHERE f.routed) AS routed,
      count(*) FILTER (WHERE f.abandoned) AS abandoned, count(*) FILTER (WHERE f.zero_out) AS zero_outs,
      count(*) FILTER (WHERE f.zero_out_after_failing) AS zero_outs_after_failing,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY f.seconds_to_queue) AS time_to_queue
    FROM facts f GROUP BY GROUPING SETS ((f.flow_id, report_interval_of(f.started_at, from_at, zone, step_seconds)), (f.flow_id))),
  survey_stats AS (SELECT * FROM survey_kpis(from_at, to_at, zone, step_seconds, 'flow'))
  SELECT fl.flow_id, s.start, coalesce(t.calls, 0)::int, coalesce(t.contained, 0)::int, coalesce(t.routed, 0)::int,
    coalesce(t.abandoned, 0)::int, coalesce(t.zero_outs, 0)::int, coalesce(t.zero_outs_after_failing, 0)::int,
    kpi_ratio(t.contained, t.contained + t.routed), kpi_ratio(t.zero_outs, t.calls), kpi_ratio(t.abandoned, t.calls),
    kpi_seconds(t.time_to_queue::numeric),
    coalesce(u.survey_responses, 0), coalesce(u.survey_requests, 0), u.response_rate, u.csat, coalesce(u.csat_responses, 0),
    coalesce(u.csat_scores, array_fill(0, ARRAY[9])), u.nps, coalesce(u.nps_responses, 0), coalesce(u.promoters, 0),
    coalesce(u.passives, 0), coalesce(u.detractors, 0), u.resolved_rate, coalesce(u.resolved_responses, 0)
  FROM (SELECT f.flow_id FROM facts f UNION SELECT owner FROM survey_stats) fl CROSS JOIN slots s
  LEFT JOIN stats t ON t.flow_id = fl.flow_id AND t.key = s.key
  LEFT JOIN survey_stats u ON u.owner = fl.flow_id AND u.slot = s.key
$$;

-- What each input at a survey step meant, for every kind (migration 017 compared keys with a
-- CSAT scale, so NPS 0 and 10 and a spoken yes counted as invalid).
CREATE OR REPLACE VIEW ivr_inputs AS
SELECT w.call_sid, w.id, c.flow_hash, w.input_step AS step, w.event, w.entered->>0 AS next_step, s.def->>'kind' AS step_kind, o.option,
  CASE s.def->>'kind'
    WHEN 'menu' THEN w.event IN ('DIGITS', 'SPEECH') AND o.option IS NULL AND w.digits IS DISTINCT FROM s.def->>'repeatKey'
    -- A survey answer is invalid when its webhook stored no answer (any kind; keys or speech): the
    -- 'survey' row sits between the webhook's input and its 'heard' row, after the previous 'heard'.
    WHEN 'survey' THEN w.event IN ('DIGITS', 'SPEECH') AND NOT EXISTS (
      SELECT 1 FROM call_events e WHERE e.call_sid = w.call_sid AND e.kind = 'survey' AND e.id < w.id
        AND e.id > coalesce((SELECT p.id FROM call_events p WHERE p.call_sid = w.call_sid AND p.kind = 'heard' AND p.id < w.id
                             ORDER BY p.id DESC LIMIT 1), 0))
    ELSE false END AS invalid
FROM ivr_webhooks w
JOIN calls c ON c.call_sid = w.call_sid
JOIN flow_versions v ON v.hash = c.flow_hash
CROSS JOIN LATERAL (SELECT v.definition->'steps'->w.input_step AS def) s
CROSS JOIN LATERAL (
  SELECT CASE w.event
    WHEN 'DIGITS' THEN (SELECT x->>'key' FROM jsonb_array_elements(s.def->'options') x WHERE x->>'key' = w.digits LIMIT 1)
    WHEN 'SPEECH' THEN (SELECT x->>'key' FROM jsonb_array_elements(s.def->'options') WITH ORDINALITY AS t(x, n)
                        WHERE x->'target'->>'goto' = w.entered->>0 ORDER BY n LIMIT 1)
  END AS option
) o
WHERE s.def->>'kind' IN ('menu', 'survey');
