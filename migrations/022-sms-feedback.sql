-- Text messages: the SMS survey after a call and the `text:` step during one (docs/feedback.md).
-- Every message we send is a row of sms_messages before it is sent (an outbox: written in the
-- transaction that decided it, sent by a worker after commit, claimed FOR UPDATE SKIP LOCKED so two
-- instances never send one twice); every message a customer sends us is a row too, once per
-- MessageSid (Twilio retries its webhooks).

CREATE TABLE sms_messages (
  id            bigserial PRIMARY KEY,
  direction     text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
  -- outbound: survey (the question), text-step; inbound: reply (to a survey) or unsolicited.
  purpose       text NOT NULL CHECK (purpose IN ('survey', 'text-step', 'reply', 'unsolicited')),
  call_sid      text REFERENCES calls (call_sid) ON DELETE SET NULL,
  step          text,
  to_number     text NOT NULL,
  -- The sending number or Messaging Service (MG…) of an outbound message; our number of an inbound one.
  sender        text NOT NULL,
  body          text NOT NULL,
  language      text,
  -- outbound: pending (not sent yet) → sending (claimed) → Twilio's statuses, or refused (never sent:
  -- opted out, not textable) / failed; inbound: received.
  status        text NOT NULL,
  due_at        timestamptz,
  attempts      integer NOT NULL DEFAULT 0,
  claimed_at    timestamptz,
  sent_at       timestamptz,
  message_sid   text UNIQUE,
  error_code    text,
  error         text,
  -- inbound: what we answered (the <Message> of our TwiML), kept so a retried webhook gets the same answer.
  answer        text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sms_messages_due ON sms_messages (due_at) WHERE status = 'pending';
CREATE INDEX sms_messages_sending ON sms_messages (claimed_at) WHERE status = 'sending';
CREATE INDEX sms_messages_call ON sms_messages (call_sid);
CREATE INDEX sms_messages_to ON sms_messages (to_number, created_at);

-- Every status Twilio reported for a message we sent, in the order it arrived (MessageStatus callbacks).
CREATE TABLE sms_message_statuses (
  id           bigserial PRIMARY KEY,
  message_sid  text NOT NULL,
  status       text NOT NULL,
  error_code   text,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sms_message_statuses_sid ON sms_message_statuses (message_sid);

-- Numbers that texted STOP (or that Twilio refused with 21610): never sent another survey or text.
CREATE TABLE sms_opt_outs (
  number        text PRIMARY KEY,
  opted_out_at  timestamptz NOT NULL DEFAULT now(),
  keyword       text NOT NULL
);

-- One SMS survey per call: its conversation with the customer.
--   scheduled: the question waits in the outbox; asked: sent, waiting for a score;
--   commenting: score stored, waiting for the free-text reason; done: answered (or closed).
CREATE TABLE sms_surveys (
  call_sid      text PRIMARY KEY REFERENCES calls (call_sid) ON DELETE CASCADE,
  number        text NOT NULL,
  sender        text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('csat', 'nps', 'resolved')),
  language      text NOT NULL,
  state         text NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'asked', 'commenting', 'done')),
  window_hours  integer NOT NULL,
  clarified     boolean NOT NULL DEFAULT false,
  score         integer,
  created_at    timestamptz NOT NULL,
  asked_at      timestamptz
);
CREATE INDEX sms_surveys_number ON sms_surveys (number, created_at DESC);

-- A call that ended after a `text:` step sent the caller something (a link, a status) was served by
-- the IVR: 'texted' counts as self-service like a voicemail or a survey answer (as migration 017 had
-- it, with 'texted' added to the kinds that make a call contained).
CREATE OR REPLACE VIEW ivr_call_facts AS
SELECT c.call_sid, c.flow_id, c.flow_hash, c.started_at, c.ended_at, f.routed, f.contained,
  c.ended_at IS NOT NULL AND NOT f.routed AND NOT f.contained AS abandoned,
  z.id IS NOT NULL AS zero_out, coalesce(z.event = 'NO_INPUT' OR z.invalid, false) AS zero_out_after_failing,
  extract(epoch FROM q.first_at - c.started_at)::float8 AS seconds_to_queue
FROM calls c
LEFT JOIN LATERAL (SELECT min(e.at) AS first_at FROM call_events e WHERE e.call_sid = c.call_sid AND e.kind = 'queued') q ON true
LEFT JOIN LATERAL (
  SELECT w.id, w.event, coalesce(i.invalid, false) AS invalid
  FROM ivr_webhooks w JOIN flow_operator_steps o ON o.flow_hash = c.flow_hash AND w.entered ? o.step
  LEFT JOIN ivr_inputs i ON i.id = w.id
  WHERE w.call_sid = c.call_sid ORDER BY w.id LIMIT 1
) z ON true
CROSS JOIN LATERAL (
  SELECT q.first_at IS NOT NULL OR EXISTS (
      SELECT 1 FROM ivr_webhooks w JOIN flow_versions v ON v.hash = c.flow_hash CROSS JOIN LATERAL jsonb_array_elements_text(w.entered) s
      WHERE w.call_sid = c.call_sid AND v.definition->'steps'->s->>'kind' = 'transfer') AS routed,
    EXISTS (SELECT 1 FROM ivr_webhooks w WHERE w.call_sid = c.call_sid AND w.entered ? '$ended')
      OR EXISTS (SELECT 1 FROM call_events e WHERE e.call_sid = c.call_sid AND e.kind IN ('voicemail', 'survey', 'texted')) AS flowish
) r
CROSS JOIN LATERAL (SELECT r.routed, NOT r.routed AND r.flowish AND c.ended_at IS NOT NULL AS contained) f;
