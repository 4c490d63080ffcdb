-- Surveys of three kinds (CSAT 1..scale, NPS 0..10, first-contact resolution yes=1/no=0), asked on
-- the keypad during the call or by text message after it. Every survey asked is a survey_requests
-- row, so a response rate (answers ÷ surveys asked) has a denominator for both channels.
-- Shared by the keypad survey kinds, the SMS survey and the feedback rules: later migrations add
-- their own columns and tables rather than editing this one.

ALTER TABLE survey_responses DROP CONSTRAINT survey_responses_score_check;
ALTER TABLE survey_responses
  ADD COLUMN kind    text NOT NULL DEFAULT 'csat',
  ADD COLUMN channel text NOT NULL DEFAULT 'keypad',
  ADD COLUMN comment text,
  ADD CONSTRAINT survey_responses_kind_check CHECK (kind IN ('csat', 'nps', 'resolved')),
  ADD CONSTRAINT survey_responses_channel_check CHECK (channel IN ('keypad', 'sms')),
  ADD CONSTRAINT survey_responses_score_check CHECK (
    CASE kind WHEN 'csat' THEN score BETWEEN 1 AND 9
              WHEN 'nps' THEN score BETWEEN 0 AND 10
              ELSE score BETWEEN 0 AND 1 END);

-- step: the flow step that asked (keypad), or 'sms' for the text-message survey.
CREATE TABLE survey_requests (
  id        bigserial PRIMARY KEY,
  call_sid  text NOT NULL REFERENCES calls (call_sid) ON DELETE CASCADE,
  step      text NOT NULL,
  kind      text NOT NULL CHECK (kind IN ('csat', 'nps', 'resolved')),
  channel   text NOT NULL CHECK (channel IN ('keypad', 'sms')),
  asked_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (call_sid, step)
);
CREATE INDEX survey_requests_asked_at ON survey_requests (asked_at);
