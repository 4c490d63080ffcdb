import { z } from 'zod';
import { didYouMean } from '../flows/diagnostics.js';
import { invalidField } from '../input-error.js';
import { isTimeZone } from '../flows/read-hours.js';
import { parseTimeInput, type TimeBound } from './time-input.js';
import { DEFAULT_SHORT_ABANDON_SECONDS, SERVICE_LEVEL_FORMULAS, type ServiceLevelFormula } from '../config.js';

/** Report intervals and their length in seconds (0: calendar days in the report's zone). */
export const INTERVALS = { '15min': 900, hour: 3600, day: 0 } as const;
export type ReportInterval = keyof typeof INTERVALS;

/** Pseudo-groups: voicemails left outside any queue, and surveys of calls no agent took. */
export const FLOW_GROUP = '(flow)';
export const NO_AGENT_GROUP = '(no agent)';

export interface ReportParams {
  from: TimeBound;
  to: TimeBound;
  interval: ReportInterval;
  timezone: string;
  format?: 'json' | 'csv';
}
export interface GroupReportParams extends ReportParams {
  group?: string;
  shortAbandonSeconds: number;
  /** Answered within the threshold ÷ what; the centre's SERVICE_LEVEL_FORMULA unless asked. */
  serviceLevelFormula: ServiceLevelFormula;
}

const TIME_RULE = 'must be a date (2026-03-01) or a time (2026-03-01T09:30, with seconds and an offset such as Z or -05:00 if wanted)';
const time = (end: boolean) =>
  z.string().transform((text, ctx) => {
    const bound = parseTimeInput(text, end);
    if (!bound) ctx.addIssue({ code: 'custom', message: TIME_RULE });
    return bound as TimeBound;
  });

const ZONE_RULE = 'must be an IANA time zone name such as America/New_York or UTC';
const GROUP_RULE = `must be a skill group name, ${FLOW_GROUP} or ${NO_AGENT_GROUP}`;

function baseShape(defaultTimezone: string) {
  return {
    from: time(false),
    to: time(true),
    interval: z.enum(Object.keys(INTERVALS) as [ReportInterval, ...ReportInterval[]]),
    timezone: z.string().default(defaultTimezone).refine(isTimeZone, ZONE_RULE),
    format: z.enum(['json', 'csv']).optional(),
  };
}

const groupShape = (defaultTimezone: string, defaultFormula: ServiceLevelFormula) =>
  z.strictObject({
    ...baseShape(defaultTimezone),
    group: z
      .string()
      .regex(/^([A-Za-z0-9][A-Za-z0-9_-]{0,63}|\(flow\)|\(no agent\))$/, GROUP_RULE)
      .optional(),
    shortAbandonSeconds: z
      .string()
      .regex(/^\d{1,4}$/, 'must be a whole number of seconds from 0 to 3600')
      .transform(Number)
      .refine((n) => n <= 3600, 'must be a whole number of seconds from 0 to 3600')
      .default(DEFAULT_SHORT_ABANDON_SECONDS),
    serviceLevelFormula: z.enum(SERVICE_LEVEL_FORMULAS).default(defaultFormula),
  });

const agentShape = (defaultTimezone: string) => z.strictObject(baseShape(defaultTimezone));

/** The flows report's CSV holds one table: the flows' KPIs (default) or their steps'. */
export const FLOW_TABLES = ['flows', 'steps'] as const;
export interface FlowReportParams extends ReportParams {
  flow?: string;
  table: (typeof FLOW_TABLES)[number];
}

const flowShape = (defaultTimezone: string) =>
  z.strictObject({
    ...baseShape(defaultTimezone),
    flow: z.string().min(1, 'must be a flow id').max(200, 'must be a flow id').optional(),
    table: z.enum(FLOW_TABLES).default('flows'),
  });

export interface WaitEstimateReportParams extends ReportParams {
  group?: string;
}

const waitEstimateShape = (defaultTimezone: string) =>
  z.strictObject({
    ...baseShape(defaultTimezone),
    group: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be a skill group name')
      .optional(),
  });

/** Messages for what the schemas leave to zod: missing, repeated or unknown parameters, choices. */
function message(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'is required';
      return Array.isArray(iss.input) ? 'must be given once' : 'must be text';
    case 'invalid_value':
      if (iss.input === undefined) return 'is required';
      return Array.isArray(iss.input) ? 'must be given once' : `must be one of ${iss.values.join(', ')}`;
    case 'unrecognized_keys': {
      const shape = (iss.inst as { def?: { shape?: object } } | undefined)?.def?.shape ?? {};
      return `unknown parameter${didYouMean(iss.keys[0], Object.keys(shape))}`;
    }
    default:
      return undefined;
  }
}

/** Parses a report's query string with its schema; the first problem is a 400 naming the parameter. */
export function parseReportQuery<T extends z.ZodType>(schema: T, query: unknown): z.output<T> {
  const result = schema.safeParse(query ?? {}, { error: message });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue.code === 'unrecognized_keys' ? issue.keys[0] : String(issue.path[0] ?? 'query');
  throw invalidField(name, issue.message);
}

/** Validates /api/reports/groups's query string; the first problem is a 400 naming the parameter. */
export const parseGroupReportQuery = (
  query: unknown,
  defaultTimezone = 'UTC',
  defaultFormula: ServiceLevelFormula = 'offered',
): GroupReportParams => parseReportQuery(groupShape(defaultTimezone, defaultFormula), query);

/** Validates /api/reports/agents's query string. */
export const parseAgentReportQuery = (query: unknown, defaultTimezone = 'UTC'): ReportParams =>
  parseReportQuery(agentShape(defaultTimezone), query);

/** Validates /api/reports/flows's query string. */
export const parseFlowReportQuery = (query: unknown, defaultTimezone = 'UTC'): FlowReportParams =>
  parseReportQuery(flowShape(defaultTimezone), query);

/** Validates /api/reports/wait-estimates's query string. */
export const parseWaitEstimateReportQuery = (query: unknown, defaultTimezone = 'UTC'): WaitEstimateReportParams =>
  parseReportQuery(waitEstimateShape(defaultTimezone), query);
