-- One eligibility predicate. Whether an agent's skills let them take a group's caller was written
-- out in agent_fits_group, agent_eligible and four times in the claim walk; it is now written once,
-- in agent_qualifies, and everything else asks it:
--   widening_at(widening, waited)              the widening in force after `waited` seconds (migration 002)
--   agent_qualifies(agent, group, cap, extras) the rule, under a widening already worked out
--   agent_eligible(agent, grp, waited)         the rule after `waited` seconds (staffing asks at 'Infinity')
--   agent_fits_group(agent, group, cap)        the rule without extra groups (cap 5: before any widening)
--   agent_may_be_offered(agent, state, group, cap, extras, backed_off)
--                                              what a claim asks: available, not backed off, and the rule

-- The rule: `agent` has every skill `group_name` requires, each at its minimum level lowered to at
-- most `level_cap` (1–5, so 5 is "no lowering"); or fits one of `extra_groups` without lowering.
-- Read from agent_group_fit (migration 004), where max_cap is the highest cap the agent qualifies
-- under: one primary-key probe per agent examined, as correlated scalar subqueries. (Migration 004
-- measured EXISTS instead: it was planned as a hash of every fitting agent, built on each claim.)
-- A table function (one row), not a boolean one, so that PostgreSQL inlines it into the calling
-- query: a scalar SQL function whose body has a subquery is never inlined, and called once per
-- agent examined it took 1.7 times the server CPU of the inlined form for the same claims
-- (measurement below). Ask it as `FROM agents a, agent_qualifies(a.id, …) ok WHERE ok`.
CREATE FUNCTION agent_qualifies(agent bigint, group_name text, level_cap integer, extra_groups text[]) RETURNS SETOF boolean
LANGUAGE sql STABLE ROWS 1 AS $$
  SELECT coalesce((SELECT f.max_cap FROM agent_group_fit f WHERE f.agent_id = agent AND f.group_name = agent_qualifies.group_name), 0)
           >= LEAST(level_cap, 5)
      OR (cardinality(extra_groups) > 0
          AND coalesce((SELECT max(f.max_cap) FROM agent_group_fit f WHERE f.agent_id = agent AND f.group_name = ANY (extra_groups)), 0) = 5)
$$;

-- The two questions asked one agent at a time (staffing, positions, reports), as booleans.
CREATE OR REPLACE FUNCTION agent_fits_group(agent bigint, group_name text, level_cap integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT ok FROM agent_qualifies(agent, group_name, level_cap, '{}') ok
$$;

CREATE OR REPLACE FUNCTION agent_eligible(agent bigint, grp skill_groups, waited double precision) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT ok FROM widening_at(grp.widening, waited) w, agent_qualifies(agent, grp.name, w.level_cap, w.extra_groups) ok
$$;

-- What a claim asks of an agent for a caller of `group_name`: the agent is available
-- (`agent_state`), not among `backed_off` (who missed this caller within the group's back-off,
-- migration 010), and qualifies under the widening in force. Inlined like agent_qualifies, so the
-- planner still sees `state = 'available'` and walks the partial indexes on available agents. The
-- agent's id and state are passed, not its row: a row passed on into agent_qualifies' subqueries
-- would be built for every agent examined.
CREATE FUNCTION agent_may_be_offered(agent bigint, agent_state text, group_name text, level_cap integer, extra_groups text[],
                                     backed_off bigint[]) RETURNS SETOF boolean
LANGUAGE sql STABLE ROWS 1 AS $$
  SELECT agent_state = 'available' AND agent <> ALL (backed_off) AND ok
  FROM agent_qualifies(agent, group_name, level_cap, extra_groups) ok
$$;

-- The walk of migration 010 (wrapped by claim_assignments since 012), its agent picks asking
-- agent_may_be_offered (each pick now locks `OF a`: the function is in its FROM). Unchanged
-- otherwise; the comments of 006, 007 and 010 on its shape hold.
-- Its statements run on generic plans, planned once per connection: PL/pgSQL chose custom plans
-- (each pick has other parameters), so every pick was planned again, and with the predicate every
-- planning inlines its functions anew. The generic plans are the same index walks (EXPLAIN with
-- plan_cache_mode = force_generic_plan). Server CPU (the backend's utime + stime) for 1,000 claims
-- in one call on the routing benchmark's data, medians of 8 on a busy machine: migration 012's walk
-- 650 ms; this predicate on custom plans 700 ms, as a scalar function 1,200 ms; on generic plans 450 ms.
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
