import { inTransaction, type Pool, type Queryable } from '../pool.js';

/**
 * The time frame of a report, resolved in PostgreSQL so that zone rules are the database's: the
 * range [from, to), the zone, and how it is cut into intervals. These are the window parameters
 * of the KPI functions (migrations/014-kpi-definitions.sql): from_at, to_at, zone, step_seconds.
 */
export interface ReportWindow {
  from: Date;
  to: Date;
  timezone: string;
  /** Interval length in seconds; 0 means calendar days in the zone (23 or 25 hours across DST). */
  stepSeconds: number;
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

/**
 * Resolves from/to in the zone and sizes the report (intervals, groups, agents), so that limits
 * are checked before the report runs. `group` narrows the group count to one.
 * Parameters: $1/$3 from/to as instants, or $2/$4 as local times in $5 zone; $6 step_seconds; $7 group or NULL.
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
      origin AS (SELECT from_at, to_at, report_origin(from_at, $5::text, $6::int) AS origin FROM range)
      SELECT from_at AS "from", to_at AS "to",
        extract(epoch FROM (to_at AT TIME ZONE $5::text) - (from_at AT TIME ZONE $5::text))::float8 AS "localSpanSeconds",
        -- Counted, not generated: a mistyped year must not generate millions of rows to refuse.
        CASE WHEN to_at <= from_at THEN 0
          WHEN $6::int = 0 THEN ((to_at AT TIME ZONE $5::text) - interval '1 microsecond')::date - (origin AT TIME ZONE $5::text)::date + 1
          ELSE ceil(extract(epoch FROM to_at - origin) / $6::int) END::float8 AS buckets,
        (SELECT count(*) FROM skill_groups WHERE $7::text IS NULL OR name = $7::text)::int AS groups,
        (SELECT count(*) FROM agents)::int AS agents,
        local_iso(from_at, $5::text) AS "fromLocal", utc_offset_seconds(from_at, $5::text) AS "fromOffset",
        local_iso(to_at, $5::text) AS "toLocal", utc_offset_seconds(to_at, $5::text) AS "toOffset"
      FROM origin`,
    values: [abs(q.from), local(q.from), abs(q.to), local(q.to), q.timezone, q.stepSeconds, q.group ?? null],
  });
  return { ...rows[0], timezone: q.timezone, stepSeconds: q.stepSeconds };
}

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
