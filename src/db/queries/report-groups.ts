import type { Queryable } from '../pool.js';
import { AGENT_TIME_CTE, HANDLED_CTE, ratio, secs } from './report-agent-time.js';
import { BUCKETS_CTE, SLOTS_CTE, bucketOf, localParts, slotKey, windowValues, type ReportWindow } from './report-window.js';

/** One group in one interval (start null: the whole range), as the database computed it. */
export interface GroupReportRow {
  group: string;
  start: Date | null;
  startLocal: string | null;
  startOffset: number | null;
  offered: number;
  answered: number;
  abandoned: number;
  abandonedShort: number;
  serviceLevel: number | null;
  asa: number | null;
  longestWait: number | null;
  abandonmentRate: number | null;
  aht: number | null;
  occupancy: number | null;
  callbacksRequested: number;
  callbacksCompleted: number;
  voicemails: number;
  surveyAverage: number | null;
  surveyCount: number;
  /** Responses per score, index 0 = score 1 … index 8 = score 9. */
  surveyScores: number[];
}

const TOTALS = (grp: string, bucket = 'bucket') => `GROUP BY GROUPING SETS ((${grp}, ${bucket}), (${grp}))`;

/**
 * Queue entries by the interval they were offered to their group in (created_at). Answered: an
 * inbound assignment was answered (callback assignments never count); the wait runs from the offer
 * to the first inbound answer. Abandoned entries waited until they ended.
 */
const ENTRIES = `entries AS (
  SELECT q.group_name AS grp, ${bucketOf('q.created_at')} AS bucket, g.service_level_seconds AS sl,
    extract(epoch FROM (SELECT min(a.answered_at) FROM assignments a WHERE a.entry_id = q.id AND a.kind = 'inbound')
      - q.created_at)::float8 AS answer_wait,
    CASE WHEN q.state = 'abandoned' THEN extract(epoch FROM coalesce(q.ended_at, q.state_since) - q.created_at)::float8 END AS abandon_wait
  FROM queue_entries q JOIN skill_groups g ON g.name = q.group_name
  WHERE q.created_at >= $1::timestamptz AND q.created_at < $2::timestamptz),
entry_stats AS (
  SELECT grp, ${slotKey('bucket')} AS key, count(*) AS offered, count(answer_wait) AS answered,
    count(*) FILTER (WHERE answer_wait <= sl) AS within_sl, count(abandon_wait) AS abandoned,
    count(*) FILTER (WHERE abandon_wait <= $7::int) AS abandoned_short,
    avg(answer_wait) AS asa, max(coalesce(answer_wait, abandon_wait)) AS longest
  FROM entries ${TOTALS('grp')})`;

/**
 * Counted events: callbacks requested (an entry's first move into 'callback', from the recorded
 * changes), callbacks completed (callback assignments that completed, by when they ended), and
 * voicemails (those left outside any queue under '(flow)').
 */
const EVENTS = `events AS (
  SELECT q.group_name AS grp, ${bucketOf('c.first_at')} AS bucket, 'callback-requested' AS kind
  FROM (SELECT entry_id, min(at) AS first_at FROM queue_entry_changes WHERE to_state = 'callback' GROUP BY entry_id) c
  JOIN queue_entries q ON q.id = c.entry_id
  WHERE c.first_at >= $1::timestamptz AND c.first_at < $2::timestamptz
  UNION ALL
  SELECT q.group_name, ${bucketOf('a.ended_at')}, 'callback-completed'
  FROM assignments a JOIN queue_entries q ON q.id = a.entry_id
  WHERE a.kind = 'callback' AND a.outcome = 'completed' AND a.ended_at >= $1::timestamptz AND a.ended_at < $2::timestamptz
  UNION ALL
  SELECT coalesce(v.group_name, '(flow)'), ${bucketOf('v.created_at')}, 'voicemail'
  FROM voicemails v WHERE v.created_at >= $1::timestamptz AND v.created_at < $2::timestamptz),
event_stats AS (
  SELECT grp, ${slotKey('bucket')} AS key,
    count(*) FILTER (WHERE kind = 'callback-requested') AS callbacks_requested,
    count(*) FILTER (WHERE kind = 'callback-completed') AS callbacks_completed,
    count(*) FILTER (WHERE kind = 'voicemail') AS voicemails
  FROM events ${TOTALS('grp')})`;

/** Survey responses go to the group of the call's last completed entry, else to '(no agent)'. */
const SURVEYS = `surveys AS (
  SELECT coalesce((SELECT q.group_name FROM queue_entries q WHERE q.call_sid = s.call_sid AND q.state = 'completed'
                   ORDER BY q.created_at DESC, q.id DESC LIMIT 1), '(no agent)') AS grp,
         ${bucketOf('s.created_at')} AS bucket, s.score
  FROM survey_responses s WHERE s.created_at >= $1::timestamptz AND s.created_at < $2::timestamptz),
survey_stats AS (
  SELECT grp, ${slotKey('bucket')} AS key, avg(score) AS average, count(*) AS responses,
    ARRAY[${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => `count(*) FILTER (WHERE score = ${k})::int`).join(', ')}] AS scores
  FROM surveys ${TOTALS('grp')})`;

/** Group occupancy: the time of every agent who fits the group now (each required skill at its minimum level, no widening). */
const OCCUPANCY = `fits AS (
  SELECT a.id AS agent_id, g.name AS grp FROM agents a CROSS JOIN skill_groups g WHERE agent_fits_group(a.id, g.name, 5)),
occupancy_stats AS (
  SELECT f.grp, ${slotKey('t.bucket')} AS key, sum(t.busy) AS busy, sum(t.logged_in) AS logged_in
  FROM agent_time t JOIN fits f ON f.agent_id = t.agent_id ${TOTALS('f.grp', 't.bucket')})`;

const handleStats = `handle_stats AS (
  SELECT group_name AS grp, ${slotKey('bucket')} AS key, avg(handle) AS aht FROM handled ${TOTALS('group_name')})`;

/** Skill groups, plus any other name the range's voicemails or surveys were filed under. */
const GROUPS = `groups AS (
  SELECT grp FROM (SELECT name AS grp FROM skill_groups UNION SELECT grp FROM events UNION SELECT grp FROM surveys) all_groups
  WHERE $6::text IS NULL OR grp = $6::text)`;

/**
 * Every group × every interval of the window (zeros and nulls where nothing happened), then each
 * group's totals over the whole range (start null). $6: one group or null; $7: short-abandon seconds.
 */
export async function groupReport(db: Queryable, w: ReportWindow, o: { group?: string; shortAbandonSeconds: number }): Promise<GroupReportRow[]> {
  const { rows } = await db.query<GroupReportRow>({
    text: `WITH ${BUCKETS_CTE}, ${SLOTS_CTE}, ${ENTRIES}, ${EVENTS}, ${SURVEYS}, ${AGENT_TIME_CTE}, ${OCCUPANCY}, ${HANDLED_CTE},
      ${handleStats}, ${GROUPS}
      SELECT g.grp AS "group", s.start, ${localParts('s.start', 'start')},
        coalesce(e.offered, 0)::int AS offered, coalesce(e.answered, 0)::int AS answered,
        coalesce(e.abandoned, 0)::int AS abandoned, coalesce(e.abandoned_short, 0)::int AS "abandonedShort",
        ${ratio('e.within_sl', 'e.offered')} AS "serviceLevel", ${secs('e.asa')} AS asa, ${secs('e.longest')} AS "longestWait",
        ${ratio('e.abandoned', 'e.offered')} AS "abandonmentRate", ${secs('h.aht')} AS aht,
        ${ratio('o.busy', 'o.logged_in')} AS occupancy,
        coalesce(v.callbacks_requested, 0)::int AS "callbacksRequested", coalesce(v.callbacks_completed, 0)::int AS "callbacksCompleted",
        coalesce(v.voicemails, 0)::int AS voicemails,
        round(u.average, 3)::float8 AS "surveyAverage", coalesce(u.responses, 0)::int AS "surveyCount",
        coalesce(u.scores, array_fill(0, ARRAY[9])) AS "surveyScores"
      FROM groups g CROSS JOIN slots s
      LEFT JOIN entry_stats e ON e.grp = g.grp AND e.key = s.key
      LEFT JOIN handle_stats h ON h.grp = g.grp AND h.key = s.key
      LEFT JOIN occupancy_stats o ON o.grp = g.grp AND o.key = s.key
      LEFT JOIN event_stats v ON v.grp = g.grp AND v.key = s.key
      LEFT JOIN survey_stats u ON u.grp = g.grp AND u.key = s.key
      ORDER BY g.grp LIKE '(%', g.grp COLLATE "C", s.start NULLS LAST`,
    values: [...windowValues(w), o.group ?? null, o.shortAbandonSeconds],
  });
  return rows;
}
