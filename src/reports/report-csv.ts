import { toCsv, type CsvValue } from './csv.js';
import type { AgentReport, GroupReport } from './reports.js';

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
  'surveyAverage',
  'surveyCount',
] as const;

export function groupReportCsv(report: GroupReport): string {
  const scores = Array.from({ length: report.surveyScale }, (_, i) => String(i + 1));
  const line = (group: string, start: string, r: GroupReport['totals'][number]): CsvValue[] => [
    group,
    start,
    ...GROUP_COLUMNS.map((c) => r[c]),
    ...scores.map((s) => r.surveyDistribution[s]),
  ];
  return toCsv(
    ['group', 'start', ...GROUP_COLUMNS, ...scores.map((s) => `survey${s}`)],
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
  ];
  return toCsv(
    ['agentId', 'agent', 'start', ...AGENT_COLUMNS],
    [...report.rows.map((r) => line(r, r.start)), ...report.totals.map((r) => line(r, TOTAL))],
  );
}
