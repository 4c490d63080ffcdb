-- Claims take turns across routers, so callers are offered strictly in routing order.
-- A claim's walk keeps a row lock on every caller it looked at until it commits, including those
-- it found no agent for. Another router's claim running meanwhile skipped all of them (SKIP
-- LOCKED) and offered the next free agent to a caller further back: under load, two routers
-- offered eight calls in a row to callers nine places back (test/routing/concurrency.test.ts).
-- Now each claim first takes a transaction advisory lock, so a second router waits for the first
-- one's commit (a few milliseconds) and then sees who is still waiting. SKIP LOCKED stays, for
-- the rows that webhooks lock. A pass with nobody available still returns without the lock.
ALTER FUNCTION claim_assignments(integer) RENAME TO claim_assignments_walk;

CREATE FUNCTION claim_assignments(max_claims integer)
RETURNS TABLE (assignment_id bigint, entry_id bigint, agent_id bigint, call_sid text, kind text, group_name text, ring_timeout_seconds integer)
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM agents WHERE state = 'available') THEN
    RETURN;
  END IF;
  -- Any fixed number that no other lock of ours uses (the reconciler's is 7482913002).
  PERFORM pg_advisory_xact_lock(7482913003);
  -- In its own statements, so the walk reads what the router before it committed.
  RETURN QUERY SELECT * FROM claim_assignments_walk(max_claims);
END $$;
