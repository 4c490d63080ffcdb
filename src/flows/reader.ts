import { didYouMean, type Diagnostic } from './diagnostics.js';
import type { Path, SourceFile } from './source.js';

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (isObj(v)) return 'a set of fields';
  if (typeof v === 'string') return `the text "${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return `${typeof v === 'number' ? 'the number' : 'the value'} ${String(v)}`;
}

/**
 * Reads plain YAML data field by field, recording every problem with the path it was found at so
 * it can be reported as file:line:column. Readers return undefined for a value they rejected.
 */
export class Reader {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly source: SourceFile) {}

  error(path: Path, message: string, key = false): undefined {
    this.diagnostics.push(this.source.diagnostic('error', path, message, key));
    return undefined;
  }

  /** An error pointing at where `within` appears inside the value at `path`. */
  errorWithin(path: Path, within: string, message: string): undefined {
    this.diagnostics.push(this.source.diagnostic('error', path, message, false, within));
    return undefined;
  }

  warn(path: Path, message: string, key = false): void {
    this.diagnostics.push(this.source.diagnostic('warning', path, message, key));
  }

  obj(v: unknown, path: Path, what: string): Obj | undefined {
    return isObj(v) ? v : this.error(path, `${what} must be a set of fields, found ${describe(v)}`);
  }

  /** Reports fields that are not in `allowed`, suggesting the closest allowed one. */
  onlyFields(o: Obj, path: Path, allowed: readonly string[], where: string): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) {
        this.error([...path, k], `unknown field '${k}' in ${where}${didYouMean(k, allowed)}; allowed: ${allowed.join(', ')}`, true);
      }
    }
  }

  text(v: unknown, path: Path, what: string): string | undefined {
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string' || v.trim() === '') return this.error(path, `${what} must be a text, found ${describe(v)}`);
    return v;
  }

  /** A name made of letters, digits, '-' and '_', used for ids, steps, variables and groups. */
  name(v: unknown, path: Path, what: string): string | undefined {
    const s = this.text(v, path, what);
    if (s === undefined) return undefined;
    if (!/^[A-Za-z0-9][\w-]{0,63}$/.test(s)) {
      return this.error(path, `${what} "${s}" may only use letters, digits, '-' and '_' (at most 64)`);
    }
    return s;
  }

  int(v: unknown, path: Path, what: string, min: number, max: number): number | undefined {
    const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n)) return this.error(path, `${what} must be a whole number, found ${describe(v)}`);
    if (n < min || n > max) return this.error(path, `${what} must be between ${min} and ${max}, found ${n}`);
    return n;
  }

  bool(v: unknown, path: Path, what: string): boolean | undefined {
    return typeof v === 'boolean' ? v : this.error(path, `${what} must be true or false, found ${describe(v)}`);
  }

  list(v: unknown, path: Path, what: string): unknown[] | undefined {
    if (v === undefined || v === null) return [];
    return Array.isArray(v) ? v : this.error(path, `${what} must be a list, found ${describe(v)}`);
  }

  /** Seconds, given as a number (`5`) or with a unit (`2s`, `1500ms`); returns milliseconds. */
  durationMs(v: unknown, path: Path, what: string, maxMs: number): number | undefined {
    let ms: number | undefined;
    if (typeof v === 'number') ms = v * 1000;
    else if (typeof v === 'string') {
      const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/.exec(v);
      if (m) ms = Number(m[1]) * (m[2] === 'ms' ? 1 : 1000);
    }
    if (ms === undefined || !Number.isFinite(ms)) {
      return this.error(path, `${what} must be a duration such as 5, 2s or 1500ms, found ${describe(v)}`);
    }
    if (ms <= 0 || ms > maxMs) return this.error(path, `${what} must be more than 0 and at most ${maxMs / 1000} s`);
    return Math.round(ms);
  }
}
