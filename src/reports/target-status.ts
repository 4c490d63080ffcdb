// How a figure stands against its target: met, close or missed (docs/reports.md, "KPI targets").
// A leaf module (it imports nothing of ours): the dashboard's snapshot, the queues API, the live
// stream's target events and the metrics all judge with it, so they agree.

export type TargetStatus = 'met' | 'close' | 'missed';

/**
 * "Close" is a miss small enough to watch rather than act on, so a supervisor's eye goes to the
 * groups that need help. Each margin is in the KPI's own terms:
 * - service level: within 5 percentage points below the target (76 % against 80 %): about one call
 *   in twenty, the swing of a single busy quarter-hour in a mid-sized group.
 * - ASA: at most 10 % over the target (33 s against 30 s): a few seconds a caller hardly notices.
 * - abandonment: within 1 percentage point over the target (5.8 % against 5 %): abandonment
 *   targets are small (3-8 %), so a relative margin would be too narrow and 5 points too wide.
 * - NPS: within 5 points below (on its -100..100 scale); CSAT: within 5 percentage points below.
 */
export const CLOSE_SERVICE_LEVEL_POINTS = 0.05;
export const CLOSE_ASA_SHARE = 0.1;
export const CLOSE_ABANDON_POINTS = 0.01;
export const CLOSE_NPS_POINTS = 5;
export const CLOSE_CSAT_POINTS = 0.05;

/** Ratios are rounded to 4 decimals in SQL: compare with a tolerance so 0.75 is "close" to 0.8. */
const EPSILON = 1e-9;

/** At least `target` is met; within `margin` below it is close. Null when either is unknown. */
export function atLeast(value: number | null, target: number | null, margin: number): TargetStatus | null {
  if (value === null || target === null) return null;
  if (value >= target - EPSILON) return 'met';
  return value >= target - margin - EPSILON ? 'close' : 'missed';
}

/** At most `target` is met; within `margin` above it is close. Null when either is unknown. */
export function atMost(value: number | null, target: number | null, margin: number): TargetStatus | null {
  if (value === null || target === null) return null;
  if (value <= target + EPSILON) return 'met';
  return value <= target + margin + EPSILON ? 'close' : 'missed';
}

/** A group's targets in effect (its own, else the centre's); null: no target set. */
export interface KpiTargets {
  /** Share 0..1 to answer within serviceLevelSeconds. */
  serviceLevel: number;
  serviceLevelSeconds: number;
  /** The service level's formula; null: the centre's setting (SERVICE_LEVEL_FORMULA). */
  serviceLevelFormula: string | null;
  asaSeconds: number | null;
  /** Share 0..1 of offered calls abandoned. */
  abandonRate: number | null;
  nps: number | null;
  /** Share 0..1 of satisfied answers. */
  csat: number | null;
}

/** The figures judged (today's, from the reports' SQL); null: nothing to judge yet (no calls, no answers). */
export interface KpiValues {
  serviceLevel: number | null;
  asaSeconds: number | null;
  abandonRate: number | null;
  nps: number | null;
  csat: number | null;
}

export const JUDGED_KPIS = ['serviceLevel', 'asa', 'abandonRate', 'nps', 'csat'] as const;
export type JudgedKpi = (typeof JUDGED_KPIS)[number];

export type KpiStatuses = Record<JudgedKpi, TargetStatus | null>;

export function judgeTargets(values: KpiValues, targets: KpiTargets): KpiStatuses {
  return {
    serviceLevel: atLeast(values.serviceLevel, targets.serviceLevel, CLOSE_SERVICE_LEVEL_POINTS),
    asa: atMost(values.asaSeconds, targets.asaSeconds, (targets.asaSeconds ?? 0) * CLOSE_ASA_SHARE),
    abandonRate: atMost(values.abandonRate, targets.abandonRate, CLOSE_ABANDON_POINTS),
    nps: atLeast(values.nps, targets.nps, CLOSE_NPS_POINTS),
    csat: atLeast(values.csat, targets.csat, CLOSE_CSAT_POINTS),
  };
}
