import { assignment, entry } from '../reports/fixtures.js';
import { addAgent } from './agents.js';
import { testDatabase } from './database.js';

/** The call is over (so the dashboard does not count it in progress). */
const hangUp = (call: string, at: string) => testDatabase().pool.query('UPDATE calls SET ended_at = $2 WHERE call_sid = $1', [call, at]);

/**
 * A whole-hour time zone where it is now between 12:00 and 13:00, so the last hours are "today"
 * (the dashboard's and the targets' day starts at midnight in the centre's zone) whenever the
 * tests run, and the zone's hours start when UTC's do.
 */
export function middayZone(now = new Date()): string {
  const offset = 12 - now.getUTCHours(); // -11 … 12: every one exists as Etc/GMT∓N
  // Etc/GMT-5 is five hours ahead of UTC (the POSIX sign).
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** Half past the hour `hoursAgo` hours before this one (plus `seconds`): today in middayZone, never in this hour. */
function halfPast(hoursAgo: number, seconds: number): string {
  const hourStart = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  return new Date(hourStart - hoursAgo * 3_600_000 + 1_800_000 + seconds * 1000).toISOString();
}
const later = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

/** Calls offered to `group` at half past the hour before this one (or `hoursAgo` before), answered after `waits` seconds. */
export async function answeredToday(group: string, waits: number[], o: { hoursAgo?: number } = {}): Promise<void> {
  const agent = (await addAgent({ state: 'available' })).id;
  for (const [i, wait] of waits.entries()) {
    const created = halfPast(o.hoursAgo ?? 1, i);
    const answered = later(created, wait);
    const ended = later(answered, 120);
    const e = await entry({ group, created, state: 'completed', endedAt: ended });
    await assignment({ entry: e.id, agent, created, answered, ended, outcome: 'completed' });
    await hangUp(e.call, ended);
  }
}

/** Calls offered to `group` then (as answeredToday) whose callers hung up after `waits` seconds. */
export async function abandonedToday(group: string, waits: number[], o: { hoursAgo?: number } = {}): Promise<void> {
  for (const [i, wait] of waits.entries()) {
    const created = halfPast(o.hoursAgo ?? 1, 30 + i);
    const e = await entry({ group, created, state: 'abandoned', endedAt: later(created, wait) });
    await hangUp(e.call, later(created, wait));
  }
}
