// CPU and RSS of the bench's processes over one interval, read per process: PostgreSQL's backends
// come and go, and a group's sum over whichever exist now would drop when one ends (on a shared
// machine, other clients' backends end all the time).
import { processUsage, type ProcessGroup } from './process-usage.js';

export interface ProcessShare {
  name: string;
  /** CPU over the interval as a share of one core, %. */
  cpuPercent: number;
  rssMb: number;
}

/** Each group's processes, by pid: CPU seconds since each began, and RSS now. */
export type Readings = Map<string, Map<number, { cpuSeconds: number; rssMb: number }>>;

export function readUsage(groups: ProcessGroup[]): Readings {
  const perProcess = groups.flatMap((g) => g.pids.map((pid) => ({ group: g.name, pid })));
  const usage = processUsage(perProcess.map(({ pid }) => ({ name: String(pid), pids: [pid] })));
  const readings: Readings = new Map(groups.map((g) => [g.name, new Map()]));
  perProcess.forEach(({ group, pid }, i) => readings.get(group)!.set(pid, usage[i]));
  return readings;
}

/** A process that began during the interval counts all its CPU; one that ended counts none. */
export function shares(before: Readings, after: Readings, seconds: number): ProcessShare[] {
  return [...after].map(([name, processes]) => {
    let cpu = 0;
    let rss = 0;
    for (const [pid, now] of processes) {
      cpu += now.cpuSeconds - (before.get(name)?.get(pid)?.cpuSeconds ?? 0);
      rss += now.rssMb;
    }
    return { name, cpuPercent: (100 * cpu) / seconds, rssMb: rss };
  });
}
