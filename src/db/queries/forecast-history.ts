import type { Queryable } from '../pool.js';

/** One past same weekday's interval of a group: what was offered, waited and handled in it. */
export interface ForecastHistoryRow {
  /** 1: the same weekday a week before the forecast day, 2: two weeks before, … */
  weeksAgo: number;
  /** The interval of the local day: 0 from midnight, in steps of the interval length. */
  slot: number;
  offered: number;
  abandoned: number;
  /** Seconds the entries spent waiting, until answered or abandoned (patience's exposure). */
  waitedSeconds: number;
  handled: number;
  handleSeconds: number;
}

/** One interval of the forecast day. */
export interface ForecastSlot {
  slot: number;
  start: Date;
  startLocal: string;
  startOffset: number;
}

/**
 * The history of one group on the `weeks` same weekdays before a local day, per interval of the
 * local day (the interval an instant falls in is its local time of day ÷ the step). Offered,
 * abandoned and waits come from queue_entry_facts, handle times from handled_assignments
 * (migrations/014-kpi-definitions.sql), by the interval the entry was offered / answered in.
 *   $1 the day (date)  $2 zone  $3 weeks  $4 step_seconds  $5 group
 */
const FORECAST_HISTORY = `
WITH days AS (
  SELECT k, ($1::date - 7 * k)::timestamp AT TIME ZONE $2 AS from_at, ($1::date - 7 * k + 1)::timestamp AT TIME ZONE $2 AS to_at
  FROM generate_series(1, $3::int) k),
entries AS (
  SELECT d.k, floor(extract(epoch FROM (f.offered_at AT TIME ZONE $2)::time) / $4)::int AS slot, count(*)::int AS offered,
    count(f.abandon_wait_seconds)::int AS abandoned, coalesce(sum(coalesce(f.answer_wait_seconds, f.abandon_wait_seconds)), 0)::float8 AS waited
  FROM days d JOIN queue_entry_facts f ON f.group_name = $5 AND f.offered_at >= d.from_at AND f.offered_at < d.to_at
  GROUP BY 1, 2),
handled AS (
  SELECT d.k, floor(extract(epoch FROM (h.answered_at AT TIME ZONE $2)::time) / $4)::int AS slot, count(*)::int AS handled,
    sum(h.handle_seconds)::float8 AS handle_seconds
  FROM days d JOIN handled_assignments h ON h.group_name = $5 AND h.answered_at >= d.from_at AND h.answered_at < d.to_at
  GROUP BY 1, 2)
SELECT k AS "weeksAgo", slot, coalesce(e.offered, 0) AS offered, coalesce(e.abandoned, 0) AS abandoned,
  coalesce(e.waited, 0) AS "waitedSeconds", coalesce(h.handled, 0) AS handled, coalesce(h.handle_seconds, 0) AS "handleSeconds"
FROM entries e FULL JOIN handled h USING (k, slot)
ORDER BY k, slot`;

export async function forecastHistory(
  db: Queryable,
  o: { date: string; timezone: string; weeks: number; stepSeconds: number; group: string },
): Promise<ForecastHistoryRow[]> {
  const { rows } = await db.query<ForecastHistoryRow>({
    text: FORECAST_HISTORY,
    values: [o.date, o.timezone, o.weeks, o.stepSeconds, o.group],
  });
  return rows;
}

/**
 * The intervals of the local day (report_intervals), each with its slot: a day when clocks change
 * has one interval fewer or more (the repeated autumn hour shares its slot with the first).
 *   $1 the day (date)  $2 zone  $3 step_seconds
 */
const FORECAST_SLOTS = `
SELECT floor(extract(epoch FROM (i.start AT TIME ZONE $2)::time) / $3)::int AS slot, i.start,
  local_iso(i.start, $2) AS "startLocal", utc_offset_seconds(i.start, $2) AS "startOffset"
FROM report_intervals($1::date::timestamp AT TIME ZONE $2, ($1::date + 1)::timestamp AT TIME ZONE $2, $2, $3) i
ORDER BY i.start`;

export async function forecastSlots(db: Queryable, o: { date: string; timezone: string; stepSeconds: number }): Promise<ForecastSlot[]> {
  const { rows } = await db.query<ForecastSlot>({ text: FORECAST_SLOTS, values: [o.date, o.timezone, o.stepSeconds] });
  return rows;
}

/** Agents staffed for a group on the forecast day: per interval that has begun, and logged in now. */
export interface ForecastStaffing {
  /** Mean agents logged in (who fit the group) per interval that has begun, by its start. */
  begun: { start: Date; staffed: number }[];
  /** Agents logged in now who fit the group. */
  now: number;
}

/**
 * group_staffed_agents and group_logged_in_agents (migrations/020-wait-announcements.sql) over the
 * local day. Parameters: $1 group, $2 the day (date), $3 zone, $4 step_seconds.
 */
export async function forecastStaffing(
  db: Queryable,
  o: { date: string; timezone: string; stepSeconds: number; group: string },
): Promise<ForecastStaffing> {
  const { rows } = await db.query<{ begun: { start: string; staffed: number }[] | null; now: number }>({
    text: `SELECT (SELECT json_agg(json_build_object('start', s.start, 'staffed', s.staffed) ORDER BY s.start)
        FROM group_staffed_agents($1, $2::date::timestamp AT TIME ZONE $3, ($2::date + 1)::timestamp AT TIME ZONE $3, $3, $4) s) AS begun,
      group_logged_in_agents($1) AS now`,
    values: [o.group, o.date, o.timezone, o.stepSeconds],
  });
  return { begun: (rows[0].begun ?? []).map((r) => ({ start: new Date(r.start), staffed: r.staffed })), now: rows[0].now };
}
