import { InputError } from '../input-error.js';

export type Out = (line: string) => void;

/** Left-aligned columns under a header, two spaces apart (trailing spaces trimmed). */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}

/** How long ago, roughly: 45s, 12m, 2h 5m, 3d 4h. */
export function ago(since: Date, now = Date.now()): string {
  const s = Math.max(0, Math.floor((now - since.getTime()) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** A time as UTC to the minute, e.g. 2026-11-23 15:04Z. */
export const utcMinute = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')}Z` : '-');

export const levels = (skills: Record<string, number>, sep = '=') =>
  Object.entries(skills)
    .map(([k, v]) => `${k}${sep}${v}`)
    .join(' ') || '-';

/** Bad usage: exit 2 with the usage line. */
export class UsageError extends Error {}

/**
 * Runs an admin command: 0 when it completes; refusals print their message and exit 2 (invalid,
 * usage) or 1 (not found, conflict). What `fn` returns is ignored (commands `return out(…)` to stop).
 */
export async function runAdmin(out: Out, fn: () => Promise<unknown>): Promise<number> {
  try {
    await fn();
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      out(err.message);
      return 2;
    }
    if (err instanceof InputError) {
      out(`error: ${err.message}`);
      return err.kind === 'invalid' ? 2 : 1;
    }
    throw err;
  }
}

/** `12` → 12 for numeric options; anything else stays text so validation names the field. */
export const numberOrText = (v: string) => (/^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v);

/** `billing=4` pairs (from --skill / --require) → { billing: 4 }. */
export function parseLevels(option: string, pairs: string[] = []): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const pair of pairs) {
    const m = /^([^=\s]+)=(.*)$/.exec(pair);
    if (!m) throw new UsageError(`${option} must look like skill=level, e.g. ${option} billing=3 (found '${pair}')`);
    out[m[1]] = numberOrText(m[2]);
  }
  return out;
}
