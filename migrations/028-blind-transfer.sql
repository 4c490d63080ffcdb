-- Blind transfer: an agent on a call sends the caller to another skill group (keeping the time they
-- first queued) or to a number the centre allows. The agent's offer ends as a completed call (they
-- answered and handled it: it counts as answered for their group and its handle time is theirs) and
-- says where the caller went; the agent wraps up as after any call.
ALTER TABLE assignments ADD COLUMN transferred_to text;

-- One operation (transferCall in src/routing/lifecycle/transfers.ts). To a group (to_number NULL):
-- the entry is closed as moved on (overflowed) and a new one waits in `to_group` with the same
-- first_entered_at, so the caller is not sent to the back and is offered to the second group. To a
-- number: the entry is completed (the caller talked to an agent). False when the offer is no longer
-- connected (a repeated or late transfer changes nothing).
CREATE OR REPLACE FUNCTION transfer_call(offer_id bigint, to_group text, to_number text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  o assignments;
  e queue_entries;
BEGIN
  IF (to_group IS NULL) = (to_number IS NULL) THEN
    RAISE EXCEPTION 'transfer_call: give a group or a number, not both';
  END IF;
  UPDATE assignments a SET state = 'ended', outcome = 'completed', ended_at = now(),
    transferred_to = coalesce(to_group, to_number),
    wrap_up_until = now() + make_interval(secs => g.wrap_up_seconds)
  FROM queue_entries q, skill_groups g
  WHERE a.id = offer_id AND a.state = 'connected' AND a.kind = 'inbound' AND q.id = a.entry_id AND g.name = q.group_name
  RETURNING a.* INTO o;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  UPDATE agents SET state = 'wrap-up', state_since = now(), lease_until = o.wrap_up_until,
    calls_today = CASE WHEN calls_today_date = current_date THEN calls_today + 1 ELSE 1 END, calls_today_date = current_date
  WHERE id = o.agent_id;
  IF to_number IS NOT NULL THEN
    UPDATE queue_entries SET state = 'completed', state_since = now(), ended_at = now() WHERE id = o.entry_id;
  ELSE
    UPDATE queue_entries SET state = 'overflowed', state_since = now(), ended_at = now() WHERE id = o.entry_id
    RETURNING * INTO e;
    INSERT INTO queue_entries (call_sid, group_name, priority, language, step, first_entered_at)
    VALUES (e.call_sid, to_group, e.priority, e.language, e.step, e.first_entered_at);
  END IF;
  RETURN true;
END $$;
