-- The voicemail inbox and the wallboard's token (issue 14, items 5 and 7).

-- Who a voicemail is given to, and who dealt with it and when: an agent (by id) or a supervisor
-- (by id, or null for an API token), with the name as it was then, so the inbox can say who.
ALTER TABLE voicemails
  ADD COLUMN assigned_agent_id bigint REFERENCES agents (id) ON DELETE SET NULL,
  ADD COLUMN assigned_at timestamptz,
  ADD COLUMN assigned_by text,
  ADD COLUMN handled_at timestamptz,
  ADD COLUMN handled_by text,
  ADD COLUMN handled_by_agent_id bigint REFERENCES agents (id) ON DELETE SET NULL,
  ADD COLUMN handled_by_supervisor_id bigint REFERENCES supervisors (id) ON DELETE SET NULL,
  ADD CONSTRAINT voicemails_handled_by_check CHECK ((handled_at IS NULL) = (handled_by IS NULL)),
  ADD CONSTRAINT voicemails_assigned_check CHECK ((assigned_agent_id IS NULL) OR (assigned_at IS NOT NULL));

-- The inbox lists the newest first, the open ones apart; an agent's console, those assigned to them.
CREATE INDEX voicemails_inbox ON voicemails (created_at DESC, id DESC);
CREATE INDEX voicemails_assigned ON voicemails (assigned_agent_id, created_at DESC) WHERE assigned_agent_id IS NOT NULL;

-- A wallboard token opens only the wallboard (a TV on the floor): a third kind of API token, made
-- and revoked by a supervisor like the others, hashed the same way, never acting for anyone.
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_role_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role_check CHECK (role IN ('agent', 'supervisor', 'wallboard'));

-- The flow diagram's arrows (issue 13 part 3): every hop a call made from one step to the next,
-- pass-through steps included, read from the webhooks' logged paths (ivr_webhooks, migration 017):
-- where the call was, then each step it entered, in order. A step's inner states (billing#connecting,
-- billing#voicemail) count as that step, the call's start is '$start' and the flow ending the call
-- is 'hangup'. `times`: hops made (a call looping back counts again); `calls`: calls that made it.
-- Paste-able: SELECT * FROM flow_step_transitions('2026-03-01', '2026-03-08');
CREATE FUNCTION flow_step_transitions(from_at timestamptz, to_at timestamptz)
RETURNS TABLE (flow_id text, flow_hash text, from_step text, to_step text, times integer, calls integer)
LANGUAGE sql STABLE AS $$
  WITH scope AS (SELECT c.call_sid, c.flow_id, c.flow_hash FROM calls c WHERE c.started_at >= from_at AND c.started_at < to_at),
  -- Call by call, by index, as flow_step_kpis reads the log.
  hooks AS (
    SELECT w.call_sid, w.id, w.event, w.input_step, w.entered, s.flow_id, s.flow_hash
    FROM scope s CROSS JOIN LATERAL (SELECT * FROM ivr_webhooks w WHERE w.call_sid = s.call_sid OFFSET 0) w),
  path AS (
    SELECT h.flow_id, h.flow_hash, h.call_sid, h.id, p.n, split_part(p.step, '#', 1) AS step
    FROM hooks h CROSS JOIN LATERAL (
      SELECT 0::bigint AS n, CASE WHEN h.event = 'CALL_STARTED' THEN '$start' ELSE h.input_step END AS step
      UNION ALL
      SELECT x.n, x.step FROM jsonb_array_elements_text(h.entered) WITH ORDINALITY x(step, n)) p),
  hops AS (
    SELECT flow_id, flow_hash, call_sid, step AS from_step, lead(step) OVER (PARTITION BY call_sid, id ORDER BY n) AS to_step FROM path)
  SELECT flow_id, flow_hash, from_step, CASE to_step WHEN '$ended' THEN 'hangup' ELSE to_step END, count(*)::int, count(DISTINCT call_sid)::int
  FROM hops WHERE to_step IS NOT NULL AND to_step <> from_step
  GROUP BY 1, 2, 3, 4
$$;
