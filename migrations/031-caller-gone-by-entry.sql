-- A call's end found its live assignment by scanning every live inbound assignment and probing
-- queue_entries for each (the planner's pick once the table's statistics lagged its growth):
-- 3.7 ms a status callback with 4,000 calls connected in npm run bench's capacity section, and
-- growing with the centre. The caller's entries are read first (an InitPlan on
-- queue_entries_by_call), then their assignments by assignments_by_entry: a few rows whatever
-- the floor's size. Otherwise the same function as migration 013's.
CREATE OR REPLACE FUNCTION caller_gone(caller text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  live assignments;
BEGIN
  SELECT a.* INTO live FROM assignments a
  WHERE a.entry_id = ANY (ARRAY(SELECT q.id FROM queue_entries q WHERE q.call_sid = caller))
    AND a.state IN ('ringing', 'connected') AND a.kind = 'inbound';
  IF live.state = 'ringing' THEN
    -- An abandoned entry is never offered again, so it needs no retry delays.
    PERFORM withdraw_offer(live.id, 'caller-hung-up', 'abandoned', NULL, NULL);
  ELSIF live.state = 'connected' THEN
    PERFORM complete_call(live.id);
  END IF;
  UPDATE queue_entries SET state = 'abandoned', state_since = now(), ended_at = now()
  WHERE call_sid = caller AND state IN ('waiting', 'offered') AND callback_number IS NULL;
END $$;
