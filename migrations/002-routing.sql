-- Skill-based routing: agents, skills, group settings, queue entries, assignments, and a record of
-- every state change (reports are computed from those records).

CREATE TABLE skills (
  name       text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE skill_groups
  ADD COLUMN strategy text NOT NULL DEFAULT 'longest-idle'
    CHECK (strategy IN ('longest-idle', 'round-robin', 'fewest-calls', 'most-skilled')),
  ADD COLUMN ring_timeout_seconds integer NOT NULL DEFAULT 20 CHECK (ring_timeout_seconds BETWEEN 5 AND 120),
  ADD COLUMN wrap_up_seconds integer NOT NULL DEFAULT 30 CHECK (wrap_up_seconds BETWEEN 0 AND 3600),
  ADD COLUMN max_misses integer NOT NULL DEFAULT 2 CHECK (max_misses BETWEEN 1 AND 20),
  ADD COLUMN max_wait_seconds integer NOT NULL DEFAULT 600 CHECK (max_wait_seconds BETWEEN 10 AND 86400),
  -- What happens at max wait or when nobody who could take the call is logged in:
  -- {"action": "voicemail"} | {"action": "callback"} | {"action": "group", "group": "general"}
  ADD COLUMN overflow jsonb NOT NULL DEFAULT '{"action": "voicemail"}',
  ADD COLUMN service_level_seconds integer NOT NULL DEFAULT 20 CHECK (service_level_seconds BETWEEN 1 AND 3600),
  ADD COLUMN announce_every_seconds integer NOT NULL DEFAULT 60 CHECK (announce_every_seconds BETWEEN 15 AND 3600),
  -- Widening over waiting time: [{"after_seconds": 30, "min_level": 1}, {"after_seconds": 90, "add_group": "general"}]
  ADD COLUMN widening jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Required skills of a group, each with the lowest proficiency accepted before any widening.
CREATE TABLE skill_group_requirements (
  group_name text NOT NULL REFERENCES skill_groups (name) ON DELETE CASCADE ON UPDATE CASCADE,
  skill      text NOT NULL REFERENCES skills (name) ON UPDATE CASCADE,
  min_level  smallint NOT NULL CHECK (min_level BETWEEN 1 AND 5),
  PRIMARY KEY (group_name, skill)
);

CREATE TABLE agents (
  id                bigserial PRIMARY KEY,
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  -- How to ring the agent: a phone number, a Twilio Client identity or a SIP URI.
  contact_kind      text NOT NULL CHECK (contact_kind IN ('phone', 'client', 'sip')),
  contact           text NOT NULL,
  state             text NOT NULL DEFAULT 'offline'
    CHECK (state IN ('offline', 'available', 'reserved', 'on-call', 'wrap-up', 'break', 'not-ready')),
  state_since       timestamptz NOT NULL DEFAULT now(),
  state_reason      text,
  -- A state the agent asked for while busy (break, offline), applied when wrap-up ends.
  pending_state     text CHECK (pending_state IN ('offline', 'available', 'break', 'not-ready')),
  pending_reason    text,
  -- Reserved, on-call and wrap-up are leases: the reconciler repairs any that outlive this.
  lease_until       timestamptz,
  missed_in_row     integer NOT NULL DEFAULT 0,
  last_assigned_at  timestamptz,
  calls_today       integer NOT NULL DEFAULT 0,
  calls_today_date  date,
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (contact_kind, contact)
);
CREATE INDEX agents_available ON agents (state_since) WHERE state = 'available';
CREATE INDEX agents_leased ON agents (lease_until) WHERE lease_until IS NOT NULL;

CREATE TABLE agent_skills (
  agent_id bigint NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  skill    text NOT NULL REFERENCES skills (name) ON UPDATE CASCADE,
  level    smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  PRIMARY KEY (agent_id, skill)
);
CREATE INDEX agent_skills_by_skill ON agent_skills (skill, level, agent_id);

-- A caller waiting for an agent. `first_entered_at` never changes: a caller sent back after an
-- agent missed the call, or called back later, keeps their place.
CREATE TABLE queue_entries (
  id               bigserial PRIMARY KEY,
  call_sid         text NOT NULL REFERENCES calls (call_sid),
  group_name       text NOT NULL REFERENCES skill_groups (name) ON UPDATE CASCADE,
  priority         integer NOT NULL DEFAULT 0,
  first_entered_at timestamptz NOT NULL DEFAULT now(),
  entered_at       timestamptz NOT NULL DEFAULT now(),
  state            text NOT NULL DEFAULT 'waiting'
    CHECK (state IN ('waiting', 'offered', 'connected', 'callback', 'completed', 'abandoned', 'overflowed', 'left', 'failed')),
  state_since      timestamptz NOT NULL DEFAULT now(),
  language         text,
  callback_number  text,
  callback_attempts integer NOT NULL DEFAULT 0,
  -- A callback that could not reach the customer waits until this time before it is tried again.
  not_before       timestamptz,
  step             text NOT NULL,
  ended_at         timestamptz
);
-- One open entry per call.
CREATE UNIQUE INDEX queue_entries_one_open_per_call ON queue_entries (call_sid) WHERE state IN ('waiting', 'offered', 'connected', 'callback');
CREATE INDEX queue_entries_routable ON queue_entries (priority DESC, first_entered_at) WHERE state IN ('waiting', 'callback');
CREATE INDEX queue_entries_by_group ON queue_entries (group_name, state);

-- An offer of one entry to one agent, and how it went.
CREATE TABLE assignments (
  id              bigserial PRIMARY KEY,
  entry_id        bigint NOT NULL REFERENCES queue_entries (id),
  agent_id        bigint NOT NULL REFERENCES agents (id),
  state           text NOT NULL DEFAULT 'ringing' CHECK (state IN ('ringing', 'connected', 'ended')),
  outcome         text CHECK (outcome IN ('completed', 'no-answer', 'busy', 'failed', 'rejected', 'caller-hung-up', 'lost', 'cancelled')),
  kind            text NOT NULL DEFAULT 'inbound' CHECK (kind IN ('inbound', 'callback')),
  agent_call_sid  text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  answered_at     timestamptz,
  ended_at        timestamptz,
  wrap_up_until   timestamptz,
  CHECK ((state = 'ended') = (outcome IS NOT NULL))
);
-- The database itself makes a double booking impossible: one live assignment per agent and per entry.
CREATE UNIQUE INDEX assignments_one_live_per_agent ON assignments (agent_id) WHERE state IN ('ringing', 'connected');
CREATE UNIQUE INDEX assignments_one_live_per_entry ON assignments (entry_id) WHERE state IN ('ringing', 'connected');
CREATE INDEX assignments_by_entry ON assignments (entry_id);
CREATE INDEX assignments_recent_by_time ON assignments (ended_at) WHERE outcome = 'completed';

-- Every state change, recorded by triggers so no code path can forget one.
CREATE TABLE agent_state_changes (
  id         bigserial PRIMARY KEY,
  agent_id   bigint NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  from_state text,
  to_state   text NOT NULL,
  reason     text,
  at         timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX agent_state_changes_by_agent ON agent_state_changes (agent_id, at);
CREATE INDEX agent_state_changes_by_time ON agent_state_changes (at);

CREATE TABLE queue_entry_changes (
  id         bigserial PRIMARY KEY,
  entry_id   bigint NOT NULL REFERENCES queue_entries (id) ON DELETE CASCADE,
  from_state text,
  to_state   text NOT NULL,
  at         timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX queue_entry_changes_by_entry ON queue_entry_changes (entry_id, at);
CREATE INDEX queue_entry_changes_by_time ON queue_entry_changes (at);

CREATE FUNCTION record_agent_state_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.state IS DISTINCT FROM OLD.state THEN
    INSERT INTO agent_state_changes (agent_id, from_state, to_state, reason)
    VALUES (NEW.id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.state END, NEW.state, NEW.state_reason);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER agents_state_changed AFTER INSERT OR UPDATE OF state ON agents
  FOR EACH ROW EXECUTE FUNCTION record_agent_state_change();

CREATE FUNCTION record_entry_state_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.state IS DISTINCT FROM OLD.state THEN
    INSERT INTO queue_entry_changes (entry_id, from_state, to_state)
    VALUES (NEW.id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.state END, NEW.state);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER queue_entries_state_changed AFTER INSERT OR UPDATE OF state ON queue_entries
  FOR EACH ROW EXECUTE FUNCTION record_entry_state_change();

-- API tokens for /api (only a hash is kept; the token is shown once when created).
CREATE TABLE api_tokens (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL,
  token_hash   text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

ALTER TABLE voicemails ADD COLUMN group_name text;

-- Routing wake-ups: every change that can make a match notifies the routers of all instances
-- (a hint only: each router also polls).
CREATE FUNCTION notify_routing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('switchboard_routing', '');
  RETURN NULL;
END $$;
CREATE TRIGGER queue_entries_routable AFTER INSERT OR UPDATE OF state ON queue_entries
  FOR EACH ROW WHEN (NEW.state IN ('waiting', 'callback')) EXECUTE FUNCTION notify_routing();
CREATE TRIGGER agents_available AFTER INSERT OR UPDATE OF state ON agents
  FOR EACH ROW WHEN (NEW.state = 'available') EXECUTE FUNCTION notify_routing();

-- Whether `agent` meets every requirement of `group_name`, each lowered to at most `level_cap`.
CREATE FUNCTION agent_fits_group(agent bigint, group_name text, level_cap integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT NOT EXISTS (
    SELECT 1 FROM skill_group_requirements r
    WHERE r.group_name = agent_fits_group.group_name
      AND NOT EXISTS (
        SELECT 1 FROM agent_skills s
        WHERE s.agent_id = agent AND s.skill = r.skill AND s.level >= LEAST(r.min_level, level_cap)))
$$;

-- The widening in force after `waited` seconds: the level cap and the extra groups accepted.
CREATE FUNCTION widening_at(widening jsonb, waited double precision, OUT level_cap integer, OUT extra_groups text[])
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(min((w->>'min_level')::int), 5),
         coalesce(array_agg(w->>'add_group') FILTER (WHERE w ? 'add_group'), '{}')
  FROM jsonb_array_elements(widening) w
  WHERE (w->>'after_seconds')::double precision <= waited
$$;

CREATE FUNCTION agent_eligible(agent bigint, grp skill_groups, waited double precision) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT agent_fits_group(agent, grp.name, w.level_cap)
      OR EXISTS (SELECT 1 FROM unnest(w.extra_groups) x(g) WHERE agent_fits_group(agent, x.g, 5))
  FROM widening_at(grp.widening, waited) w
$$;

-- Claims the next match, atomically: the first routable entry (priority, then longest waiting)
-- that has an eligible available agent, with the best such agent by the group's strategy. Entries
-- and agents are locked with SKIP LOCKED, so routers on several instances never claim the same
-- row; the unique indexes on assignments make a double booking impossible even so.
CREATE FUNCTION claim_next_assignment()
RETURNS TABLE (assignment_id bigint, entry_id bigint, agent_id bigint, call_sid text, kind text, group_name text, ring_timeout_seconds integer)
LANGUAGE plpgsql AS $$
DECLARE
  e queue_entries;
  g skill_groups;
  waited double precision;
  chosen bigint;
  new_id bigint;
BEGIN
  -- One entry at a time, in routing order (keyset over priority DESC, first_entered_at, id): a
  -- plain FOR loop over a SKIP LOCKED query would fetch and lock ten rows per batch, hiding them
  -- from every other router while this one looks at the first.
  LOOP
    SELECT * INTO e FROM queue_entries q
    WHERE q.state IN ('waiting', 'callback') AND (q.not_before IS NULL OR q.not_before <= now())
      AND (e.id IS NULL OR q.priority < e.priority
           OR (q.priority = e.priority AND (q.first_entered_at, q.id) > (e.first_entered_at, e.id)))
    ORDER BY q.priority DESC, q.first_entered_at, q.id
    LIMIT 1
    FOR UPDATE SKIP LOCKED;
    EXIT WHEN NOT FOUND;
    SELECT * INTO g FROM skill_groups s WHERE s.name = e.group_name;
    waited := extract(epoch FROM now() - e.first_entered_at);
    chosen := NULL;
    IF g.strategy = 'round-robin' THEN
      SELECT a.id INTO chosen FROM agents a
      WHERE a.state = 'available' AND agent_eligible(a.id, g, waited)
      ORDER BY a.last_assigned_at NULLS FIRST, a.id LIMIT 1 FOR UPDATE SKIP LOCKED;
    ELSIF g.strategy = 'fewest-calls' THEN
      SELECT a.id INTO chosen FROM agents a
      WHERE a.state = 'available' AND agent_eligible(a.id, g, waited)
      ORDER BY CASE WHEN a.calls_today_date = current_date THEN a.calls_today ELSE 0 END, a.state_since, a.id
      LIMIT 1 FOR UPDATE SKIP LOCKED;
    ELSIF g.strategy = 'most-skilled' THEN
      SELECT a.id INTO chosen FROM agents a
      WHERE a.state = 'available' AND agent_eligible(a.id, g, waited)
      ORDER BY (SELECT coalesce(sum(s.level), 0) FROM agent_skills s
                JOIN skill_group_requirements r ON r.skill = s.skill AND r.group_name = g.name
                WHERE s.agent_id = a.id) DESC, a.state_since, a.id
      LIMIT 1 FOR UPDATE SKIP LOCKED;
    ELSE -- longest-idle: the agent available for the longest time
      SELECT a.id INTO chosen FROM agents a
      WHERE a.state = 'available' AND agent_eligible(a.id, g, waited)
      ORDER BY a.state_since, a.id LIMIT 1 FOR UPDATE SKIP LOCKED;
    END IF;
    CONTINUE WHEN chosen IS NULL;

    INSERT INTO assignments (entry_id, agent_id, kind)
    VALUES (e.id, chosen, CASE WHEN e.state = 'callback' THEN 'callback' ELSE 'inbound' END)
    RETURNING id INTO new_id;
    UPDATE agents SET state = 'reserved', state_since = now(), state_reason = NULL,
           lease_until = now() + make_interval(secs => g.ring_timeout_seconds + 30), last_assigned_at = now()
    WHERE id = chosen;
    UPDATE queue_entries SET state = 'offered', state_since = now() WHERE id = e.id;
    RETURN QUERY SELECT new_id, e.id, chosen, e.call_sid,
      CASE WHEN e.state = 'callback' THEN 'callback' ELSE 'inbound' END, e.group_name, g.ring_timeout_seconds;
    RETURN;
  END LOOP;
END $$;
