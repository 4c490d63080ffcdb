import { createApiToken } from '../../src/auth/api-tokens.js';
import { testDatabase } from '../support/database.js';
import type { TestServer } from '../support/server.js';

/** GETs a report path with a supervisor's API token; JSON parsed, CSV as text. */
export async function getReport(server: TestServer, path: string, headers: Record<string, string> = {}, token?: string) {
  const bearer = token ?? (await createApiToken(testDatabase().pool, { name: 'reports' })).token;
  const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${bearer}`, ...headers } });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').startsWith('application/json');
  return { status: res.status, headers: res.headers, body: isJson ? JSON.parse(text) : text };
}

/** The survey KPIs of a row where no survey was asked or answered: zero counts, null averages, rates and NPS. */
export const EMPTY_SURVEYS = {
  surveyResponses: 0,
  surveyRequests: 0,
  responseRate: null,
  csat: null,
  csatResponses: 0,
  csatDistribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
  nps: null,
  npsResponses: 0,
  promoters: 0,
  passives: 0,
  detractors: 0,
  resolvedRate: null,
  resolvedResponses: 0,
};

/** What a group's row holds where nothing happened: zero counts, null rates and averages. */
export const EMPTY_KPIS = {
  offered: 0,
  answered: 0,
  abandoned: 0,
  abandonedShort: 0,
  serviceLevel: null,
  asa: null,
  longestWait: null,
  abandonmentRate: null,
  aht: null,
  occupancy: null,
  callbacksRequested: 0,
  callbacksCompleted: 0,
  voicemails: 0,
  ...EMPTY_SURVEYS,
  surveyAverage: null,
  surveyCount: 0,
  surveyDistribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
};
/** Some of a row's KPIs, for overriding EMPTY_KPIS. */
export type Kpis = Partial<Record<keyof typeof EMPTY_KPIS, unknown>>;

/** CSAT answers only, none asked through survey_requests (fixtures written before survey kinds). */
export const csatAnswers = (average: number, count: number, distribution: Record<string, number>) => ({
  surveyResponses: count,
  csat: average,
  csatResponses: count,
  csatDistribution: distribution,
});

/** The same in the groups report, whose old names (surveyAverage, surveyCount, surveyDistribution) agree. */
export const csatOnly = (average: number, count: number, distribution: Record<string, number>) => ({
  ...csatAnswers(average, count, distribution),
  surveyAverage: average,
  surveyCount: count,
  surveyDistribution: distribution,
});
