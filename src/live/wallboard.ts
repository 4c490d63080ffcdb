import type { ServiceLevelFormula } from '../config.js';
import type { Queryable } from '../db/pool.js';
import { dashboardSnapshot, type DashboardSnapshot } from '../db/queries/dashboard.js';
import { queueSummary } from '../db/queries/groups.js';

/**
 * The service level a queue aims at when it names no target of its own: the call-centre convention
 * (80% answered within the group's threshold, "80/20" with the default 20 s).
 */
export const DEFAULT_SERVICE_LEVEL_TARGET = 0.8;
/** Within this of the target (below it), a queue is "close" rather than "missed". */
export const CLOSE_MARGIN = 0.05;

/** One queue on the wallboard: only what the floor may see (no caller, no agent name). */
export interface WallboardQueue {
  group: string;
  waiting: number;
  callbacks: number;
  longestWaitSeconds: number;
  /** Today's service level under the centre's formula (null until a call counts). */
  serviceLevel: number | null;
  target: { serviceLevel: number; serviceLevelSeconds: number };
  status: 'met' | 'close' | 'missed' | null;
  agents: { available: number; busy: number; away: number };
}

export interface WallboardSnapshot {
  at: Date;
  queues: WallboardQueue[];
}

export function serviceLevelStatus(level: number | null, target: number): WallboardQueue['status'] {
  if (level === null) return null;
  return level >= target ? 'met' : level >= target - CLOSE_MARGIN ? 'close' : 'missed';
}

/**
 * The wallboard's read-only view, from the dashboard's snapshot (the same KPI functions) and the
 * queues' agent counts. A queue row's own `targets.serviceLevel`, where GET /api/queues gives one,
 * wins over the default target.
 */
export async function wallboardSnapshot(
  db: Queryable,
  timezone: string,
  formula: ServiceLevelFormula,
  /** The dashboard's snapshot of the same moment, when the caller has just read it. */
  read?: DashboardSnapshot,
): Promise<WallboardSnapshot> {
  const [dashboard, queues] = await Promise.all([read ?? dashboardSnapshot(db, timezone, formula), queueSummary(db)]);
  const byName = new Map(queues.map((q) => [q.name, q as typeof q & { targets?: { serviceLevel?: number } }]));
  return {
    at: dashboard.at,
    queues: dashboard.queues.map((q) => {
      const row = byName.get(q.group);
      const target = row?.targets?.serviceLevel ?? DEFAULT_SERVICE_LEVEL_TARGET;
      return {
        group: q.group,
        waiting: q.waiting,
        callbacks: q.callbacks,
        longestWaitSeconds: q.waiting ? q.longestWaitSeconds : 0,
        serviceLevel: q.serviceLevelToday,
        target: { serviceLevel: target, serviceLevelSeconds: q.thresholdSeconds },
        status: serviceLevelStatus(q.serviceLevelToday, target),
        agents: row?.agents ?? { available: 0, busy: 0, away: 0 },
      };
    }),
  };
}
