import type { Queryable } from '../pool.js';
import type { ReportWindow } from './report-window.js';
import { SURVEY_KPI_SELECT, type SurveyKpiColumns } from './report-surveys.js';

/** One flow in one interval (start null: the whole range), as flow_kpis computed it. */
export interface FlowReportRow extends SurveyKpiColumns {
  flowId: string;
  start: Date | null;
  startLocal: string | null;
  startOffset: number | null;
  calls: number;
  contained: number;
  routed: number;
  abandoned: number;
  zeroOuts: number;
  zeroOutsAfterFailing: number;
  containment: number | null;
  zeroOutRate: number | null;
  ivrAbandonmentRate: number | null;
  timeToQueue: number | null;
}

/** One step of one flow version over the whole range, as flow_step_kpis computed it. */
export interface FlowStepRow {
  flowId: string;
  flowVersion: string;
  step: string;
  kind: string;
  entered: number;
  leftBy: Record<string, number>;
  exits: Record<string, number>;
  noInput: number;
  invalid: number;
  hungUp: number;
  medianSeconds: number | null;
}

/**
 * The flows report: every flow that served calls × every interval, then each flow's totals (start
 * NULL). Every KPI is flow_kpis' (migrations/017-flow-kpis.sql, surveys 021). Parameters, to paste
 * into psql:
 *   $1 from_at, $2 to_at  timestamptz, the window [from, to)
 *   $3 zone               IANA time zone name
 *   $4 step_seconds       900, 3600, or 0 for calendar days in the zone
 *   $5 one flow's id, or NULL for all
 */
const FLOW_REPORT = `
SELECT k.flow_id AS "flowId", k.start, local_iso(k.start, $3) AS "startLocal", utc_offset_seconds(k.start, $3) AS "startOffset",
  k.calls, k.contained, k.routed, k.abandoned, k.zero_outs AS "zeroOuts", k.zero_outs_after_failing AS "zeroOutsAfterFailing",
  k.containment, k.zero_out_rate AS "zeroOutRate", k.ivr_abandonment_rate AS "ivrAbandonmentRate", k.time_to_queue AS "timeToQueue",
  ${SURVEY_KPI_SELECT}
FROM flow_kpis(from_at => $1, to_at => $2, zone => $3, step_seconds => $4) k
WHERE $5::text IS NULL OR k.flow_id = $5::text
ORDER BY k.flow_id COLLATE "C", k.start NULLS LAST`;

/** Steps of each version, oldest version first. Parameters: $1 from_at, $2 to_at, $3 one flow's id or NULL. */
const FLOW_STEPS = `
SELECT k.flow_id AS "flowId", k.flow_hash AS "flowVersion", k.step, k.kind, k.entered, k.left_by AS "leftBy", k.exits,
  k.no_input AS "noInput", k.invalid, k.hung_up AS "hungUp", k.median_seconds AS "medianSeconds"
FROM flow_step_kpis(from_at => $1, to_at => $2) k JOIN flow_versions v ON v.hash = k.flow_hash
WHERE $3::text IS NULL OR k.flow_id = $3::text
ORDER BY k.flow_id COLLATE "C", v.first_loaded_at, k.flow_hash, k.step COLLATE "C"`;

export async function flowReport(db: Queryable, w: ReportWindow, flow?: string): Promise<FlowReportRow[]> {
  const { rows } = await db.query<FlowReportRow>({ text: FLOW_REPORT, values: [w.from, w.to, w.timezone, w.stepSeconds, flow ?? null] });
  return rows;
}

export async function flowStepReport(db: Queryable, w: ReportWindow, flow?: string): Promise<FlowStepRow[]> {
  const { rows } = await db.query<FlowStepRow>({ text: FLOW_STEPS, values: [w.from, w.to, flow ?? null] });
  return rows;
}

/** How many flows served calls started in the window (the report's rows per interval). */
export async function countFlowsWithCalls(db: Queryable, w: ReportWindow, flow?: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>({
    text: `SELECT count(DISTINCT flow_id)::int AS n FROM calls
      WHERE started_at >= $1 AND started_at < $2 AND ($3::text IS NULL OR flow_id = $3::text)`,
    values: [w.from, w.to, flow ?? null],
  });
  return rows[0].n;
}

/** The ids of every flow that has a stored version (for naming the nearest to a mistyped one). */
export async function listFlowIds(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT DISTINCT flow_id AS id FROM flow_versions ORDER BY 1');
  return rows.map((r) => r.id);
}
