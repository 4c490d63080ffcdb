import type { ServiceLevelFormula } from '../config.js';
import type { Pool, Queryable } from '../db/pool.js';
import { agentReport, type AgentReportRow } from '../db/queries/report-agents.js';
import { groupReport, type GroupReportRow } from '../db/queries/report-groups.js';
import {
  countFlowsWithCalls,
  flowReport,
  flowStepReport,
  listFlowIds,
  type FlowReportRow,
  type FlowStepRow,
} from '../db/queries/report-flows.js';
import { inReportTransaction, resolveReportWindow, type ResolvedWindow } from '../db/queries/report-window.js';
import { waitEstimateReport, type WaitEstimateRow } from '../db/queries/wait-announcements.js';
import { didYouMean } from '../flows/diagnostics.js';
import { invalidField } from '../input-error.js';
import {
  FLOW_GROUP,
  INTERVALS,
  NO_AGENT_GROUP,
  type FlowReportParams,
  type GroupReportParams,
  type ReportInterval,
  type ReportParams,
  type WaitEstimateReportParams,
} from './report-params.js';
import { csatScaleOf, withCsatDistribution, type SurveyKpis } from './survey-fields.js';
import { isoWithOffset } from './time-input.js';

export const MAX_RANGE_DAYS = 366;
export const MAX_ROWS = 5000;

interface ReportFrame {
  timezone: string;
  interval: ReportInterval;
  from: string;
  to: string;
}

/**
 * The groups report's names from before survey kinds (CSAT only, as they always were): surveyAverage
 * is csat, surveyCount csatResponses, surveyDistribution csatDistribution.
 */
interface OldSurveyNames {
  surveyAverage: number | null;
  surveyCount: number;
  surveyDistribution: Record<string, number>;
}
type GroupKpis = Omit<GroupReportRow, 'group' | 'start' | 'startLocal' | 'startOffset' | 'csatScores'> & SurveyKpis & OldSurveyNames;
export type GroupRow = { group: string; start: string } & GroupKpis;
export type GroupTotals = { group: string } & GroupKpis;
export interface GroupReport extends ReportFrame {
  shortAbandonSeconds: number;
  serviceLevelFormula: ServiceLevelFormula;
  /** CSAT scores 1…this appear in every distribution: 5, or more when a survey used a longer scale. */
  surveyScale: number;
  rows: GroupRow[];
  totals: GroupTotals[];
}

type FlowKpis = Omit<FlowReportRow, 'start' | 'startLocal' | 'startOffset' | 'csatScores'> & SurveyKpis;
export type FlowRow = FlowKpis & { start: string };
export interface FlowReport extends ReportFrame {
  surveyScale: number;
  rows: FlowRow[];
  totals: FlowKpis[];
  /** Every step of every flow version that served calls started in the range, over the whole range. */
  steps: FlowStepRow[];
}

type AgentKpis = Omit<AgentReportRow, 'start' | 'startLocal' | 'startOffset' | 'csatScores'> & SurveyKpis;
export type AgentRow = AgentKpis & { start: string };
export interface AgentReport extends ReportFrame {
  surveyScale: number;
  rows: AgentRow[];
  totals: AgentKpis[];
}

type WaitEstimateKpis = Omit<WaitEstimateRow, 'start' | 'startLocal' | 'startOffset'>;
export type WaitEstimateIntervalRow = WaitEstimateKpis & { start: string };
export interface WaitEstimateReport extends ReportFrame {
  rows: WaitEstimateIntervalRow[];
  totals: WaitEstimateKpis[];
}

/** Resolves the range in the zone and refuses reports that are empty, too long or too big. */
async function resolve(
  db: Queryable,
  p: ReportParams,
  perInterval: (w: ResolvedWindow) => number | Promise<number>,
  what: string,
  group?: string,
) {
  let w: ResolvedWindow;
  try {
    w = await resolveReportWindow(db, { from: p.from, to: p.to, timezone: p.timezone, stepSeconds: INTERVALS[p.interval], group });
  } catch (err) {
    // Node and PostgreSQL each carry a zone database; one may know a name the other does not.
    if ((err as { code?: string }).code === '22023') throw invalidField('timezone', 'is not a time zone PostgreSQL knows');
    throw err;
  }
  if (w.to <= w.from) throw invalidField('to', 'must be after from');
  if (w.localSpanSeconds > MAX_RANGE_DAYS * 86400) throw invalidField('to', `must be at most ${MAX_RANGE_DAYS} days after from`);
  const each = await perInterval(w);
  const rows = w.buckets * each;
  if (rows > MAX_ROWS) {
    throw invalidField(
      'interval',
      `the report would have ${rows} rows (${w.buckets} intervals × ${each} ${what}), at most ${MAX_ROWS}: choose a longer interval or a shorter range`,
    );
  }
  const frame: ReportFrame = {
    timezone: p.timezone,
    interval: p.interval,
    from: isoWithOffset(w.fromLocal, w.fromOffset),
    to: isoWithOffset(w.toLocal, w.toOffset),
  };
  return { w, frame };
}

/** A group asked for by name that does not exist: a 400 naming the nearest one. */
async function unknownGroup(db: Queryable, group: string): Promise<never> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM skill_groups ORDER BY name');
  throw invalidField(
    'group',
    `no skill group '${group}'${didYouMean(
      group,
      rows.map((r) => r.name),
    )}`,
  );
}

const startOf = (r: { startLocal: string | null; startOffset: number | null }) =>
  isoWithOffset(r.startLocal as string, r.startOffset as number);

/** KPIs per skill group and interval, with each group's totals over the range. */
export const buildGroupReport = (pool: Pool, p: GroupReportParams): Promise<GroupReport> =>
  inReportTransaction(pool, (db) => groupsIn(db, p));

/** Occupancy and handled calls per agent and interval, with each agent's totals over the range. */
export const buildAgentReport = (pool: Pool, p: ReportParams): Promise<AgentReport> => inReportTransaction(pool, (db) => agentsIn(db, p));

async function groupsIn(db: Queryable, p: GroupReportParams): Promise<GroupReport> {
  const pseudo = p.group === FLOW_GROUP || p.group === NO_AGENT_GROUP;
  const { w, frame } = await resolve(db, p, (w) => (p.group ? 1 : w.groups + 2), 'groups', pseudo ? undefined : p.group);
  if (p.group && !pseudo && w.groups === 0) await unknownGroup(db, p.group);
  const found = await groupReport(db, w, { group: p.group, shortAbandonSeconds: p.shortAbandonSeconds, formula: p.serviceLevelFormula });
  const surveyScale = csatScaleOf(found);
  const kpis = ({ group: _g, start: _s, startLocal: _l, startOffset: _o, ...row }: GroupReportRow): GroupKpis => {
    const k = withCsatDistribution(row, surveyScale);
    return { ...k, surveyAverage: k.csat, surveyCount: k.csatResponses, surveyDistribution: k.csatDistribution };
  };
  return {
    ...frame,
    shortAbandonSeconds: p.shortAbandonSeconds,
    serviceLevelFormula: p.serviceLevelFormula,
    surveyScale,
    rows: found.filter((r) => r.start).map((r) => ({ group: r.group, start: startOf(r), ...kpis(r) })),
    totals: found.filter((r) => !r.start).map((r) => ({ group: r.group, ...kpis(r) })),
  };
}

/** Self-service KPIs per flow and interval, each flow's totals, and its steps' counts over the range. */
export const buildFlowReport = (pool: Pool, p: FlowReportParams): Promise<FlowReport> => inReportTransaction(pool, (db) => flowsIn(db, p));

async function flowsIn(db: Queryable, p: FlowReportParams): Promise<FlowReport> {
  if (p.flow) {
    const ids = await listFlowIds(db);
    if (!ids.includes(p.flow)) throw invalidField('flow', `no flow '${p.flow}'${didYouMean(p.flow, ids)}`);
  }
  const { w, frame } = await resolve(db, p, async (w) => Math.max(1, await countFlowsWithCalls(db, w, p.flow)), 'flows');
  const found = await flowReport(db, w, p.flow);
  const surveyScale = csatScaleOf(found);
  const kpis = ({ start: _s, startLocal: _l, startOffset: _o, ...k }: FlowReportRow): FlowKpis => withCsatDistribution(k, surveyScale);
  return {
    ...frame,
    surveyScale,
    rows: found.filter((r) => r.start).map((r) => ({ ...kpis(r), start: startOf(r) })),
    totals: found.filter((r) => !r.start).map(kpis),
    steps: await flowStepReport(db, w, p.flow),
  };
}

/** How right the announced wait estimates were, per skill group and interval (by when announced), with totals. */
export const buildWaitEstimateReport = (pool: Pool, p: WaitEstimateReportParams): Promise<WaitEstimateReport> =>
  inReportTransaction(pool, (db) => waitEstimatesIn(db, p));

async function waitEstimatesIn(db: Queryable, p: WaitEstimateReportParams): Promise<WaitEstimateReport> {
  const { w, frame } = await resolve(db, p, (w) => Math.max(1, p.group ? 1 : w.groups), 'groups', p.group);
  if (p.group && w.groups === 0) await unknownGroup(db, p.group);
  const found = await waitEstimateReport(db, w, p.group);
  const kpis = ({ group: _g, start: _s, startLocal: _l, startOffset: _o, ...k }: WaitEstimateRow) => k;
  return {
    ...frame,
    rows: found.filter((r) => r.start).map((r) => ({ group: r.group, start: startOf(r), ...kpis(r) })),
    totals: found.filter((r) => !r.start).map((r) => ({ group: r.group, ...kpis(r) })),
  };
}

async function agentsIn(db: Queryable, p: ReportParams): Promise<AgentReport> {
  const { w, frame } = await resolve(db, p, (w) => Math.max(1, w.agents), 'agents');
  const found = await agentReport(db, w);
  const surveyScale = csatScaleOf(found);
  const kpis = ({ start: _s, startLocal: _l, startOffset: _o, agentId: _i, agent: _a, ...k }: AgentReportRow) =>
    withCsatDistribution(k, surveyScale);
  return {
    ...frame,
    surveyScale,
    rows: found.filter((r) => r.start).map((r) => ({ agentId: r.agentId, agent: r.agent, start: startOf(r), ...kpis(r) })),
    totals: found.filter((r) => !r.start).map((r) => ({ agentId: r.agentId, agent: r.agent, ...kpis(r) })),
  };
}
