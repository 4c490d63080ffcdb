-- Agents' console and supervisors' dashboard: sign-in, sessions, roles; what reports need.

-- When an entry was offered to its group (first_entered_at carries over between groups).
ALTER TABLE queue_entries ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX queue_entries_by_created ON queue_entries (created_at);

-- How the agent closed the call, and when their wrap-up really ended (they may end it early).
ALTER TABLE assignments
  ADD COLUMN disposition text CHECK (length(disposition) <= 64),
  ADD COLUMN notes text CHECK (length(notes) <= 4000),
  ADD COLUMN wrap_up_ended_at timestamptz;
CREATE INDEX assignments_by_answered ON assignments (answered_at) WHERE answered_at IS NOT NULL;

CREATE FUNCTION close_wrap_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'wrap-up' AND NEW.state <> 'wrap-up' THEN
    UPDATE assignments SET wrap_up_ended_at = clock_timestamp()
    WHERE agent_id = NEW.id AND outcome = 'completed' AND wrap_up_ended_at IS NULL;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER agents_wrap_up_closed AFTER UPDATE OF state ON agents
  FOR EACH ROW EXECUTE FUNCTION close_wrap_up();

-- Sign-in for the agents' console (per agent) and the supervisors' dashboard (separate accounts).
ALTER TABLE agents
  ADD COLUMN username text UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  ADD COLUMN password_hash text;

CREATE TABLE supervisors (
  id            bigserial PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  name          text NOT NULL,
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Web sessions (a cookie holds the token; only its hash is kept).
CREATE TABLE web_sessions (
  token_hash    text PRIMARY KEY,
  role          text NOT NULL CHECK (role IN ('agent', 'supervisor')),
  agent_id      bigint REFERENCES agents (id) ON DELETE CASCADE,
  supervisor_id bigint REFERENCES supervisors (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  CHECK ((role = 'agent') = (agent_id IS NOT NULL) AND (role = 'supervisor') = (supervisor_id IS NOT NULL))
);

-- API tokens act for a supervisor (the default, as before) or for one agent.
ALTER TABLE api_tokens
  ADD COLUMN role text NOT NULL DEFAULT 'supervisor' CHECK (role IN ('agent', 'supervisor')),
  ADD COLUMN agent_id bigint REFERENCES agents (id) ON DELETE CASCADE,
  ADD CHECK ((role = 'agent') = (agent_id IS NOT NULL));

-- Live views (dashboard, console) are told something changed; they read the new state themselves.
CREATE FUNCTION notify_live() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('switchboard_live', TG_TABLE_NAME);
  RETURN NULL;
END $$;
CREATE TRIGGER agents_live AFTER INSERT OR UPDATE OR DELETE ON agents FOR EACH STATEMENT EXECUTE FUNCTION notify_live();
CREATE TRIGGER queue_entries_live AFTER INSERT OR UPDATE ON queue_entries FOR EACH STATEMENT EXECUTE FUNCTION notify_live();
CREATE TRIGGER assignments_live AFTER INSERT OR UPDATE ON assignments FOR EACH STATEMENT EXECUTE FUNCTION notify_live();
