import type { Condition } from './model.js';
import type { PromptContext } from './read-prompt.js';
import { describe, type Reader } from './reader.js';
import type { Path } from './source.js';

/** What reading a condition notes for the file's checks: business hours and variables it names. */
export type ConditionContext = Pick<PromptContext, 'useVariable'> & { hoursUsed: { name: string; path: Path }[] };

/** The tests a variable condition may make (mirrored in schema/flow.schema.json). */
export const OPS = ['is', 'is_not', 'in', 'starts_with', 'gt', 'gte', 'lt', 'lte', 'is_set'] as const;

export function readCondition(r: Reader, v: unknown, path: Path, ctx: ConditionContext): Condition | undefined {
  const o = r.obj(v, path, 'a condition');
  if (!o) return undefined;
  if ('open' in o) {
    r.onlyFields(o, path, ['open'], 'an open condition');
    const name = r.name(o.open, [...path, 'open'], 'open (the business hours name)');
    if (name) ctx.hoursUsed.push({ name, path: [...path, 'open'] });
    return name ? { open: name } : undefined;
  }
  for (const group of ['all', 'any'] as const) {
    if (group in o) {
      r.onlyFields(o, path, [group], `an ${group} condition`);
      const list = r.list(o[group], [...path, group], group) ?? [];
      const conds = list.map((c, i) => readCondition(r, c, [...path, group, i], ctx));
      return conds.every(Boolean) && conds.length
        ? ({ [group]: conds } as Condition)
        : r.error(path, `${group} needs a list of conditions`);
    }
  }
  if ('not' in o) {
    r.onlyFields(o, path, ['not'], 'a not condition');
    const inner = readCondition(r, o.not, [...path, 'not'], ctx);
    return inner && { not: inner };
  }
  if ('var' in o) {
    const name = r.name(o.var, [...path, 'var'], 'var');
    const ops = OPS.filter((op) => op in o);
    r.onlyFields(o, path, ['var', ...OPS], 'a variable condition');
    if (ops.length !== 1) return r.error(path, `a variable condition needs exactly one test: ${OPS.join(', ')}`);
    const op = ops[0];
    const value = o[op];
    if (name) ctx.useVariable(name, [...path, 'var']);
    if (op === 'in') {
      const list = r.list(value, [...path, 'in'], 'in');
      return name && list
        ? { var: name, op, value: list.map((x) => (typeof x === 'number' || typeof x === 'boolean' ? x : String(x))) }
        : undefined;
    }
    if (op === 'is_set')
      return name && r.bool(value, [...path, op], 'is_set') !== undefined ? { var: name, op, value: value as boolean } : undefined;
    if (['gt', 'gte', 'lt', 'lte'].includes(op) && typeof value !== 'number')
      return r.error([...path, op], `${op} compares numbers, found ${describe(value)}`);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      return r.error([...path, op], `${op} needs a text or number, found ${describe(value)}`);
    return name ? ({ var: name, op, value } as Condition) : undefined;
  }
  return r.error(
    path,
    `a condition is one of: { open: <hours> }, { var: <name>, is: <value> } (or is_not, in, starts_with, gt, gte, lt, lte, is_set), { all: [...] }, { any: [...] }, { not: <condition> }`,
  );
}
