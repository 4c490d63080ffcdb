import { z } from 'zod';
import { isTimeZone } from '../flows/read-hours.js';
import { parseReportQuery } from './report-params.js';

/** What a staffing forecast is asked for: one group's coming day, cut into intervals. */
export interface ForecastParams {
  group: string;
  /** The local day, YYYY-MM-DD. */
  date: string;
  intervalMinutes: 15 | 30 | 60;
  /** How many past same weekdays the forecast averages. */
  weeks: number;
  /** The share of calls to answer within the group's service-level threshold. */
  target: number;
  timezone: string;
}

const DATE_RULE = 'must be a date such as 2026-12-07';
const isDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);

const forecastShape = (defaultTimezone: string) =>
  z.strictObject({
    group: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be a skill group name'),
    date: z.string().refine(isDate, DATE_RULE),
    interval: z
      .enum(['15', '30', '60'])
      .default('30')
      .transform((m) => Number(m) as 15 | 30 | 60),
    weeks: z
      .string()
      .regex(/^\d{1,2}$/, 'must be a whole number of weeks from 1 to 26')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 26, 'must be a whole number of weeks from 1 to 26')
      .default(4),
    target: z
      .string()
      .regex(/^0?\.\d{1,4}$/, 'must be a fraction from 0.5 to 0.99, such as 0.8')
      .transform(Number)
      .refine((n) => n >= 0.5 && n <= 0.99, 'must be a fraction from 0.5 to 0.99, such as 0.8')
      .default(0.8),
    timezone: z.string().default(defaultTimezone).refine(isTimeZone, 'must be an IANA time zone name such as America/New_York or UTC'),
  });

/** Validates /api/forecast's query string (and the CLI's options): the first problem names its parameter. */
export function parseForecastQuery(query: unknown, defaultTimezone = 'UTC'): ForecastParams {
  const { interval, ...rest } = parseReportQuery(forecastShape(defaultTimezone), query);
  return { ...rest, intervalMinutes: interval };
}
