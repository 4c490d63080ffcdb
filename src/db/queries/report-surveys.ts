/**
 * The survey columns every report carries (groups, agents, flows), as survey_kpis computes them
 * (migrations/021-survey-kpis.sql). One list, so the three statements select the same fields.
 */
export interface SurveyKpiColumns {
  /** Answers given in the interval, every kind and channel. */
  surveyResponses: number;
  /** Surveys asked in the interval (survey_requests: keypad questions entered, texts sent). */
  surveyRequests: number;
  /** Surveys asked in the interval that were answered ÷ surveys asked in it; null when none was asked. */
  responseRate: number | null;
  /** Mean CSAT score; null without CSAT answers. */
  csat: number | null;
  csatResponses: number;
  /** CSAT answers per score, index 0 = score 1 … index 8 = score 9. */
  csatScores: number[];
  /** % promoters (9–10) − % detractors (0–6), −100…100; null without NPS answers. */
  nps: number | null;
  npsResponses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** "Yes" answers ÷ answers to the resolution question; null when it was not answered. */
  resolvedRate: number | null;
  resolvedResponses: number;
}

/** The select list of those columns from a KPI function aliased `k`. */
export const SURVEY_KPI_SELECT = `k.survey_responses AS "surveyResponses", k.survey_requests AS "surveyRequests",
  k.response_rate AS "responseRate", k.csat, k.csat_responses AS "csatResponses", k.csat_scores AS "csatScores", k.nps,
  k.nps_responses AS "npsResponses", k.promoters, k.passives, k.detractors, k.resolved_rate AS "resolvedRate",
  k.resolved_responses AS "resolvedResponses"`;
