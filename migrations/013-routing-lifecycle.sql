-- The routing lifecycle's operations, one SQL function each (issue 10). Each is one transition of
-- an agent offer (assignment), its queue entry and its agent, as declared in
-- src/routing/lifecycle/transitions.ts; src/routing/lifecycle/ calls them with the policy values
-- of src/routing/lifecycle/policy.ts as arguments (no policy number is written here). An operator
-- can run any of them from psql, e.g. SELECT withdraw_offer(42, 'cancelled', 'back-in-line', '2 s', '1 min').
-- The state-change triggers and NOTIFY of migration 002 see these writes as they saw the old ones.
-- The claim (claim_assignments, migrations 010 and 012) is not redefined here.

-- Frees an agent after a call that never reached them, or after wrap-up: to the state they asked
-- for meanwhile (pending_state), else available. Every other operation that frees an agent calls this.
CREATE FUNCTION release_agent(agent bigint, reset_misses boolean DEFAULT false) RETURNS void
LANGUAGE sql AS $$
  UPDATE agents SET state = coalesce(pending_state, 'available'), state_reason = pending_reason, pending_state = NULL,
    pending_reason = NULL, lease_until = NULL, state_since = now(),
    missed_in_row = CASE WHEN reset_misses THEN 0 ELSE missed_in_row END
  WHERE id = agent
$$;

-- Ends an offer still in `from_state` with outcome `how`; a row of NULLs when it is not (ended
-- already, or never in that state): a retried or late webhook then changes nothing.
CREATE FUNCTION end_offer(offer_id bigint, from_state text, how text) RETURNS assignments
LANGUAGE sql AS $$
  UPDATE assignments SET state = 'ended', outcome = how, ended_at = now() WHERE id = offer_id AND state = from_state RETURNING *
$$;

-- The agent pressed 1: the offer is connected, the agent on the call (for `on_call_lease`), the entry connected.
CREATE FUNCTION accept_offer(offer_id bigint, agent_leg text, on_call_lease interval) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  o assignments;
BEGIN
  UPDATE assignments SET state = 'connected', answered_at = now(), agent_call_sid = coalesce(agent_leg, agent_call_sid)
  WHERE id = offer_id AND state = 'ringing' RETURNING * INTO o;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  UPDATE agents SET state = 'on-call', state_since = now(), lease_until = now() + on_call_lease, missed_in_row = 0 WHERE id = o.agent_id;
  UPDATE queue_entries SET state = 'connected', state_since = now() WHERE id = o.entry_id;
  RETURN true;
END $$;

-- The call with the agent is over (they talked): offer and entry completed, the agent into wrap-up
-- for the group's seconds. Safe to run twice (the Dial action and the status callback both end it).
CREATE FUNCTION complete_call(offer_id bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  o assignments;
BEGIN
  UPDATE assignments a SET state = 'ended', outcome = 'completed', ended_at = now(),
    wrap_up_until = now() + make_interval(secs => g.wrap_up_seconds)
  FROM queue_entries q, skill_groups g
  WHERE a.id = offer_id AND a.state = 'connected' AND q.id = a.entry_id AND g.name = q.group_name
  RETURNING a.* INTO o;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  UPDATE queue_entries SET state = 'completed', state_since = now(), ended_at = now() WHERE id = o.entry_id;
  UPDATE agents SET state = 'wrap-up', state_since = now(), lease_until = o.wrap_up_until,
    calls_today = CASE WHEN calls_today_date = current_date THEN calls_today + 1 ELSE 1 END, calls_today_date = current_date
  WHERE id = o.agent_id;
  RETURN true;
END $$;

-- The agent did not take the call (`miss`: no-answer, busy, failed, rejected, lost). The entry goes
-- back to where it was (its original place); the agent is freed, or not-ready after the group's
-- number of misses in a row, and is not offered this caller again for the group's miss back-off
-- (expired back-offs are pruned here, so the table holds only recent misses).
CREATE FUNCTION miss_offer(offer_id bigint, miss text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  o assignments;
  g skill_groups;
  misses integer;
BEGIN
  o := end_offer(offer_id, 'ringing', miss);
  IF o.id IS NULL THEN
    RETURN false;
  END IF;
  SELECT s.* INTO g FROM queue_entries q JOIN skill_groups s ON s.name = q.group_name WHERE q.id = o.entry_id;
  UPDATE queue_entries SET state = CASE WHEN o.kind = 'callback' THEN 'callback' ELSE 'waiting' END, state_since = now()
  WHERE id = o.entry_id AND state = 'offered';
  DELETE FROM agent_entry_backoffs WHERE until <= now();
  IF g.miss_backoff_seconds > 0 THEN
    INSERT INTO agent_entry_backoffs (entry_id, agent_id, until) VALUES (o.entry_id, o.agent_id, now() + make_interval(secs => g.miss_backoff_seconds))
    ON CONFLICT (entry_id, agent_id) DO UPDATE SET until = EXCLUDED.until;
  END IF;
  UPDATE agents SET missed_in_row = missed_in_row + 1 WHERE id = o.agent_id RETURNING missed_in_row INTO misses;
  IF misses >= g.max_misses THEN
    -- Whatever they asked for meanwhile: they are not ready until they say otherwise.
    UPDATE agents SET state = 'not-ready', state_reason = 'missed ' || misses || ' calls in a row', state_since = now(),
      lease_until = NULL, pending_state = NULL, pending_reason = NULL
    WHERE id = o.agent_id;
  ELSE
    PERFORM release_agent(o.agent_id);
  END IF;
  RETURN true;
END $$;

-- A ring is withdrawn (`why`: caller-hung-up, cancelled, lost); the agent is freed, not counted as
-- missing it. The entry is `abandoned`, or goes `back-in-line` (a callback back to waiting for its
-- callback) unless the caller's call has ended meanwhile, which is an abandon too. An entry back in
-- line is not offered again before `inbound_retry` (a caller on the line) or `callback_retry`.
CREATE FUNCTION withdraw_offer(offer_id bigint, why text, entry_after text, inbound_retry interval, callback_retry interval) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  o assignments;
  target text;
BEGIN
  o := end_offer(offer_id, 'ringing', why);
  IF o.id IS NULL THEN
    RETURN false;
  END IF;
  SELECT CASE
      WHEN entry_after = 'abandoned' OR (o.kind = 'inbound' AND c.ended_at IS NOT NULL) THEN 'abandoned'
      WHEN o.kind = 'callback' THEN 'callback' ELSE 'waiting' END
  INTO target
  FROM queue_entries q JOIN calls c ON c.call_sid = q.call_sid WHERE q.id = o.entry_id;
  UPDATE queue_entries SET state = target, state_since = now(), ended_at = CASE WHEN target = 'abandoned' THEN now() END,
    not_before = CASE WHEN target <> 'abandoned' THEN now() + CASE WHEN o.kind = 'callback' THEN callback_retry ELSE inbound_retry END END
  WHERE id = o.entry_id AND state = 'offered';
  PERFORM release_agent(o.agent_id);
  RETURN true;
END $$;

-- A callback about to be dialled whose number the policy now refuses: the ring is withdrawn (no
-- miss), the entry ends as failed, and the call's log says why. Safe to run twice.
CREATE FUNCTION refuse_callback_at_dial(offer_id bigint, refusal_reason text, refused_number text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  o assignments;
  caller text;
BEGIN
  o := end_offer(offer_id, 'ringing', 'cancelled');
  IF o.id IS NULL THEN
    RETURN false;
  END IF;
  UPDATE queue_entries SET state = 'failed', state_since = now(), ended_at = now() WHERE id = o.entry_id RETURNING call_sid INTO caller;
  INSERT INTO call_events (call_sid, kind, step, detail)
  VALUES (caller, 'callback-refused', NULL, jsonb_build_object('reason', refusal_reason, 'number', refused_number, 'when', 'dial'));
  PERFORM release_agent(o.agent_id);
  RETURN true;
END $$;

-- A callback reached the agent but not the customer: the agent is freed; the customer keeps their
-- place and is tried again after `retry_after`, until `max_attempts` tries have failed.
CREATE FUNCTION callback_not_reached(offer_id bigint, max_attempts integer, retry_after interval) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  o assignments;
BEGIN
  o := end_offer(offer_id, 'connected', 'failed');
  IF o.id IS NULL THEN
    RETURN false;
  END IF;
  UPDATE queue_entries SET callback_attempts = callback_attempts + 1,
    state = CASE WHEN callback_attempts + 1 >= max_attempts THEN 'failed' ELSE 'callback' END, state_since = now(),
    not_before = now() + retry_after, ended_at = CASE WHEN callback_attempts + 1 >= max_attempts THEN now() END
  WHERE id = o.entry_id;
  PERFORM release_agent(o.agent_id);
  RETURN true;
END $$;

-- The agent's own call of a callback (agent first): noted once, for the reconciler's status checks.
CREATE FUNCTION note_agent_call_sid(offer_id bigint, agent_leg text) RETURNS void
LANGUAGE sql AS $$
  UPDATE assignments SET agent_call_sid = coalesce(agent_call_sid, agent_leg) WHERE id = offer_id
$$;

-- Agents whose wrap-up is over are freed (available, or what they asked for meanwhile).
CREATE FUNCTION end_due_wrap_ups() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  agent bigint;
  ended integer := 0;
BEGIN
  FOR agent IN SELECT id FROM agents WHERE state = 'wrap-up' AND lease_until <= now() FOR UPDATE LOOP
    PERFORM release_agent(agent, true);
    ended := ended + 1;
  END LOOP;
  RETURN ended;
END $$;

-- The agent is done with wrap-up before its time is up (the same ending as end_due_wrap_ups).
CREATE FUNCTION end_wrap_up(agent bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM agents WHERE id = agent AND state = 'wrap-up' FOR UPDATE;
  IF FOUND THEN
    PERFORM release_agent(agent, true);
  END IF;
END $$;

-- The caller's call is over: an agent ringing for them is released without a miss, a call in
-- progress with an agent is completed (wrap-up), and a waiting entry is abandoned. Callback
-- entries stay: hanging up is how a caller waits for their callback.
CREATE FUNCTION caller_gone(caller text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  live assignments;
BEGIN
  SELECT a.* INTO live FROM assignments a JOIN queue_entries q ON q.id = a.entry_id
  WHERE q.call_sid = caller AND a.state IN ('ringing', 'connected') AND a.kind = 'inbound';
  IF live.state = 'ringing' THEN
    -- An abandoned entry is never offered again, so it needs no retry delays.
    PERFORM withdraw_offer(live.id, 'caller-hung-up', 'abandoned', NULL, NULL);
  ELSIF live.state = 'connected' THEN
    PERFORM complete_call(live.id);
  END IF;
  UPDATE queue_entries SET state = 'abandoned', state_since = now(), ended_at = now()
  WHERE call_sid = caller AND state IN ('waiting', 'offered') AND callback_number IS NULL;
END $$;

-- Puts the call in `group_name`'s queue. A call already queued (sent back after an agent missed it,
-- or moved to another group on overflow) keeps its original place: `first_entered_at` carries over.
CREATE FUNCTION enqueue_caller(caller text, group_name text, priority integer, language text, step text, OUT entry_id bigint, OUT requeued boolean)
LANGUAGE sql AS $$
  WITH previous AS (
      SELECT id, group_name, first_entered_at FROM queue_entries
      WHERE call_sid = caller AND state IN ('waiting', 'offered', 'connected', 'callback') FOR UPDATE),
    same AS (
      UPDATE queue_entries q SET state = 'waiting', state_since = now(), entered_at = now(), step = enqueue_caller.step
      FROM previous p WHERE q.id = p.id AND p.group_name = enqueue_caller.group_name RETURNING q.id),
    moved AS (
      UPDATE queue_entries q SET state = 'overflowed', state_since = now(), ended_at = now()
      FROM previous p WHERE q.id = p.id AND p.group_name <> enqueue_caller.group_name RETURNING p.first_entered_at),
    created AS (
      INSERT INTO queue_entries (call_sid, group_name, priority, language, step, first_entered_at)
      SELECT caller, enqueue_caller.group_name, enqueue_caller.priority, enqueue_caller.language, enqueue_caller.step,
        coalesce((SELECT first_entered_at FROM moved), now())
      WHERE NOT EXISTS (SELECT 1 FROM same) RETURNING id)
  SELECT coalesce((SELECT id FROM same), (SELECT id FROM created)), EXISTS (SELECT 1 FROM previous)
$$;

-- The caller leaves the queue: `entry_after` is `callback` (the entry keeps its place and waits for
-- an agent, who will call `callback_to`) or how it closed (left, overflowed, abandoned). An agent
-- already ringing for it is released (not counted as a miss).
CREATE FUNCTION leave_queue(caller text, entry_after text, callback_to text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  entry bigint;
  agent bigint;
BEGIN
  UPDATE queue_entries SET state = entry_after, state_since = now(), callback_number = coalesce(callback_to, callback_number),
    ended_at = CASE WHEN entry_after = 'callback' THEN NULL ELSE now() END
  WHERE call_sid = caller AND state IN ('waiting', 'offered', 'connected') RETURNING id INTO entry;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  UPDATE assignments SET state = 'ended', outcome = 'cancelled', ended_at = now()
  WHERE entry_id = entry AND state = 'ringing' RETURNING agent_id INTO agent;
  IF FOUND THEN
    PERFORM release_agent(agent);
  END IF;
END $$;

-- An agent asks for a state. While ringing or on a call the request waits (`pending_state`) and is
-- applied when the call's wrap-up ends; during wrap-up it applies at once (ending wrap-up early).
-- No row when there is no such agent.
CREATE FUNCTION request_agent_state(agent bigint, wanted text, why text) RETURNS SETOF agents
LANGUAGE sql AS $$
  UPDATE agents SET
    state = CASE WHEN state IN ('reserved', 'on-call') THEN state ELSE wanted END,
    state_since = CASE WHEN state IN ('reserved', 'on-call') OR state = wanted THEN state_since ELSE now() END,
    state_reason = CASE WHEN state IN ('reserved', 'on-call') THEN state_reason ELSE why END,
    pending_state = CASE WHEN state IN ('reserved', 'on-call') THEN wanted END,
    pending_reason = CASE WHEN state IN ('reserved', 'on-call') THEN why END,
    lease_until = CASE WHEN state IN ('reserved', 'on-call') THEN lease_until END,
    missed_in_row = CASE WHEN wanted = 'available' AND state NOT IN ('reserved', 'on-call') THEN 0 ELSE missed_in_row END
  WHERE id = agent
  RETURNING *
$$;

-- Repair: agents reserved or on a call without a live offer are freed.
CREATE FUNCTION release_orphan_agents() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  agent bigint;
  freed integer := 0;
BEGIN
  FOR agent IN SELECT ag.id FROM agents ag WHERE ag.state IN ('reserved', 'on-call')
      AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.agent_id = ag.id AND a.state IN ('ringing', 'connected'))
      FOR UPDATE LOOP
    PERFORM release_agent(agent);
    freed := freed + 1;
  END LOOP;
  RETURN freed;
END $$;

-- Repair: entries offered or connected without a live offer wait again (or end); waiting ones whose
-- caller is gone are abandoned.
CREATE FUNCTION repair_orphan_entries() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  repaired integer;
BEGIN
  UPDATE queue_entries q SET state = CASE
        WHEN q.state = 'connected' THEN 'completed'
        WHEN q.callback_number IS NOT NULL THEN 'callback'
        WHEN c.ended_at IS NOT NULL THEN 'abandoned' ELSE 'waiting' END,
      state_since = now(),
      ended_at = CASE WHEN q.state = 'connected' OR (c.ended_at IS NOT NULL AND q.callback_number IS NULL) THEN now() END
    FROM calls c WHERE c.call_sid = q.call_sid AND (
      (q.state IN ('offered', 'connected') AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.entry_id = q.id AND a.state IN ('ringing', 'connected')))
      OR (q.state = 'waiting' AND c.ended_at IS NOT NULL));
  GET DIAGNOSTICS repaired = ROW_COUNT;
  RETURN repaired;
END $$;
