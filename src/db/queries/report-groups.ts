import type { Queryable } from '../pool.js';
import type { ServiceLevelFormula } from '../../config.js';
import type { ReportWindow } from './report-window.js';
import { SURVEY_KPI_SELECT, type SurveyKpiColumns } from './report-surveys.js';

/** One group in one interval (start null: the whole range), as the database computed it. */
export interface GroupReportRow extends SurveyKpiColumns {
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
}

/**
 * The groups report: every group × every interval of the window, then each group's totals
 * (start NULL), skill groups before the pseudo-groups. Every KPI is group_kpis'
 * (migrations/014-kpi-definitions.sql, the service level's formula and live rule 016, surveys 021).
 * Parameters, to paste into psql with values:
 *   $1 from_at, $2 to_at  timestamptz, the window [from, to)
 *   $3 zone               IANA time zone name, e.g. 'America/New_York'
 *   $4 step_seconds       900, 3600, or 0 for calendar days in the zone
 *   $5 short_abandon_seconds
 *   $6 one group's name, or NULL for all
 *   $7 formula            the service level's: 'offered', 'answered-and-abandoned' or 'answered-and-long-abandoned'
 */
const GROUP_REPORT = `
SELECT k.group_name AS "group", k.start, local_iso(k.start, $3) AS "startLocal", utc_offset_seconds(k.start, $3) AS "startOffset",
  k.offered, k.answered, k.abandoned, k.abandoned_short AS "abandonedShort", k.service_level AS "serviceLevel", k.asa,
  k.longest_wait AS "longestWait", k.abandonment_rate AS "abandonmentRate", k.aht, k.occupancy,
  k.callbacks_requested AS "callbacksRequested", k.callbacks_completed AS "callbacksCompleted", k.voicemails,
  ${SURVEY_KPI_SELECT}
FROM group_kpis(from_at => $1, to_at => $2, zone => $3, step_seconds => $4, short_abandon_seconds => $5, formula => $7) k
WHERE $6::text IS NULL OR k.group_name = $6::text
ORDER BY k.group_name LIKE '(%', k.group_name COLLATE "C", k.start NULLS LAST`;

export async function groupReport(
  db: Queryable,
  w: ReportWindow,
  o: { group?: string; shortAbandonSeconds: number; formula: ServiceLevelFormula },
): Promise<GroupReportRow[]> {
  const { rows } = await db.query<GroupReportRow>({
    text: GROUP_REPORT,
    values: [w.from, w.to, w.timezone, w.stepSeconds, o.shortAbandonSeconds, o.group ?? null, o.formula],
  });
  return rows;
}
