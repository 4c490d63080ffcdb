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
  surveyAverage: null,
  surveyCount: 0,
  surveyDistribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
};
/** Some of a row's KPIs, for overriding EMPTY_KPIS. */
export type Kpis = Partial<Record<keyof typeof EMPTY_KPIS, unknown>>;
