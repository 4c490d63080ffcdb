-- A case's acknowledgement ("We're sorry … your reference is 1042") goes out through the SMS outbox
-- of migration 022 like every other text: the same worker, retries, opt-outs (21610) and status
-- callbacks. So it is an sms_messages row naming its case, and migration 023's case_messages, which
-- nothing sent, goes.
ALTER TABLE sms_messages DROP CONSTRAINT sms_messages_purpose_check;
ALTER TABLE sms_messages ADD CONSTRAINT sms_messages_purpose_check
  CHECK (purpose IN ('survey', 'text-step', 'reply', 'unsolicited', 'case-ack'));
ALTER TABLE sms_messages ADD COLUMN case_id bigint REFERENCES cases (id) ON DELETE SET NULL;
CREATE INDEX sms_messages_case ON sms_messages (case_id) WHERE case_id IS NOT NULL;
DROP TABLE case_messages;

-- What acknowledgements are sent from (E.164, or a Messaging Service MG…); unset: the number the
-- customer called (a case opened by hand, with no call, then sends none).
ALTER TABLE case_settings ADD COLUMN acknowledge_from text
  CHECK (acknowledge_from ~ '^(\+[1-9][0-9]{6,14}|MG[0-9a-fA-F]{32})$');
