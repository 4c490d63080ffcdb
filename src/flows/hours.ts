import type { Hours } from './model.js';

const WEEKDAY: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date, weekday and minute of the day at instant `at` in `timezone`. */
export function localTime(at: number, timezone: string): { date: string; weekday: number; minute: number } {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timezone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, weekday: WEEKDAY[p.weekday], minute: Number(p.hour) * 60 + Number(p.minute) };
}

export function isOpen(hours: Hours, at: number): boolean {
  const t = localTime(at, hours.timezone);
  if (hours.closed.includes(t.date)) return false;
  return hours.weekly[t.weekday].some(([from, to]) => t.minute >= from && t.minute < to);
}

/**
 * Reads a clock time given as `2026-12-25T10:00` (in `timezone`) or with an offset / `Z` (as is).
 * Used by the simulator and scenarios, where supervisors think in the centre's local time.
 */
export function parseLocalTime(text: string, timezone: string): number | undefined {
  const t = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?)?$/.exec(t);
  if (!m) {
    // Only texts that say their own offset are taken as they are; anything else is not a time.
    if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(t)) return undefined;
    const parsed = Date.parse(t);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  const [y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = m.slice(1);
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > new Date(Date.UTC(+y, +mo, 0)).getUTCDate() || +h > 23 || +mi > 59 || +s > 59) return undefined;
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, frac ? Math.round(Number(frac) * 1000) : 0);
  // Find the instant whose local time in `timezone` is `wall`: adjust by the zone's offset twice
  // (the second pass settles daylight-saving edges).
  let guess = wall;
  for (let i = 0; i < 2; i++) guess = wall - offsetAt(guess, timezone);
  return guess;
}

function offsetAt(at: number, timezone: string): number {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000;
}
