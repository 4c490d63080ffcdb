import type { Hours } from './model.js';
import { type Reader } from './reader.js';
import type { Path } from './source.js';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const GROUPS: Record<string, number[]> = {
  daily: [0, 1, 2, 3, 4, 5, 6],
  weekdays: [1, 2, 3, 4, 5],
  weekends: [0, 6],
};

export const HOURS_FIELDS = ['timezone', 'weekly', 'closed'];

const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
/** An IANA zone name Node knows (offsets such as +05:00 are refused: PostgreSQL reads them POSIX-style, inverted). */
export function isTimeZone(tz: string): boolean {
  if (!IANA_NAME.test(tz) || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `mon-fri`, `sat,sun`, `weekdays`, `daily`, `tue` → day indexes (0 = Sunday). */
function parseDays(spec: string): number[] | undefined {
  const out = new Set<number>();
  for (const part of spec
    .toLowerCase()
    .split(',')
    .map((s) => s.trim())) {
    if (GROUPS[part]) GROUPS[part].forEach((d) => out.add(d));
    else if (part.includes('-')) {
      const [a, b] = part.split('-').map((s) => DAYS.indexOf(s.trim() as (typeof DAYS)[number]));
      if (a < 0 || b < 0) return undefined;
      for (let d = a; ; d = (d + 1) % 7) {
        out.add(d);
        if (d === b) break;
      }
    } else {
      const d = DAYS.indexOf(part as (typeof DAYS)[number]);
      if (d < 0) return undefined;
      out.add(d);
    }
  }
  return [...out];
}

/** `08:00-12:00, 13:00-17:30` → minute ranges. `closed` → no ranges. */
function parseRanges(spec: string): [number, number][] | undefined {
  if (spec.trim().toLowerCase() === 'closed') return [];
  const out: [number, number][] = [];
  for (const part of spec.split(',')) {
    const m = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(part);
    if (!m) return undefined;
    const from = Number(m[1]) * 60 + Number(m[2]);
    const to = Number(m[3]) * 60 + Number(m[4]);
    if (Number(m[2]) > 59 || Number(m[4]) > 59 || from >= to || to > 24 * 60) return undefined;
    out.push([from, to]);
  }
  return out;
}

/** YYYY-MM-DD naming a day that exists (no 2026-02-30). */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function readHours(r: Reader, v: unknown, path: Path): Hours | undefined {
  const o = r.obj(v, path, 'business hours');
  if (!o) return undefined;
  r.onlyFields(o, path, HOURS_FIELDS, 'business hours');
  const tz = r.text(o.timezone, [...path, 'timezone'], 'timezone');
  if (tz && !isTimeZone(tz))
    r.error([...path, 'timezone'], `unknown time zone '${tz}'; use a name such as America/New_York or Europe/Madrid`);
  const weekly: [number, number][][] = DAYS.map(() => []);
  const w = r.obj(o.weekly, [...path, 'weekly'], 'weekly');
  if (w) {
    for (const [days, ranges] of Object.entries(w)) {
      const p = [...path, 'weekly', days];
      const d = parseDays(days);
      if (!d) {
        r.error(p, `'${days}' is not a day or range of days; write e.g. mon-fri, sat, sun,sat, weekdays, daily`, true);
        continue;
      }
      const rs = typeof ranges === 'string' ? parseRanges(ranges) : undefined;
      if (!rs) {
        r.error(p, `opening hours for ${days} must look like "08:00-20:00" (several: "08:00-12:00, 13:00-17:00") or "closed"`);
        continue;
      }
      // Entries apply in order and a later one replaces a day's hours: daily 08:00-20:00, then sun: closed.
      for (const day of d) weekly[day] = [...rs];
    }
  }
  const closed: string[] = [];
  (r.list(o.closed, [...path, 'closed'], 'closed dates') ?? []).forEach((c, i) => {
    const s = String(c);
    if (!isCalendarDate(s)) {
      r.error([...path, 'closed', i], `closed dates are written YYYY-MM-DD, found "${s}"`);
    } else closed.push(s);
  });
  return tz && isTimeZone(tz) ? { timezone: tz, weekly, closed } : undefined;
}
