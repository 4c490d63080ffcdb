// After the drain: what the database says about every call of the run (batch queries, one each).
import type { Queryable } from '../../src/db/pool.js';

export interface Accounting {
  /** Call sids the generator placed that have no `calls` row, or one not ended. */
  callsNotEnded: number;
  /** Examples of those, for the report. */
  notEndedExamples: string[];
  /** Queue entries still waiting or offered. */
  entriesWaiting: number;
  /** Assignments still ringing or connected. */
  assignmentsActive: number;
  /** Assignments that began (rang) while an earlier one of the same agent had not ended, anywhere in the run. */
  doubleBookings: number;
  assignments: number;
}

export async function accountForCalls(db: Queryable, callSids: string[]): Promise<Accounting> {
  const notEnded = await db.query<{ call_sid: string }>(
    `SELECT s AS call_sid FROM unnest($1::text[]) s LEFT JOIN calls c ON c.call_sid = s WHERE c.ended_at IS NULL`,
    [callSids],
  );
  const open = await db.query<{ waiting: number; active: number; assignments: number }>(
    `SELECT (SELECT count(*)::int FROM queue_entries WHERE state IN ('waiting', 'offered')) AS waiting,
            (SELECT count(*)::int FROM assignments WHERE state IN ('ringing', 'connected')) AS active,
            (SELECT count(*)::int FROM assignments) AS assignments`,
  );
  // Each assignment against the latest end among the same agent's earlier ones: one that starts
  // before it means the agent had two calls at once. An assignment not ended counts as lasting until now.
  const doubles = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT created_at, max(coalesce(ended_at, now())) OVER (
         PARTITION BY agent_id ORDER BY created_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier_end
       FROM assignments) a
     WHERE created_at < earlier_end`,
  );
  return {
    callsNotEnded: notEnded.rows.length,
    notEndedExamples: notEnded.rows.slice(0, 5).map((r) => r.call_sid),
    entriesWaiting: open.rows[0].waiting,
    assignmentsActive: open.rows[0].active,
    doubleBookings: doubles.rows[0].n,
    assignments: open.rows[0].assignments,
  };
}
