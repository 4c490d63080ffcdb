import { assignment, entry } from '../reports/fixtures.js';
import { addAgent } from './agents.js';

/**
 * A fixed-offset time zone where it is now between 10:00 and 14:00, so calls of the last hour are
 * "today" (the dashboard's and the targets' day starts at midnight in the centre's zone) whenever
 * the tests run.
 */
export function middayZone(now = new Date()): string {
  const offset = Math.max(-12, Math.min(14, 12 - now.getUTCHours()));
  // Etc/GMT-5 is five hours ahead of UTC (the POSIX sign).
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

/** Calls offered to `group` in the last hour and answered after `waits` seconds. */
export async function answeredToday(group: string, waits: number[]): Promise<void> {
  const agent = (await addAgent({ state: 'available' })).id;
  for (const [i, wait] of waits.entries()) {
    const created = ago(1800 + i * 60);
    const answered = new Date(Date.parse(created) + wait * 1000).toISOString();
    const ended = new Date(Date.parse(answered) + 120_000).toISOString();
    const e = await entry({ group, created, state: 'completed', endedAt: ended });
    await assignment({ entry: e.id, agent, created, answered, ended, outcome: 'completed' });
  }
}

/** Calls offered to `group` in the last hour whose callers hung up after `waits` seconds. */
export async function abandonedToday(group: string, waits: number[]): Promise<void> {
  for (const [i, wait] of waits.entries()) {
    const created = ago(1200 + i * 60);
    await entry({ group, created, state: 'abandoned', endedAt: new Date(Date.parse(created) + wait * 1000).toISOString() });
  }
}
