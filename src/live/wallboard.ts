import type { ServiceLevelFormula } from '../config.js';
import type { Queryable } from '../db/pool.js';
import { dashboardSnapshot, type DashboardSnapshot } from '../db/queries/dashboard.js';

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

/**
 * The wallboard's read-only view, from the dashboard's snapshot: the same KPI functions, the group's
 * own service-level target and its verdict (src/reports/target-status.ts), the same agent counts.
 */
export async function wallboardSnapshot(
  db: Queryable,
  timezone: string,
  formula: ServiceLevelFormula,
  /** The dashboard's snapshot of the same moment, when the caller has just read it. */
  read?: DashboardSnapshot,
): Promise<WallboardSnapshot> {
  const dashboard = read ?? (await dashboardSnapshot(db, timezone, formula));
  return {
    at: dashboard.at,
    queues: dashboard.queues.map((q) => {
      return {
        group: q.group,
        waiting: q.waiting,
        callbacks: q.callbacks,
        longestWaitSeconds: q.waiting ? q.longestWaitSeconds : 0,
        serviceLevel: q.serviceLevelToday,
        target: { serviceLevel: q.targets.serviceLevel, serviceLevelSeconds: q.thresholdSeconds },
        status: q.status.serviceLevel,
        agents: q.agents,
      };
    }),
  };
}
