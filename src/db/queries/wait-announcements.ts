import type { Queryable } from '../pool.js';
import type { ReportWindow } from './report-window.js';

/**
 * Keeps a wait estimate announced to a caller (migrations/020-wait-announcements.sql), in the
 * webhook's transaction that spoke it, under its entry's group. The entry is the one the
 * announcement's position was read from; without one, the call's open entry.
 */
export async function insertWaitAnnouncement(
  db: Queryable,
  a: { callSid: string; entryId?: number; position: number; spokenMinutes: number; estimateSeconds: number },
): Promise<void> {
  await db.query({
    name: 'insert-wait-announcement',
    text: `INSERT INTO wait_announcements (entry_id, call_sid, group_name, position, spoken_minutes, estimate_seconds)
      SELECT q.id, q.call_sid, q.group_name, $3, $4, $5 FROM queue_entries q
      WHERE q.call_sid = $1 AND (q.id = $2::bigint OR ($2::bigint IS NULL AND q.state IN ('waiting', 'offered')))
      ORDER BY q.id DESC LIMIT 1`,
    values: [a.callSid, a.entryId ?? null, a.position, a.spokenMinutes, a.estimateSeconds],
  });
}

/** One group in one interval (start null: the whole range), as wait_estimate_kpis computed it. */
export interface WaitEstimateRow {
  group: string;
  start: Date | null;
  startLocal: string | null;
  startOffset: number | null;
  announcements: number;
  answered: number;
  abandoned: number;
  abandonedBeyondEstimate: number;
  waiting: number;
  leftQueue: number;
  meanAbsoluteError: number | null;
  p90AbsoluteError: number | null;
  bias: number | null;
}

/**
 * The wait-estimate report: every group × every interval, then each group's totals (start NULL),
 * as wait_estimate_kpis (migration 020) computes them. Parameters, to paste into psql:
 *   $1 from_at, $2 to_at  timestamptz, the window [from, to)
 *   $3 zone               IANA time zone name
 *   $4 step_seconds       900, 3600, or 0 for calendar days in the zone
 *   $5 one group's name, or NULL for all
 */
const WAIT_ESTIMATE_REPORT = `
SELECT k.group_name AS "group", k.start, local_iso(k.start, $3) AS "startLocal", utc_offset_seconds(k.start, $3) AS "startOffset",
  k.announcements, k.answered, k.abandoned, k.abandoned_beyond_estimate AS "abandonedBeyondEstimate", k.waiting,
  k.left_queue AS "leftQueue", k.mean_absolute_error AS "meanAbsoluteError", k.p90_absolute_error AS "p90AbsoluteError", k.bias
FROM wait_estimate_kpis(from_at => $1, to_at => $2, zone => $3, step_seconds => $4) k
WHERE $5::text IS NULL OR k.group_name = $5::text
ORDER BY k.group_name COLLATE "C", k.start NULLS LAST`;

export async function waitEstimateReport(db: Queryable, w: ReportWindow, group?: string): Promise<WaitEstimateRow[]> {
  const { rows } = await db.query<WaitEstimateRow>({
    text: WAIT_ESTIMATE_REPORT,
    values: [w.from, w.to, w.timezone, w.stepSeconds, group ?? null],
  });
  return rows;
}
