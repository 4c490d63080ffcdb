import { toCsv, type CsvValue } from './csv.js';
import type { AgentReport, FlowReport, GroupReport, WaitEstimateReport } from './reports.js';
import type { SurveyKpis } from './survey-fields.js';

/** Interval rows first, then each group's or agent's totals with `start` = total. */
const TOTAL = 'total';

const GROUP_COLUMNS = [
  'offered',
  'answered',
  'abandoned',
  'abandonedShort',
  'serviceLevel',
  'asa',
  'longestWait',
  'abandonmentRate',
  'aht',
  'occupancy',
  'callbacksRequested',
  'callbacksCompleted',
  'voicemails',
] as const;

/** Every report's survey columns, then CSAT's count per score (csat1…csatN, N the report's scale). */
const SURVEY_COLUMNS = [
  'surveyResponses',
  'surveyRequests',
  'responseRate',
  'csat',
  'csatResponses',
  'nps',
  'npsResponses',
  'promoters',
  'passives',
  'detractors',
  'resolvedRate',
  'resolvedResponses',
] as const;

const surveyHeader = (scale: number) => [...SURVEY_COLUMNS, ...Array.from({ length: scale }, (_, i) => `csat${i + 1}`)];
const surveyCells = (r: SurveyKpis, scale: number): CsvValue[] => [
  ...SURVEY_COLUMNS.map((c) => r[c]),
  ...Array.from({ length: scale }, (_, i) => r.csatDistribution[String(i + 1)]),
];

export function groupReportCsv(report: GroupReport): string {
  const line = (group: string, start: string, r: GroupReport['totals'][number]): CsvValue[] => [
    group,
    start,
    ...GROUP_COLUMNS.map((c) => r[c]),
    ...surveyCells(r, report.surveyScale),
  ];
  return toCsv(
    ['group', 'start', ...GROUP_COLUMNS, ...surveyHeader(report.surveyScale)],
    [...report.rows.map((r) => line(r.group, r.start, r)), ...report.totals.map((r) => line(r.group, TOTAL, r))],
  );
}

const AGENT_COLUMNS = ['loggedInSeconds', 'busySeconds', 'occupancy', 'handled', 'aht'] as const;

export function agentReportCsv(report: AgentReport): string {
  const line = (r: AgentReport['totals'][number], start: string): CsvValue[] => [
    r.agentId,
    r.agent,
    start,
    ...AGENT_COLUMNS.map((c) => r[c]),
    ...surveyCells(r, report.surveyScale),
  ];
  return toCsv(
    ['agentId', 'agent', 'start', ...AGENT_COLUMNS, ...surveyHeader(report.surveyScale)],
    [...report.rows.map((r) => line(r, r.start)), ...report.totals.map((r) => line(r, TOTAL))],
  );
}

const FLOW_COLUMNS = [
  'calls',
  'contained',
  'routed',
  'abandoned',
  'zeroOuts',
  'zeroOutsAfterFailing',
  'containment',
  'zeroOutRate',
  'ivrAbandonmentRate',
  'timeToQueue',
] as const;
const STEP_COLUMNS = ['entered', 'noInput', 'invalid', 'hungUp', 'medianSeconds'] as const;

/** A count per key as one cell, keys in order: `1:3;2:1`. */
const counts = (byKey: Record<string, number>) =>
  Object.keys(byKey)
    .sort()
    .map((k) => `${k}:${byKey[k]}`)
    .join(';');

/** The flows' KPIs (interval rows, then totals), or with table=steps, each flow version's steps. */
export function flowReportCsv(report: FlowReport, table: 'flows' | 'steps'): string {
  if (table === 'steps') {
    return toCsv(
      ['flow', 'version', 'step', 'kind', ...STEP_COLUMNS, 'leftBy', 'exits'],
      report.steps.map((s) => [
        s.flowId,
        s.flowVersion,
        s.step,
        s.kind,
        ...STEP_COLUMNS.map((c) => s[c]),
        counts(s.leftBy),
        counts(s.exits),
      ]),
    );
  }
  const line = (r: FlowReport['totals'][number], start: string): CsvValue[] => [
    r.flowId,
    start,
    ...FLOW_COLUMNS.map((c) => r[c]),
    ...surveyCells(r, report.surveyScale),
  ];
  return toCsv(
    ['flow', 'start', ...FLOW_COLUMNS, ...surveyHeader(report.surveyScale)],
    [...report.rows.map((r) => line(r, r.start)), ...report.totals.map((r) => line(r, TOTAL))],
  );
}

const WAIT_ESTIMATE_COLUMNS = [
  'announcements',
  'answered',
  'abandoned',
  'abandonedBeyondEstimate',
  'waiting',
  'leftQueue',
  'meanAbsoluteError',
  'p90AbsoluteError',
  'bias',
] as const;

export function waitEstimateReportCsv(report: WaitEstimateReport): string {
  const line = (r: WaitEstimateReport['totals'][number], start: string): CsvValue[] => [
    r.group,
    start,
    ...WAIT_ESTIMATE_COLUMNS.map((c) => r[c]),
  ];
  return toCsv(
    ['group', 'start', ...WAIT_ESTIMATE_COLUMNS],
    [...report.rows.map((r) => line(r, r.start)), ...report.totals.map((r) => line(r, TOTAL))],
  );
}
