import type { SurveyKpiColumns } from '../db/queries/report-surveys.js';

/** The survey KPIs as the reports show them: CSAT's counts per score keyed "1"…"N" instead of an array. */
export type SurveyKpis = Omit<SurveyKpiColumns, 'csatScores'> & { csatDistribution: Record<string, number> };

/** CSAT scores 1…this appear in every distribution of a report: 5, or more when a survey used a longer scale. */
export function csatScaleOf(rows: Pick<SurveyKpiColumns, 'csatScores'>[]): number {
  let scale = 5;
  for (const r of rows) r.csatScores.forEach((n, i) => n > 0 && i + 1 > scale && (scale = i + 1));
  return scale;
}

/** A row's survey columns with the distribution cut to the report's scale; the rest of the row passes through. */
export function withCsatDistribution<R extends SurveyKpiColumns>(
  { csatScores, ...rest }: R,
  scale: number,
): Omit<R, 'csatScores'> & SurveyKpis {
  return { ...rest, csatDistribution: Object.fromEntries(csatScores.slice(0, scale).map((n, i) => [String(i + 1), n])) };
}
