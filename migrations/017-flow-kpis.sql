-- Self-service (IVR) analytics, defined once from the call event log (docs/reports.md names the
-- object behind each figure). Nothing is tagged by hand: the log and the stored flow version say it
-- all. Each webhook logs an 'input' row (step = where the call was, detail.event and digits), then
-- 'queued', 'voicemail' or 'survey' rows for what it did, then a 'heard' row (step = where the call
-- now waits, detail.entered = every step entered on the way, pass-through steps and '$ended'
-- included). A hang-up logs 'ended' (step = where the call was; '$ended' when the flow had hung up).
-- Paste-able: SELECT * FROM flow_kpis('2026-03-01', '2026-03-08', 'UTC', 0);

-- Every webhook that moved a call on: the input it answered, the steps it entered, where the call
-- waited afterwards and for how long (to the next webhook, or the hang-up; NULL while still there).
-- Rows logged before 'entered' was recorded count the waiting step as the one entered.
CREATE VIEW ivr_webhooks AS
SELECT h.call_sid, h.id, h.step AS waiting_at, coalesce(h.detail->'entered', jsonb_build_array(h.step)) AS entered,
  -- Row by row, not a window: a condition on call_sid then reads only that call's events by index.
  extract(epoch FROM (SELECT n.at FROM call_events n WHERE n.call_sid = h.call_sid AND n.id > h.id AND n.kind IN ('heard', 'ended')
                      ORDER BY n.id LIMIT 1) - h.at)::float8 AS waited_seconds,
  i.step AS input_step, i.detail->>'event' AS event, i.detail->>'digits' AS digits
FROM call_events h
CROSS JOIN LATERAL (
  SELECT i.step, i.detail FROM call_events i WHERE i.call_sid = h.call_sid AND i.kind = 'input' AND i.id < h.id ORDER BY i.id DESC LIMIT 1
) i
WHERE h.kind = 'heard';

-- What each input at a menu or survey step meant, read against the call's flow version: the menu
-- option it chose (its key; speech counts for the first option leading where the call went next),
-- or invalid (a key or words no option has, other than the repeat key; a survey score off the scale).
CREATE VIEW ivr_inputs AS
SELECT w.call_sid, w.id, c.flow_hash, w.input_step AS step, w.event, w.entered->>0 AS next_step, s.def->>'kind' AS step_kind, o.option,
  CASE s.def->>'kind'
    WHEN 'menu' THEN w.event IN ('DIGITS', 'SPEECH') AND o.option IS NULL AND w.digits IS DISTINCT FROM s.def->>'repeatKey'
    WHEN 'survey' THEN w.event = 'DIGITS' AND w.digits NOT IN (SELECT generate_series(1, (s.def->>'scale')::int)::text)
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

-- The operator, as the flow model shows it: a queue or transfer step that some menu's option 0
-- leads to (the telephone convention), or whose name says operator (e.g. `operator`, `to-operator`).
CREATE VIEW flow_operator_steps AS
SELECT v.hash AS flow_hash, s.key AS step
FROM flow_versions v CROSS JOIN LATERAL jsonb_each(v.definition->'steps') s
WHERE s.value->>'kind' IN ('queue', 'transfer')
  AND (s.key ILIKE '%operator%' OR EXISTS (
    SELECT 1 FROM jsonb_each(v.definition->'steps') m CROSS JOIN LATERAL jsonb_array_elements(m.value->'options') x
    WHERE m.value->>'kind' = 'menu' AND x->>'key' = '0' AND x->'target'->>'goto' = s.key));

-- One row per call: how it left the IVR.
--   routed: it joined a queue ('queued') or entered a transfer step.
--   contained: not routed, and the flow ended it (information given, self-service done) or it left a
--     voicemail or answered a survey.
--   abandoned: ended, neither routed nor contained (the caller hung up in the IVR).
--   zero_out: it entered an operator step; after_failing when the webhook that took it there answered
--     no input or an invalid input (the menu's retry rule sent it), not a chosen option.
CREATE VIEW ivr_call_facts AS
SELECT c.call_sid, c.flow_id, c.flow_hash, c.started_at, c.ended_at, f.routed, f.contained,
  c.ended_at IS NOT NULL AND NOT f.routed AND NOT f.contained AS abandoned,
  z.id IS NOT NULL AS zero_out, coalesce(z.event = 'NO_INPUT' OR z.invalid, false) AS zero_out_after_failing,
  extract(epoch FROM q.first_at - c.started_at)::float8 AS seconds_to_queue
FROM calls c
LEFT JOIN LATERAL (SELECT min(e.at) AS first_at FROM call_events e WHERE e.call_sid = c.call_sid AND e.kind = 'queued') q ON true
LEFT JOIN LATERAL (
  SELECT w.id, w.event, coalesce(i.invalid, false) AS invalid
  FROM ivr_webhooks w JOIN flow_operator_steps o ON o.flow_hash = c.flow_hash AND w.entered ? o.step
  LEFT JOIN ivr_inputs i ON i.id = w.id
  WHERE w.call_sid = c.call_sid ORDER BY w.id LIMIT 1
) z ON true
CROSS JOIN LATERAL (
  SELECT q.first_at IS NOT NULL OR EXISTS (
      SELECT 1 FROM ivr_webhooks w JOIN flow_versions v ON v.hash = c.flow_hash CROSS JOIN LATERAL jsonb_array_elements_text(w.entered) s
      WHERE w.call_sid = c.call_sid AND v.definition->'steps'->s->>'kind' = 'transfer') AS routed,
    EXISTS (SELECT 1 FROM ivr_webhooks w WHERE w.call_sid = c.call_sid AND w.entered ? '$ended')
      OR EXISTS (SELECT 1 FROM call_events e WHERE e.call_sid = c.call_sid AND e.kind IN ('voicemail', 'survey')) AS flowish
) r
CROSS JOIN LATERAL (SELECT r.routed, NOT r.routed AND r.flowish AND c.ended_at IS NOT NULL AS contained) f;

-- Each flow's self-service KPIs per interval and in total (start NULL), by when the call started.
-- Only calls that have ended count. containment = contained / (contained + routed) (abandoned calls
-- are neither: they are ivr_abandonment_rate = abandoned / calls); zero_out_rate = zero_outs / calls;
-- time_to_queue: median seconds from the call's start to joining its first queue.
CREATE FUNCTION flow_kpis(from_at timestamptz, to_at timestamptz, zone text, step_seconds integer)
RETURNS TABLE (flow_id text, start timestamptz, calls integer, contained integer, routed integer, abandoned integer, zero_outs integer,
               zero_outs_after_failing integer, containment float8, zero_out_rate float8, ivr_abandonment_rate float8, time_to_queue float8)
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
    FROM facts f GROUP BY GROUPING SETS ((f.flow_id, report_interval_of(f.started_at, from_at, zone, step_seconds)), (f.flow_id)))
  SELECT fl.flow_id, s.start, coalesce(t.calls, 0)::int, coalesce(t.contained, 0)::int, coalesce(t.routed, 0)::int,
    coalesce(t.abandoned, 0)::int, coalesce(t.zero_outs, 0)::int, coalesce(t.zero_outs_after_failing, 0)::int,
    kpi_ratio(t.contained, t.contained + t.routed), kpi_ratio(t.zero_outs, t.calls), kpi_ratio(t.abandoned, t.calls),
    kpi_seconds(t.time_to_queue::numeric)
  FROM (SELECT DISTINCT f.flow_id FROM facts f) fl CROSS JOIN slots s
  LEFT JOIN stats t ON t.flow_id = fl.flow_id AND t.key = s.key
$$;

-- Every step of every flow version that served calls started in the window: calls that entered it,
-- the menu options they left by (key -> calls), the steps they went to next (-> calls; 'hangup' when
-- the flow ended the call), no-input and invalid inputs (every attempt), hang-ups there (in a
-- queue too), and the median over the calls that entered it of the seconds they spent there in all
-- (pass-through steps: 0).
CREATE FUNCTION flow_step_kpis(from_at timestamptz, to_at timestamptz)
RETURNS TABLE (flow_id text, flow_hash text, step text, kind text, entered integer, left_by jsonb, exits jsonb, no_input integer,
               invalid integer, hung_up integer, median_seconds float8)
LANGUAGE sql STABLE AS $$
  WITH scope AS (SELECT c.call_sid, c.flow_id, c.flow_hash FROM calls c WHERE c.started_at >= from_at AND c.started_at < to_at),
  -- Call by call (OFFSET 0 keeps the lateral from being flattened): each call's events by index.
  -- Joined as sets, PostgreSQL hashed every 'heard' row of the log (2.8 s for a day of 130 000 calls).
  hooks AS (
    SELECT w.*, s.flow_hash FROM scope s CROSS JOIN LATERAL (SELECT * FROM ivr_webhooks w WHERE w.call_sid = s.call_sid OFFSET 0) w),
  entries AS (
    SELECT DISTINCT h.flow_hash, h.call_sid, x.step FROM hooks h CROSS JOIN LATERAL jsonb_array_elements_text(h.entered) x(step)),
  times AS (
    SELECT e.flow_hash, e.step, percentile_cont(0.5) WITHIN GROUP (ORDER BY coalesce(t.seconds, 0)) AS median_seconds, count(*) AS entered
    FROM entries e
    LEFT JOIN (SELECT call_sid, waiting_at, sum(waited_seconds) AS seconds FROM hooks GROUP BY call_sid, waiting_at) t
      ON t.call_sid = e.call_sid AND t.waiting_at = e.step
    GROUP BY e.flow_hash, e.step),
  inputs AS (SELECT i.* FROM scope s CROSS JOIN LATERAL (SELECT * FROM ivr_inputs i WHERE i.call_sid = s.call_sid OFFSET 0) i),
  options AS (
    SELECT flow_hash, step, jsonb_object_agg(option, n) AS left_by
    FROM (SELECT flow_hash, step, option, count(*)::int AS n FROM inputs WHERE option IS NOT NULL GROUP BY 1, 2, 3) o GROUP BY 1, 2),
  attempts AS (
    SELECT flow_hash, step, count(*) FILTER (WHERE event = 'NO_INPUT') AS no_input, count(*) FILTER (WHERE invalid) AS invalid
    FROM inputs GROUP BY 1, 2),
  moves AS (
    SELECT flow_hash, step, jsonb_object_agg(next_step, n) AS exits FROM (
      SELECT h.flow_hash, h.input_step AS step, CASE h.entered->>0 WHEN '$ended' THEN 'hangup' ELSE h.entered->>0 END AS next_step,
        count(*)::int AS n
      FROM hooks h WHERE h.entered->>0 IS NOT NULL AND h.entered->>0 <> h.input_step GROUP BY 1, 2, 3) m GROUP BY 1, 2),
  -- A hang-up while waiting at a step, or in a queue (Twilio ends the <Enqueue> with QueueResult
  -- hangup; the flow then ends the call itself).
  hangups AS (
    SELECT s.flow_hash, e.step, count(*) AS hung_up FROM call_events e JOIN scope s ON s.call_sid = e.call_sid
    WHERE (e.kind = 'ended' AND e.step <> '$ended')
       OR (e.kind = 'input' AND e.detail->>'event' = 'QUEUE_RESULT' AND e.detail->>'result' = 'hangup')
    GROUP BY 1, 2)
  SELECT v.flow_id, v.hash, d.key, d.value->>'kind', coalesce(t.entered, 0)::int, coalesce(o.left_by, '{}'), coalesce(m.exits, '{}'),
    coalesce(a.no_input, 0)::int, coalesce(a.invalid, 0)::int, coalesce(u.hung_up, 0)::int, kpi_seconds(t.median_seconds::numeric)
  FROM flow_versions v CROSS JOIN LATERAL jsonb_each(v.definition->'steps') d
  LEFT JOIN times t ON t.flow_hash = v.hash AND t.step = d.key
  LEFT JOIN options o ON o.flow_hash = v.hash AND o.step = d.key
  LEFT JOIN attempts a ON a.flow_hash = v.hash AND a.step = d.key
  LEFT JOIN moves m ON m.flow_hash = v.hash AND m.step = d.key
  LEFT JOIN hangups u ON u.flow_hash = v.hash AND u.step = d.key
  WHERE v.hash IN (SELECT flow_hash FROM scope)
$$;
