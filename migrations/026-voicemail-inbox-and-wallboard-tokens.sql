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
