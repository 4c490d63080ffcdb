import type { DashboardSnapshot } from '../db/queries/dashboard.js';
import type { JudgedKpi, TargetStatus } from '../reports/target-status.js';

/** Pushed on the dashboard's stream (event `target`) when a group's KPI starts or stops missing its target. */
export interface TargetEvent {
  group: string;
  kpi: JudgedKpi;
  /** True: it now misses its target (worse than "close"); false: it no longer does. */
  missing: boolean;
  status: TargetStatus | null;
  value: number | null;
  target: number | null;
  at: Date;
}

type Queue = DashboardSnapshot['queues'][number];
const FIGURES: Record<JudgedKpi, (q: Queue) => [number | null, number | null]> = {
  serviceLevel: (q) => [q.serviceLevelToday, q.targets.serviceLevel],
  asa: (q) => [q.asaToday, q.targets.asaSeconds],
  abandonRate: (q) => [q.abandonRateToday, q.targets.abandonRate],
  nps: (q) => [null, q.targets.nps],
  csat: (q) => [null, q.targets.csat],
};

/**
 * Remembers which groups' KPIs miss their targets, from one dashboard snapshot to the next, and
 * says which started or stopped. The first snapshot only sets what is missing (a page opened while
 * a group misses sees it in the snapshot; nothing started then).
 */
export class TargetWatch {
  private missing = new Set<string>();
  private primed = false;

  changes(snapshot: DashboardSnapshot): TargetEvent[] {
    const events: TargetEvent[] = [];
    const now = new Set<string>();
    for (const q of snapshot.queues) {
      for (const kpi of Object.keys(FIGURES) as JudgedKpi[]) {
        const key = `${q.group}\u0000${kpi}`;
        const status = q.status[kpi];
        if (status === 'missed') now.add(key);
        if ((status === 'missed') === this.missing.has(key)) continue;
        const [value, target] = FIGURES[kpi](q);
        events.push({ group: q.group, kpi, missing: status === 'missed', status, value, target, at: snapshot.at });
      }
    }
    this.missing = now;
    if (!this.primed) return ((this.primed = true), []);
    return events;
  }
}
