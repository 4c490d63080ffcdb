/**
 * `from` and `to` as people type them, read in the report's time zone: a date is that local day
 * (a `to` date includes the whole day), a time without an offset is a local time, a time with an
 * offset (Z, +01:00) is that instant whatever the zone.
 */
export type TimeBound = { absolute: Date } | { local: string };

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** undefined when `text` is not such a date or time, or names a day or time that does not exist (2026-02-30). */
export function parseTimeInput(text: string, end: boolean): TimeBound | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const exists =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    check.getUTCHours() === hour &&
    check.getUTCMinutes() === minute &&
    check.getUTCSeconds() === second;
  if (!exists || year < 1970 || year > 9999) return undefined;
  if (m[8]) {
    const offset = /^[+-](\d{2}):(\d{2})$/.exec(m[8]);
    if (offset && (Number(offset[1]) > 23 || Number(offset[2]) > 59)) return undefined;
    return { absolute: new Date(text) };
  }
  if (m[4] === undefined) {
    // A `to` date means through the end of that day: up to the next local midnight.
    const next = new Date(Date.UTC(year, month - 1, day + (end ? 1 : 0)));
    return { local: `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())} 00:00:00` };
  }
  return { local: `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${pad(second)}${m[7] ?? ''}` };
}

/** An instant as local time with its UTC offset, e.g. `2026-03-08T00:00:00-05:00`, from PostgreSQL's parts. */
export function isoWithOffset(local: string, offsetSeconds: number): string {
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  return `${local}${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor((abs % 3600) / 60))}`;
}
