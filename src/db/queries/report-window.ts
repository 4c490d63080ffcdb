import { inTransaction, type Pool, type Queryable } from '../pool.js';

/**
 * The time frame of a report, resolved in PostgreSQL so that zone rules are the database's: the
 * range [from, to), the zone, and how it is cut into intervals. Every report query binds these
 * first, as $1..$5 (see windowValues), and uses the SQL fragments below.
 */
export interface ReportWindow {
  from: Date;
  to: Date;
  timezone: string;
  /** Interval length in seconds; 0 means calendar days in the zone (23 or 25 hours across DST). */
  stepSeconds: number;
  /** The start of the first interval: `from` rounded down to the interval in the zone. */
  origin: Date;
}

export interface ResolvedWindow extends ReportWindow {
  /** Range length in local time (a local day counts 86400 s whatever DST does). */
  localSpanSeconds: number;
  buckets: number;
  groups: number;
  agents: number;
  /** from and to as local ISO text and UTC offsets, for isoWithOffset(). */
  fromLocal: string;
  fromOffset: number;
  toLocal: string;
  toOffset: number;
}

export type Bound = { absolute: Date } | { local: string };

export const windowValues = (w: ReportWindow): unknown[] => [w.from, w.to, w.timezone, w.stepSeconds, w.origin];

const STEP = `make_interval(secs => greatest($4::int, 1))`;

/**
 * Series of interval starts from `start` up to `stop`: fixed steps (timestamptz), or local days
 * (timestamp, in the zone). Each is empty in the other mode: a WHERE on the mode does not stop
 * PostgreSQL from running the function, and a 1-second step over a year is 31 million rows.
 */
export const stepSeries = (start: string, stop: string) =>
  `generate_series(${start}, CASE WHEN $4::int > 0 THEN ${stop} ELSE ${start} - interval '1 day' END, ${STEP})`;
export const localDaySeries = (start: string, stop: string) =>
  `generate_series(${start}, CASE WHEN $4::int = 0 THEN ${stop} ELSE ${start} - interval '1 day' END, interval '1 day')`;

/** The interval (its start) an instant falls in: a local calendar day, or whole steps from the origin. */
export const bucketOf = (col: string) => `(CASE WHEN $4::int = 0
    THEN date_trunc('day', (${col}) AT TIME ZONE $3::text) AT TIME ZONE $3::text
    ELSE $5::timestamptz + floor(extract(epoch FROM (${col}) - $5::timestamptz)::float8 / greatest($4::int, 1)) * ${STEP} END)`;

/** `buckets(start, stop)`: every interval of the range, data or not (the last stops at `to`). */
export const BUCKETS_CTE = `buckets AS (
  SELECT start, lead(start, 1, $2::timestamptz) OVER (ORDER BY start) AS stop FROM (
    SELECT d AT TIME ZONE $3::text AS start
    FROM ${localDaySeries('$5::timestamptz AT TIME ZONE $3::text', '$2::timestamptz AT TIME ZONE $3::text')} d
    UNION ALL
    SELECT s FROM ${stepSeries('$5::timestamptz', '$2::timestamptz')} s
  ) series WHERE start < $2::timestamptz)`;

/** SQL for an instant as local ISO text and its offset in seconds, for isoWithOffset(). */
export const localParts = (col: string, alias: string) =>
  `to_char((${col}) AT TIME ZONE $3::text, 'YYYY-MM-DD"T"HH24:MI:SS') AS "${alias}Local",
   extract(epoch FROM ((${col}) AT TIME ZONE $3::text) - ((${col}) AT TIME ZONE 'UTC'))::int AS "${alias}Offset"`;

/**
 * Resolves from/to in the zone and sizes the report (intervals, groups, agents), so that limits
 * are checked before the report runs. `group` narrows the group count to one.
 */
export async function resolveReportWindow(
  db: Queryable,
  q: { from: Bound; to: Bound; timezone: string; stepSeconds: number; group?: string },
): Promise<ResolvedWindow> {
  const abs = (b: Bound) => ('absolute' in b ? b.absolute : null);
  const local = (b: Bound) => ('local' in b ? b.local : null);
  const { rows } = await db.query({
    text: `WITH range AS (
        SELECT coalesce($1::timestamptz, $2::timestamp AT TIME ZONE $5::text) AS from_at,
               coalesce($3::timestamptz, $4::timestamp AT TIME ZONE $5::text) AS to_at),
      origin AS (
        SELECT from_at, to_at, (CASE $6::int
          WHEN 0 THEN date_trunc('day', from_at AT TIME ZONE $5::text)
          WHEN 3600 THEN date_trunc('hour', from_at AT TIME ZONE $5::text)
          ELSE date_trunc('hour', from_at AT TIME ZONE $5::text)
               + floor(extract(minute FROM from_at AT TIME ZONE $5::text) / 15) * interval '15 minutes'
          END) AT TIME ZONE $5::text AS origin
        FROM range)
      SELECT from_at AS "from", to_at AS "to", origin,
        extract(epoch FROM (to_at AT TIME ZONE $5::text) - (from_at AT TIME ZONE $5::text))::float8 AS "localSpanSeconds",
        -- Counted, not generated: a mistyped year must not generate millions of rows to refuse.
        CASE WHEN to_at <= from_at THEN 0
          WHEN $6::int = 0 THEN ((to_at AT TIME ZONE $5::text) - interval '1 microsecond')::date - (origin AT TIME ZONE $5::text)::date + 1
          ELSE ceil(extract(epoch FROM to_at - origin) / $6::int) END::float8 AS buckets,
        (SELECT count(*) FROM skill_groups WHERE $7::text IS NULL OR name = $7::text)::int AS groups,
        (SELECT count(*) FROM agents)::int AS agents,
        to_char(from_at AT TIME ZONE $5::text, 'YYYY-MM-DD"T"HH24:MI:SS') AS "fromLocal",
        extract(epoch FROM (from_at AT TIME ZONE $5::text) - (from_at AT TIME ZONE 'UTC'))::int AS "fromOffset",
        to_char(to_at AT TIME ZONE $5::text, 'YYYY-MM-DD"T"HH24:MI:SS') AS "toLocal",
        extract(epoch FROM (to_at AT TIME ZONE $5::text) - (to_at AT TIME ZONE 'UTC'))::int AS "toOffset"
      FROM origin`,
    values: [abs(q.from), local(q.from), abs(q.to), local(q.to), q.timezone, q.stepSeconds, q.group ?? null],
  });
  return { ...rows[0], timezone: q.timezone, stepSeconds: q.stepSeconds };
}

/**
 * `slots(key, start)`: the intervals, and one more for the whole range (start NULL). Statistics
 * grouped by GROUPING SETS ((x, bucket), (x)) join on `key = coalesce(bucket, '-infinity')`, so
 * totals are computed over the range (a rate of sums, not a mean of rates).
 */
export const SLOTS_CTE = `slots AS (SELECT start AS key, start FROM buckets UNION ALL SELECT '-infinity'::timestamptz, NULL)`;
export const slotKey = (bucket: string) => `coalesce(${bucket}, '-infinity'::timestamptz)`;

/**
 * Runs report queries in one read-only transaction (one snapshot for the window and the report)
 * with JIT off: these queries are costed high enough to trigger JIT compilation, which took longer
 * (about 2 s) than the query itself (under 1 s for two weeks of a busy group).
 */
export async function inReportTransaction<T>(pool: Pool, fn: (db: Queryable) => Promise<T>): Promise<T> {
  return inTransaction(pool, async (client) => {
    await client.query('SET TRANSACTION READ ONLY, ISOLATION LEVEL REPEATABLE READ');
    await client.query('SET LOCAL jit = off');
    return fn(client);
  });
}
