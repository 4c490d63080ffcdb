-- A claim writes its matches together, once its walk is over: one INSERT of the offers and one
-- UPDATE each of the agents and the entries for the batch, where the walk of migration 015 ran
-- that three-write statement once per match. Each statement costs its executor start-up and
-- three statement triggers (notify_live); for a batch of 16 that was 16 times over. The rows written, their triggers' audit rows and their order are the same: the
-- offers are inserted in claim order, so their ids still follow the routing order.
-- Until the writes, an agent picked earlier in the walk is still `available` (and locked by this
-- transaction, which SKIP LOCKED does not skip), so the picks pass the agents taken so far as
-- backed off: no agent is picked twice, and assignments_one_live_per_agent still refuses a double
-- booking should one slip through. Entries need no such care: the keyset walk only moves forward.
--
-- A walk skips the callers of a group once it found no agent for one of them, where that answer
-- holds for the rest of the walk: the group has no widening (so every caller of it asks the same
-- of an agent) and the caller had no back-off of their own. The agents the walk may still offer
-- only shrink as it goes, so no later caller of the group could have been matched: the order of
-- offers is unchanged. (An agent freed by another transaction during the walk now waits for the
-- next pass, which its NOTIFY starts, and goes to the first of the group's callers, not to one
-- further back.) Migration 015's walk looked for an agent for each of them, one agent pick per
-- caller: with 9,010 callers left waiting and the few agents left available fitting none of them,
-- a claim took 350–490 ms, and claiming 1,000 agents for 10,000 callers cost 1,140–1,250 µs of
-- database CPU per decision; now 5 ms and 170–190 µs (npm run bench, section 3 routing sweep). The
-- skipped callers are still read along the routing-order index (9,010 rows, 6 ms), not locked.
-- Server CPU (the backend's utime + stime) per match, 1,000 matches in batches of 16 on the
-- routing benchmark's data (10,000 agents, 1,000 callers), 5 runs on a busy 2-core machine:
-- migration 015's walk 230–250 µs; this one 140–170 µs.
CREATE OR REPLACE FUNCTION claim_assignments_walk(max_claims integer)
RETURNS TABLE (assignment_id bigint, entry_id bigint, agent_id bigint, call_sid text, kind text, group_name text, ring_timeout_seconds integer)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
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
  -- The matches so far, in claim order, written when the walk is over.
  entry_ids bigint[] := '{}';
  agent_ids bigint[] := '{}';
  offer_kinds text[] := '{}';
  ring_timeouts integer[] := '{}';
  -- Groups no agent left can take (see above); the entry's own back-offs, if any.
  exhausted text[] := '{}';
  own_backoffs bigint[];
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
        AND q.group_name <> ALL (exhausted)
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
    own_backoffs := '{}';
    IF backoffs THEN
      own_backoffs := ARRAY(SELECT b.agent_id FROM agent_entry_backoffs b WHERE b.entry_id = e.id AND b.until > now());
    END IF;
    blocked := agent_ids || own_backoffs;
    chosen := NULL;
    IF g.strategy = 'round-robin' THEN
      SELECT a.id INTO chosen FROM agents a, agent_may_be_offered(a.id, a.state, g.name, cap, extra, blocked) ok WHERE ok
      ORDER BY a.last_assigned_at NULLS FIRST, a.id LIMIT 1 FOR UPDATE OF a SKIP LOCKED;
    ELSIF g.strategy = 'fewest-calls' THEN
      SELECT a.id INTO chosen FROM agents a, agent_may_be_offered(a.id, a.state, g.name, cap, extra, blocked) ok WHERE ok
      ORDER BY CASE WHEN a.calls_today_date = current_date THEN a.calls_today ELSE 0 END, a.state_since, a.id
      LIMIT 1 FOR UPDATE OF a SKIP LOCKED;
    ELSIF g.strategy = 'most-skilled' THEN
      -- The group's own agents first, most skilled first; then those who qualify by an extra group.
      SELECT a.id INTO chosen FROM agents a JOIN agent_group_fit f ON f.agent_id = a.id AND f.group_name = g.name,
        agent_may_be_offered(a.id, a.state, g.name, cap, '{}', blocked) ok
      WHERE ok
      ORDER BY f.skill_sum DESC, a.state_since, a.id LIMIT 1 FOR UPDATE OF a SKIP LOCKED;
      IF chosen IS NULL AND cardinality(extra) > 0 THEN
        SELECT a.id INTO chosen FROM agents a, agent_may_be_offered(a.id, a.state, g.name, cap, extra, blocked) ok WHERE ok
        ORDER BY a.state_since, a.id LIMIT 1 FOR UPDATE OF a SKIP LOCKED;
      END IF;
    ELSE -- longest-idle: the agent available for the longest time
      SELECT a.id INTO chosen FROM agents a, agent_may_be_offered(a.id, a.state, g.name, cap, extra, blocked) ok WHERE ok
      ORDER BY a.state_since, a.id LIMIT 1 FOR UPDATE OF a SKIP LOCKED;
    END IF;
    IF chosen IS NULL THEN
      IF g.widening = '[]'::jsonb AND cardinality(own_backoffs) = 0 THEN
        exhausted := exhausted || g.name;
      END IF;
      CONTINUE;
    END IF;

    claimed := claimed + 1;
    entry_ids := entry_ids || e.id;
    agent_ids := agent_ids || chosen;
    offer_kinds := offer_kinds || CASE WHEN e.state = 'callback' THEN 'callback' ELSE 'inbound' END;
    ring_timeouts := ring_timeouts || g.ring_timeout_seconds;
  END LOOP;
  IF claimed = 0 THEN
    RETURN;
  END IF;

  -- The batch's three writes in one statement. The rows to update are found by `= ANY` of the ids,
  -- on the primary keys: joined to the batch alone, the plan read all of queue_entries.
  RETURN QUERY
  WITH m AS (
      SELECT * FROM unnest(entry_ids, agent_ids, offer_kinds, ring_timeouts) WITH ORDINALITY m(entry_id, agent_id, kind, ring_timeout, n)),
    offer AS (
      INSERT INTO assignments (entry_id, agent_id, kind)
      SELECT m.entry_id, m.agent_id, m.kind FROM m ORDER BY m.n
      RETURNING id, assignments.entry_id),
    agent AS (
      UPDATE agents a SET state = 'reserved', state_since = now(), state_reason = NULL,
             lease_until = now() + make_interval(secs => m.ring_timeout + 30), last_assigned_at = now()
      FROM m WHERE a.id = ANY (agent_ids) AND m.agent_id = a.id),
    entry AS (
      UPDATE queue_entries q SET state = 'offered', state_since = now()
      FROM m WHERE q.id = ANY (entry_ids) AND m.entry_id = q.id
      RETURNING q.id, q.call_sid, q.group_name)
  SELECT o.id, m.entry_id, m.agent_id, q.call_sid, m.kind, q.group_name, m.ring_timeout
  FROM m JOIN offer o ON o.entry_id = m.entry_id JOIN entry q ON q.id = m.entry_id
  ORDER BY m.n;
END $$;
