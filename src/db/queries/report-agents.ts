import type { Queryable } from '../pool.js';
import type { ReportWindow } from './report-window.js';
import { SURVEY_KPI_SELECT, type SurveyKpiColumns } from './report-surveys.js';

/** One agent in one interval (start null: the whole range); surveys of the calls they answered last. */
export interface AgentReportRow extends SurveyKpiColumns {
  agentId: number;
  agent: string;
  start: Date | null;
  startLocal: string | null;
  startOffset: number | null;
  loggedInSeconds: number;
  busySeconds: number;
  occupancy: number | null;
  handled: number;
  aht: number | null;
}

/**
 * The agents report: every agent × every interval of the window, then each agent's totals (start
 * NULL). Every KPI is agent_kpis' (migrations/014-kpi-definitions.sql, surveys 021). Parameters,
 * to paste into psql with values:
 *   $1 from_at, $2 to_at  timestamptz, the window [from, to)
 *   $3 zone               IANA time zone name, e.g. 'America/New_York'
 *   $4 step_seconds       900, 3600, or 0 for calendar days in the zone
 */
const AGENT_REPORT = `
SELECT a.id AS "agentId", a.name AS agent, k.start, local_iso(k.start, $3) AS "startLocal", utc_offset_seconds(k.start, $3) AS "startOffset",
  k.logged_in_seconds AS "loggedInSeconds", k.busy_seconds AS "busySeconds", k.occupancy, k.handled, k.aht, ${SURVEY_KPI_SELECT}
FROM agent_kpis(from_at => $1, to_at => $2, zone => $3, step_seconds => $4) k JOIN agents a ON a.id = k.agent_id
ORDER BY a.id, k.start NULLS LAST`;

export async function agentReport(db: Queryable, w: ReportWindow): Promise<AgentReportRow[]> {
  const { rows } = await db.query<AgentReportRow>({ text: AGENT_REPORT, values: [w.from, w.to, w.timezone, w.stepSeconds] });
  return rows;
}
