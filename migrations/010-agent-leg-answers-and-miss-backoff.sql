-- Issue 8, items 4 and 5.

-- The first answer to each webhook of an agent's leg (whisper, callbacks, the agent's status
-- callback), stored in the transaction that made its change, so that Twilio's retry (same
-- I-Twilio-Idempotency-Token, or the same URL and parameters) is answered with it and changes
-- nothing. The caller's leg keeps its answer on the call row (calls.last_response).
CREATE TABLE agent_leg_answers (
  assignment_id     bigint NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
  route             text NOT NULL,
  request_hash      text NOT NULL,
  idempotency_token text,
  response          text NOT NULL,
  answered_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (assignment_id, route, request_hash)
);

-- After an agent misses or refuses a caller, that agent is not offered that caller again for the
-- group's back-off: another eligible agent is tried first, and a caller whose only agent is the one
-- who missed them waits it out. 0 turns it off.
ALTER TABLE skill_groups
  ADD COLUMN miss_backoff_seconds integer NOT NULL DEFAULT 20 CHECK (miss_backoff_seconds BETWEEN 0 AND 600);

-- (entry, agent) pairs backed off until `until`. Rows are written by a miss and pruned by the next
-- miss once expired, so the table holds the last few seconds of misses only.
CREATE TABLE agent_entry_backoffs (
  entry_id bigint NOT NULL REFERENCES queue_entries (id) ON DELETE CASCADE,
  agent_id bigint NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  until    timestamptz NOT NULL,
  PRIMARY KEY (entry_id, agent_id)
);
CREATE INDEX agent_entry_backoffs_by_until ON agent_entry_backoffs (until);

-- The claim of migration 007, with the back-off in the agent pick. The walk is unchanged: when no
-- back-off is in force (the usual case) it costs one probe of an empty index per statement; when
-- some are, one primary-key probe per caller looked at, and the agents backed off from that caller
-- are left out of the pick by an in-memory array test (no per-candidate query).
CREATE OR REPLACE FUNCTION claim_assignments(max_claims integer)
RETURNS TABLE (assignment_id bigint, entry_id bigint, agent_id bigint, call_sid text, kind text, group_name text, ring_timeout_seconds integer)
LANGUAGE plpgsql AS $$
DECLARE
  e queue_entries;
  g skill_groups;
  cap integer;
  extra text[];
  chosen bigint;
  new_id bigint;
  claimed integer := 0;
  -- Any miss back-off in force at all, and the agents backed off from the entry looked at.
  backoffs boolean;
  blocked bigint[] := '{}';
BEGIN
  -- A claim need not wait for its WAL to reach disk: if the database crashed and forgot it, the
  -- caller is still waiting in the database, the agent still available, and the ring that was sent
  -- for it is refused as stale (/voice/connect checks the assignment), so they are matched again.
  PERFORM set_config('synchronous_commit', 'off', true);
  -- Nobody available: nothing to match, so no caller is looked at (or locked).
  IF NOT EXISTS (SELECT 1 FROM agents WHERE state = 'available') THEN
    RETURN;
  END IF;
  -- Usually none (a back-off lasts seconds): then the walk reads nothing more than before.
  backoffs := EXISTS (SELECT 1 FROM agent_entry_backoffs b WHERE b.until > now());
  -- One entry at a time, in routing order (a keyset walk along queue_entries_routing_order): a
  -- plain FOR loop over a SKIP LOCKED query would fetch and lock ten rows per batch, hiding them
  -- from every other router while this one looks at the first.
  WHILE claimed < max_claims LOOP
    IF e.id IS NULL THEN
      SELECT * INTO e FROM queue_entries q
      WHERE q.state IN ('waiting', 'callback') AND (q.not_before IS NULL OR q.not_before <= now())
      ORDER BY (-q.priority), q.first_entered_at, q.id
      LIMIT 1
      FOR UPDATE SKIP LOCKED;
    ELSE
      SELECT * INTO e FROM queue_entries q
      WHERE q.state IN ('waiting', 'callback') AND (q.not_before IS NULL OR q.not_before <= now())
        AND ((-q.priority), q.first_entered_at, q.id) > ((-e.priority), e.first_entered_at, e.id)
      ORDER BY (-q.priority), q.first_entered_at, q.id
      LIMIT 1
      FOR UPDATE SKIP LOCKED;
    END IF;
    EXIT WHEN NOT FOUND;
    IF g.name IS DISTINCT FROM e.group_name THEN
      SELECT * INTO g FROM skill_groups s WHERE s.name = e.group_name;
    END IF;
    IF g.widening = '[]'::jsonb THEN
      cap := 5;
      extra := '{}';
    ELSE
      SELECT w.level_cap, w.extra_groups INTO cap, extra FROM widening_at(g.widening, extract(epoch FROM now() - e.first_entered_at)) w;
    END IF;
    IF backoffs THEN
      blocked := ARRAY(SELECT b.agent_id FROM agent_entry_backoffs b WHERE b.entry_id = e.id AND b.until > now());
    END IF;
    chosen := NULL;
    IF g.strategy = 'round-robin' THEN
      SELECT a.id INTO chosen FROM agents a
      WHERE a.state = 'available' AND a.id <> ALL (blocked) AND (coalesce((SELECT f.max_cap FROM agent_group_fit f WHERE f.agent_id = a.id AND f.group_name = g.name), 0) >= cap
        OR (cardinality(extra) > 0 AND (SELECT max(f.max_cap) FROM agent_group_fit f WHERE f.agent_id = a.id AND f.group_name = ANY (extra)) = 5))
      ORDER BY a.last_assigned_at NULLS FIRST, a.id LIMIT 1 FOR UPDATE SKIP LOCKED;
    ELSIF g.strategy = 'fewest-calls' THEN
      SELECT a.id INTO chosen FROM agents a
      WHERE a.state = 'available' AND a.id <> ALL (blocked) AND (coalesce((SELECT f.max_cap FROM agent_group_fit f WHERE f.agent_id = a.id AND f.group_name = g.name), 0) >= cap
        OR (cardinality(extra) > 0 AND (SELECT max(f.max_cap) FROM agent_group_fit f WHERE f.agent_id = a.id AND f.group_name = ANY (extra)) = 5))
      ORDER BY CASE WHEN a.calls_today_date = current_date THEN a.calls_today ELSE 0 END, a.state_since, a.id
      LIMIT 1 FOR UPDATE SKIP LOCKED;
    ELSIF g.strategy = 'most-skilled' THEN
      SELECT a.id INTO chosen FROM agents a JOIN agent_group_fit f ON f.agent_id = a.id AND f.group_name = g.name
      WHERE a.state = 'available' AND a.id <> ALL (blocked) AND f.max_cap >= cap
      ORDER BY f.skill_sum DESC, a.state_since, a.id LIMIT 1 FOR UPDATE OF a SKIP LOCKED;
      IF chosen IS NULL AND cardinality(extra) > 0 THEN
        SELECT a.id INTO chosen FROM agents a
        WHERE a.state = 'available' AND a.id <> ALL (blocked) AND (SELECT max(f.max_cap) FROM agent_group_fit f WHERE f.agent_id = a.id AND f.group_name = ANY (extra)) = 5
        ORDER BY a.state_since, a.id LIMIT 1 FOR UPDATE SKIP LOCKED;
      END IF;
    ELSE -- longest-idle: the agent available for the longest time
      SELECT a.id INTO chosen FROM agents a
      WHERE a.state = 'available' AND a.id <> ALL (blocked) AND (coalesce((SELECT f.max_cap FROM agent_group_fit f WHERE f.agent_id = a.id AND f.group_name = g.name), 0) >= cap
        OR (cardinality(extra) > 0 AND (SELECT max(f.max_cap) FROM agent_group_fit f WHERE f.agent_id = a.id AND f.group_name = ANY (extra)) = 5))
      ORDER BY a.state_since, a.id LIMIT 1 FOR UPDATE SKIP LOCKED;
    END IF;
    CONTINUE WHEN chosen IS NULL;

    -- The claim's three writes in one statement.
    WITH offer AS (
        INSERT INTO assignments (entry_id, agent_id, kind)
        VALUES (e.id, chosen, CASE WHEN e.state = 'callback' THEN 'callback' ELSE 'inbound' END)
        RETURNING id),
      agent AS (
        UPDATE agents SET state = 'reserved', state_since = now(), state_reason = NULL,
               lease_until = now() + make_interval(secs => g.ring_timeout_seconds + 30), last_assigned_at = now()
        WHERE id = chosen),
      entry AS (
        UPDATE queue_entries SET state = 'offered', state_since = now() WHERE id = e.id)
    SELECT id INTO new_id FROM offer;
    claimed := claimed + 1;
    assignment_id := new_id; entry_id := e.id; agent_id := chosen; call_sid := e.call_sid;
    kind := CASE WHEN e.state = 'callback' THEN 'callback' ELSE 'inbound' END;
    group_name := e.group_name; ring_timeout_seconds := g.ring_timeout_seconds;
    RETURN NEXT;
  END LOOP;
END $$;
