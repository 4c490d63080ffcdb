import type { Queryable } from '../pool.js';
import { RELEASE_AGENT_SQL } from './assignments.js';

/**
 * A callback about to be dialled whose number the policy now refuses: the agent's ring is withdrawn
 * (no miss), the entry ends as failed, and the call's log says why. Safe to run twice.
 */
export async function refuseCallbackAtDial(db: Queryable, assignmentId: number, refusal: { reason: string; number: string }): Promise<void> {
  await db.query({
    name: 'refuse-callback-at-dial',
    text: `WITH ended AS (
        UPDATE assignments SET state = 'ended', outcome = 'cancelled', ended_at = now() WHERE id = $1 AND state = 'ringing'
        RETURNING agent_id, entry_id),
      entry AS (
        UPDATE queue_entries q SET state = 'failed', state_since = now(), ended_at = now()
        FROM ended WHERE q.id = ended.entry_id RETURNING q.call_sid),
      logged AS (
        INSERT INTO call_events (call_sid, kind, step, detail)
        SELECT call_sid, 'callback-refused', NULL, jsonb_build_object('reason', $2::text, 'number', $3::text, 'when', 'dial') FROM entry)
      UPDATE agents SET ${RELEASE_AGENT_SQL} WHERE id IN (SELECT agent_id FROM ended)`,
    values: [assignmentId, refusal.reason, refusal.number],
  });
}
