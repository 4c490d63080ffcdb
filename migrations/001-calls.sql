-- The IVR engine: flow versions, calls with their persisted state, what happened on each call.

-- Every version of a flow that has served a call, by content hash, so any instance can rebuild
-- the machine for a call that started before the file changed.
CREATE TABLE flow_versions (
  hash            text PRIMARY KEY,
  flow_id         text NOT NULL,
  definition      jsonb NOT NULL,
  sources         jsonb NOT NULL,
  first_loaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flow_versions_by_flow ON flow_versions (flow_id, first_loaded_at DESC);

-- Skill groups that flows may queue callers into (routing adds its settings later).
CREATE TABLE skill_groups (
  name       text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per Twilio call. `seq` counts the webhooks that moved the call on; every URL we hand
-- Twilio carries it, so a late or repeated request can be recognised.
CREATE TABLE calls (
  call_sid               text PRIMARY KEY,
  account_sid            text NOT NULL,
  flow_id                text NOT NULL,
  flow_hash              text NOT NULL REFERENCES flow_versions (hash),
  from_number            text NOT NULL,
  to_number              text NOT NULL,
  state                  text NOT NULL,
  context                jsonb NOT NULL,
  seq                    integer NOT NULL,
  last_request_hash      text,
  last_idempotency_token text,
  last_response          text,
  status                 text NOT NULL DEFAULT 'in-progress',
  started_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  ended_at               timestamptz,
  duration_seconds       integer
);
CREATE INDEX calls_in_progress ON calls (started_at) WHERE ended_at IS NULL;
CREATE INDEX calls_by_start ON calls (started_at);

-- What the caller heard and pressed, when, and what the call did: for reports and screen pops.
CREATE TABLE call_events (
  id       bigserial PRIMARY KEY,
  call_sid text NOT NULL REFERENCES calls (call_sid) ON DELETE CASCADE,
  at       timestamptz NOT NULL DEFAULT now(),
  kind     text NOT NULL,
  step     text,
  detail   jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX call_events_by_call ON call_events (call_sid, id);
CREATE INDEX call_events_by_time ON call_events (at);

CREATE TABLE voicemails (
  id               bigserial PRIMARY KEY,
  call_sid         text NOT NULL REFERENCES calls (call_sid) ON DELETE CASCADE,
  step             text NOT NULL,
  recording_url    text NOT NULL,
  duration_seconds integer NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (call_sid, step)
);

CREATE TABLE survey_responses (
  call_sid   text NOT NULL REFERENCES calls (call_sid) ON DELETE CASCADE,
  step       text NOT NULL,
  score      smallint NOT NULL CHECK (score BETWEEN 1 AND 9),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (call_sid, step)
);
