-- Routing at scale: which agents fit which group is kept in a table (maintained by triggers), so a
-- claim walks an index instead of checking every available agent's skills.

-- For each agent and group: the agent has every required skill, and `max_cap` is the highest level
-- cap (1–5) under which they qualify: each requirement is lowered to min(min_level, cap) by
-- widening, so 5 means "qualifies before any widening". skill_sum ranks the most skilled.
CREATE TABLE agent_group_fit (
  agent_id   bigint NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  group_name text NOT NULL REFERENCES skill_groups (name) ON DELETE CASCADE ON UPDATE CASCADE,
  max_cap    smallint NOT NULL CHECK (max_cap BETWEEN 1 AND 5),
  skill_sum  integer NOT NULL,
  PRIMARY KEY (agent_id, group_name)
);
CREATE INDEX agent_group_fit_by_group ON agent_group_fit (group_name, max_cap, agent_id);

CREATE FUNCTION refresh_agent_group_fit(agent_ids bigint[], group_names text[]) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM agent_group_fit
  WHERE (agent_ids IS NULL OR agent_id = ANY (agent_ids)) AND (group_names IS NULL OR group_name = ANY (group_names));
  INSERT INTO agent_group_fit (agent_id, group_name, max_cap, skill_sum)
  SELECT a.id, g.name,
         coalesce(min(CASE WHEN s.level >= r.min_level THEN 5 ELSE s.level END), 5),
         coalesce(sum(s.level), 0)
  FROM agents a CROSS JOIN skill_groups g
  LEFT JOIN skill_group_requirements r ON r.group_name = g.name
  LEFT JOIN agent_skills s ON s.agent_id = a.id AND s.skill = r.skill
  WHERE (agent_ids IS NULL OR a.id = ANY (agent_ids)) AND (group_names IS NULL OR g.name = ANY (group_names))
  GROUP BY a.id, g.name
  HAVING count(r.skill) = count(s.skill);
$$;

CREATE FUNCTION fit_after_agents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_agent_group_fit((SELECT array_agg(id) FROM changed), NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER agents_fit AFTER INSERT ON agents REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION fit_after_agents();

CREATE FUNCTION fit_after_agent_skills() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_agent_group_fit((SELECT array_agg(DISTINCT agent_id) FROM changed), NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER agent_skills_fit_insert AFTER INSERT ON agent_skills REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION fit_after_agent_skills();
CREATE TRIGGER agent_skills_fit_update AFTER UPDATE ON agent_skills REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION fit_after_agent_skills();
CREATE TRIGGER agent_skills_fit_delete AFTER DELETE ON agent_skills REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION fit_after_agent_skills();

CREATE FUNCTION fit_after_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_agent_group_fit(NULL, (SELECT array_agg(DISTINCT name) FROM changed));
  RETURN NULL;
END $$;
CREATE TRIGGER skill_groups_fit AFTER INSERT ON skill_groups REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION fit_after_groups();

CREATE FUNCTION fit_after_requirements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_agent_group_fit(NULL, (SELECT array_agg(DISTINCT group_name) FROM changed));
  RETURN NULL;
END $$;
CREATE TRIGGER requirements_fit_insert AFTER INSERT ON skill_group_requirements REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION fit_after_requirements();
CREATE TRIGGER requirements_fit_update AFTER UPDATE ON skill_group_requirements REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION fit_after_requirements();
CREATE TRIGGER requirements_fit_delete AFTER DELETE ON skill_group_requirements REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION fit_after_requirements();

SELECT refresh_agent_group_fit(NULL, NULL);

-- The same answers as before, from the table.
CREATE OR REPLACE FUNCTION agent_fits_group(agent bigint, group_name text, level_cap integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM agent_group_fit f WHERE f.agent_id = agent AND f.group_name = agent_fits_group.group_name AND f.max_cap >= LEAST(level_cap, 5))
$$;

-- Agents in strategy order, so a claim stops at the first one that fits (the ORDER BY is fully
-- covered: an incremental sort would read at least 32 candidates).
DROP INDEX agents_available;
CREATE INDEX agents_available ON agents (state_since, id) WHERE state = 'available';
CREATE INDEX agents_available_round_robin ON agents (last_assigned_at NULLS FIRST, id) WHERE state = 'available';
-- Every claim writes these tables; indexes nothing reads any more only slow the writes down.
DROP INDEX agents_leased;
CREATE INDEX agents_in_wrap_up ON agents (lease_until) WHERE state = 'wrap-up';

-- Whether an agent may take a caller is written out in each query below as correlated scalar
-- subqueries: one primary-key probe of agent_group_fit per agent examined. (A function was not
-- inlined, and EXISTS was planned as a hash of every fitting agent, built on each claim.)

-- Routing order as one ascending key, so each step of a claim continues along an index.
CREATE INDEX queue_entries_routing_order ON queue_entries ((-priority), first_entered_at, id) WHERE state IN ('waiting', 'callback');
DROP INDEX queue_entries_routable;

-- Claims up to `max_claims` matches in one statement (one round trip, one transaction), walking
-- callers in routing order; each claimed caller gets the best eligible agent by the group's strategy.
-- claim_next_assignment() (migration 002) is now claim_assignments(1).
DROP FUNCTION claim_next_assignment();
CREATE FUNCTION claim_assignments(max_claims integer)
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
BEGIN
  -- A claim need not wait for its WAL to reach disk: if the database crashed and forgot it, the
  -- caller is still waiting in the database, the agent still available, and the ring that was sent
  -- for it is refused as stale (/voice/connect checks the assignment), so they are matched again.
  PERFORM set_config('synchronous_commit', 'off', true);
  -- One entry at a time, in routing order (a keyset walk along queue_entries_routing_order): a
  -- plain FOR loop over a SKIP LOCKED query would fetch and lock ten rows per batch, hiding them
  -- from every other router while this one looks at the first.
  WHILE claimed < max_claims LOOP
    SELECT * INTO e FROM queue_entries q
    WHERE q.state IN ('waiting', 'callback') AND (q.not_before IS NULL OR q.not_before <= now())
      AND (e.id IS NULL OR ((-q.priority), q.first_entered_at, q.id) > ((-e.priority), e.first_entered_at, e.id))
    ORDER BY (-q.priority), q.first_entered_at, q.id
    LIMIT 1
    FOR UPDATE SKIP LOCKED;
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
    chosen := NULL;
    IF g.strategy = 'round-robin' THEN
      SELECT a.id INTO chosen FROM agents a
      WHERE a.state = 'available' AND (coalesce((SELECT f.max_cap FROM agent_group_fit f WHERE f.agent_id = a.id AND f.group_name = g.name), 0) >= cap
        OR (cardinality(extra) > 0 AND (SELECT max(f.max_cap) FROM agent_group_fit f WHERE f.agent_id = a.id AND f.group_name = ANY (extra)) = 5))
      ORDER BY a.last_assigned_at NULLS FIRST, a.id LIMIT 1 FOR UPDATE SKIP LOCKED;
    ELSIF g.strategy = 'fewest-calls' THEN
      SELECT a.id INTO chosen FROM agents a
      WHERE a.state = 'available' AND (coalesce((SELECT f.max_cap FROM agent_group_fit f WHERE f.agent_id = a.id AND f.group_name = g.name), 0) >= cap
        OR (cardinality(extra) > 0 AND (SELECT max(f.max_cap) FROM agent_group_fit f WHERE f.agent_id = a.id AND f.group_name = ANY (extra)) = 5))
      ORDER BY CASE WHEN a.calls_today_date = current_date THEN a.calls_today ELSE 0 END, a.state_since, a.id
      LIMIT 1 FOR UPDATE SKIP LOCKED;
    ELSIF g.strategy = 'most-skilled' THEN
      SELECT a.id INTO chosen FROM agents a JOIN agent_group_fit f ON f.agent_id = a.id AND f.group_name = g.name
      WHERE a.state = 'available' AND f.max_cap >= cap
      ORDER BY f.skill_sum DESC, a.state_since, a.id LIMIT 1 FOR UPDATE OF a SKIP LOCKED;
      IF chosen IS NULL AND cardinality(extra) > 0 THEN
        SELECT a.id INTO chosen FROM agents a
        WHERE a.state = 'available' AND (SELECT max(f.max_cap) FROM agent_group_fit f WHERE f.agent_id = a.id AND f.group_name = ANY (extra)) = 5
        ORDER BY a.state_since, a.id LIMIT 1 FOR UPDATE SKIP LOCKED;
      END IF;
    ELSE -- longest-idle: the agent available for the longest time
      SELECT a.id INTO chosen FROM agents a
      WHERE a.state = 'available' AND (coalesce((SELECT f.max_cap FROM agent_group_fit f WHERE f.agent_id = a.id AND f.group_name = g.name), 0) >= cap
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

-- Staffing (is anyone who could take the call logged in?) at the group's widest, from the table.
CREATE OR REPLACE FUNCTION agent_eligible(agent bigint, grp skill_groups, waited double precision) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM agent_group_fit f, widening_at(grp.widening, waited) w
    WHERE f.agent_id = agent AND ((f.group_name = grp.name AND f.max_cap >= w.level_cap) OR (f.group_name = ANY (w.extra_groups) AND f.max_cap = 5)))
$$;

-- Triggers run only when they have something to do (a WHEN clause is checked without calling the
-- function), and live notifications carry one payload, so a transaction sends one whatever it touched.
DROP TRIGGER agents_state_changed ON agents;
CREATE TRIGGER agents_state_changed AFTER INSERT ON agents
  FOR EACH ROW EXECUTE FUNCTION record_agent_state_change();
CREATE TRIGGER agents_state_updated AFTER UPDATE OF state ON agents
  FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION record_agent_state_change();
DROP TRIGGER agents_wrap_up_closed ON agents;
CREATE TRIGGER agents_wrap_up_closed AFTER UPDATE OF state ON agents
  FOR EACH ROW WHEN (OLD.state = 'wrap-up' AND NEW.state <> 'wrap-up') EXECUTE FUNCTION close_wrap_up();
DROP TRIGGER queue_entries_state_changed ON queue_entries;
CREATE TRIGGER queue_entries_state_changed AFTER INSERT ON queue_entries
  FOR EACH ROW EXECUTE FUNCTION record_entry_state_change();
CREATE TRIGGER queue_entries_state_updated AFTER UPDATE OF state ON queue_entries
  FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION record_entry_state_change();

CREATE OR REPLACE FUNCTION notify_live() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('switchboard_live', '');
  RETURN NULL;
END $$;
