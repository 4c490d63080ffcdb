-- Who changed an agent's state: the agent ('agent:ana'), a supervisor ('supervisor:Sam Lee'), an
-- API token or the CLI's user; NULL when Switchboard did it (routing, a wrap-up's end). The author
-- is passed as an argument and handed to the trigger through a transaction-local setting, so every
-- path that changes a state goes on being recorded by the one trigger. A change asked for during
-- a call keeps its author (agents.pending_by) until it applies.

ALTER TABLE agent_state_changes ADD COLUMN changed_by text;
ALTER TABLE agents ADD COLUMN pending_by text;

CREATE OR REPLACE FUNCTION record_agent_state_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.state IS DISTINCT FROM OLD.state THEN
    INSERT INTO agent_state_changes (agent_id, from_state, to_state, reason, changed_by)
    VALUES (NEW.id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.state END, NEW.state, NEW.state_reason,
      coalesce(nullif(current_setting('switchboard.actor', true), ''),
               CASE WHEN TG_OP = 'UPDATE' AND OLD.pending_state = NEW.state THEN OLD.pending_by END));
  END IF;
  RETURN NULL;
END $$;

DROP FUNCTION request_agent_state(bigint, text, text);
CREATE FUNCTION request_agent_state(agent bigint, wanted text, why text, actor text DEFAULT NULL) RETURNS SETOF agents
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('switchboard.actor', coalesce(actor, ''), true);
  RETURN QUERY UPDATE agents SET
    state = CASE WHEN state IN ('reserved', 'on-call') THEN state ELSE wanted END,
    state_since = CASE WHEN state IN ('reserved', 'on-call') OR state = wanted THEN state_since ELSE now() END,
    state_reason = CASE WHEN state IN ('reserved', 'on-call') THEN state_reason ELSE why END,
    pending_state = CASE WHEN state IN ('reserved', 'on-call') THEN wanted END,
    pending_reason = CASE WHEN state IN ('reserved', 'on-call') THEN why END,
    pending_by = CASE WHEN state IN ('reserved', 'on-call') THEN actor END,
    lease_until = CASE WHEN state IN ('reserved', 'on-call') THEN lease_until END,
    missed_in_row = CASE WHEN wanted = 'available' AND state NOT IN ('reserved', 'on-call') THEN 0 ELSE missed_in_row END
  WHERE id = agent
  RETURNING *;
  PERFORM set_config('switchboard.actor', '', true);
END $$;

-- The logged-in agents who can take a group's callers, by what they are doing: one definition for
-- /api/queues and the dashboard, so "1 waiting, 2 available" means two who could take that call.
CREATE FUNCTION group_agent_counts(grp text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'available', count(*) FILTER (WHERE a.state = 'available'),
    'busy', count(*) FILTER (WHERE a.state IN ('reserved', 'on-call', 'wrap-up')),
    'away', count(*) FILTER (WHERE a.state IN ('break', 'not-ready')))
  FROM agents a WHERE a.state <> 'offline' AND agent_fits_group(a.id, grp, 5)
$$;
