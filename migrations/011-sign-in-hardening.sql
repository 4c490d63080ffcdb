-- Sessions, sign-in throttling and wrap-up history (issue 9, items 6–8 and 11).

-- A new password (or username) ends every session of that person, whatever changed it (CLI, API).
CREATE FUNCTION end_sessions_on_credential_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.password_hash IS DISTINCT FROM OLD.password_hash OR NEW.username IS DISTINCT FROM OLD.username THEN
    IF TG_TABLE_NAME = 'agents' THEN
      DELETE FROM web_sessions WHERE agent_id = NEW.id;
    ELSE
      DELETE FROM web_sessions WHERE supervisor_id = NEW.id;
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER agents_credential_changed AFTER UPDATE OF password_hash, username ON agents
  FOR EACH ROW EXECUTE FUNCTION end_sessions_on_credential_change();
CREATE TRIGGER supervisors_credential_changed AFTER UPDATE OF password_hash, username ON supervisors
  FOR EACH ROW EXECUTE FUNCTION end_sessions_on_credential_change();

-- Live streams re-check their credential when a session ends or a token is revoked (and on a timer,
-- for sessions that simply expire).
CREATE TRIGGER web_sessions_live AFTER UPDATE OR DELETE ON web_sessions FOR EACH STATEMENT EXECUTE FUNCTION notify_live();
CREATE TRIGGER api_tokens_live AFTER UPDATE OF revoked_at, role, agent_id OR DELETE ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION notify_live();

-- Failed sign-ins per key (a username, a client address, or the pair), shared by every instance.
-- free_failures and cap_seconds are the key's policy, kept with it so one upsert can apply it.
CREATE TABLE login_throttle (
  key             text PRIMARY KEY,
  failures        integer NOT NULL,
  free_failures   integer NOT NULL,
  cap_seconds     integer NOT NULL,
  blocked_until   timestamptz,
  last_failure_at timestamptz NOT NULL
);
CREATE INDEX login_throttle_by_age ON login_throttle (last_failure_at);

-- Where each person signed in successfully: a known address is not held back by an attack on
-- their username from elsewhere (see src/auth/throttle.ts).
CREATE TABLE login_known_addresses (
  account      text NOT NULL,
  address      text NOT NULL,
  last_success_at timestamptz NOT NULL,
  PRIMARY KEY (account, address)
);
CREATE INDEX login_known_addresses_by_age ON login_known_addresses (last_success_at);

-- Every change of a call's disposition or notes: who, when, before and after.
CREATE TABLE wrap_up_changes (
  id              bigserial PRIMARY KEY,
  assignment_id   bigint NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
  changed_at      timestamptz NOT NULL DEFAULT now(),
  changed_by_role text NOT NULL CHECK (changed_by_role IN ('agent', 'supervisor')),
  changed_by_agent_id bigint,
  changed_by_supervisor_id bigint,
  changed_by_name text NOT NULL,
  old_disposition text,
  new_disposition text,
  old_notes       text,
  new_notes       text,
  reason          text CHECK (length(reason) <= 500)
);
CREATE INDEX wrap_up_changes_by_assignment ON wrap_up_changes (assignment_id, id);
