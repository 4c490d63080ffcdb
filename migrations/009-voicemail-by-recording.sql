-- A voicemail is one Twilio recording. A recording lost in an outage (its webhook answered with the
-- fallback) is fetched again from Twilio's REST API later; storing it must never make a second row,
-- and never replace another recording left at the same step (a caller asked to record again).
ALTER TABLE voicemails
  ADD COLUMN recording_key text GENERATED ALWAYS AS (
    coalesce(substring(recording_url FROM '/Recordings/(RE[0-9a-fA-F]{32})'), recording_url)) STORED;
ALTER TABLE voicemails DROP CONSTRAINT voicemails_call_sid_step_key;
CREATE UNIQUE INDEX voicemails_one_per_recording ON voicemails (call_sid, recording_key);
