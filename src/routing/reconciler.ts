import type { Pool } from '../db/pool.js';
import { cancelAssignment, completeAssignment, RELEASE_AGENT_SQL } from '../db/queries/assignments.js';
import type { Logger } from '../log.js';
import type { CallControl } from './call-control.js';

// Any fixed number; all instances agree on it, so only one reconciles at a time.
const RECONCILE_LOCK = 7_482_913_002;
const FINISHED = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

export interface Repairs {
  expiredRings: number;
  finishedCalls: number;
  orphanAgents: number;
  orphanEntries: number;
}

/**
 * Repairs what lost webhooks or a crashed instance can leave behind, so that no agent stays
 * reserved or on a call that is over, and no caller is forgotten:
 * - a ring whose lease ran out is withdrawn (the caller keeps their place);
 * - a connected call whose caller's call has ended (or that Twilio says is over) is completed;
 * - agents busy without a live assignment are freed; entries offered without one wait again.
 */
export async function reconcile(pool: Pool, control: CallControl, log: Logger): Promise<Repairs | undefined> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [RECONCILE_LOCK]);
    if (!rows[0].ok) return undefined;
    try {
      const repairs: Repairs = { expiredRings: 0, finishedCalls: 0, orphanAgents: 0, orphanEntries: 0 };
      const expired = await client.query<{ id: number; ended: boolean; kind: string }>(
        `SELECT a.id, c.ended_at IS NOT NULL AS ended, a.kind FROM assignments a
         JOIN agents ag ON ag.id = a.agent_id JOIN queue_entries q ON q.id = a.entry_id JOIN calls c ON c.call_sid = q.call_sid
         WHERE a.state = 'ringing' AND ag.lease_until < now()`,
      );
      for (const a of expired.rows) {
        await cancelAssignment(client, a.id, 'cancelled', a.ended && a.kind === 'inbound' ? 'abandoned' : 'waiting');
        await client.query(`UPDATE assignments SET outcome = 'lost' WHERE id = $1 AND outcome = 'cancelled'`, [a.id]);
        repairs.expiredRings++;
      }
      // Connected calls: over if the caller's call ended, the lease ran out, or Twilio says so.
      const live = await client.query<{ id: number; kind: string; callSid: string; agentCallSid: string | null; ended: boolean; expired: boolean; long: boolean }>(
        `SELECT a.id, a.kind, q.call_sid AS "callSid", a.agent_call_sid AS "agentCallSid", c.ended_at IS NOT NULL AS ended,
           ag.lease_until < now() AS expired, a.answered_at < now() - interval '15 minutes' AS long
         FROM assignments a JOIN agents ag ON ag.id = a.agent_id JOIN queue_entries q ON q.id = a.entry_id
         JOIN calls c ON c.call_sid = q.call_sid WHERE a.state = 'connected'`,
      );
      for (const a of live.rows) {
        let over = (a.kind === 'inbound' && a.ended) || a.expired;
        if (!over && a.long) {
          const sid = a.kind === 'inbound' ? a.callSid : a.agentCallSid;
          over = !!sid && FINISHED.has(await control.status(sid).catch(() => 'unknown'));
        }
        if (over) {
          await completeAssignment(client, a.id);
          repairs.finishedCalls++;
        }
      }
      const agents = await client.query(
        `UPDATE agents ag SET ${RELEASE_AGENT_SQL} WHERE ag.state IN ('reserved', 'on-call')
         AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.agent_id = ag.id AND a.state IN ('ringing', 'connected'))`,
      );
      repairs.orphanAgents = agents.rowCount ?? 0;
      const entries = await client.query(
        `UPDATE queue_entries q SET state = CASE
             WHEN q.state = 'connected' THEN 'completed'
             WHEN q.callback_number IS NOT NULL THEN 'callback'
             WHEN c.ended_at IS NOT NULL THEN 'abandoned' ELSE 'waiting' END,
           state_since = now(),
           ended_at = CASE WHEN q.state = 'connected' OR (c.ended_at IS NOT NULL AND q.callback_number IS NULL) THEN now() END
         FROM calls c WHERE c.call_sid = q.call_sid AND (
           (q.state IN ('offered', 'connected') AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.entry_id = q.id AND a.state IN ('ringing', 'connected')))
           OR (q.state = 'waiting' AND c.ended_at IS NOT NULL))`,
      );
      repairs.orphanEntries = entries.rowCount ?? 0;
      if (Object.values(repairs).some((n) => n > 0)) log.warn({ repairs }, 'reconciler repaired routing state');
      return repairs;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [RECONCILE_LOCK]);
    }
  } finally {
    client.release();
  }
}
