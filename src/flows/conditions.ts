import { isOpen } from './hours.js';
import type { Condition, Flow, Scalar } from './model.js';

/** What a condition can look at: the call's variables (built-ins included) and the time. */
export interface ConditionInput {
  vars: Record<string, Scalar | undefined>;
  at: number;
}

export function evaluate(cond: Condition, input: ConditionInput, flow: Pick<Flow, 'hours'>): boolean {
  if ('open' in cond) return isOpen(flow.hours[cond.open], input.at);
  if ('all' in cond) return cond.all.every((c) => evaluate(c, input, flow));
  if ('any' in cond) return cond.any.some((c) => evaluate(c, input, flow));
  if ('not' in cond) return !evaluate(cond.not, input, flow);
  const v = input.vars[cond.var];
  switch (cond.op) {
    case 'is_set':
      return (v !== undefined && v !== '') === cond.value;
    case 'is':
      return v !== undefined && String(v) === String(cond.value);
    case 'is_not':
      return v === undefined || String(v) !== String(cond.value);
    case 'in':
      return v !== undefined && cond.value.some((x) => String(x) === String(v));
    case 'starts_with':
      return v !== undefined && String(v).startsWith(String(cond.value));
    default: {
      const n = typeof v === 'number' ? v : Number(v);
      if (v === undefined || v === '' || Number.isNaN(n)) return false;
      const x = Number(cond.value);
      return cond.op === 'gt' ? n > x : cond.op === 'gte' ? n >= x : cond.op === 'lt' ? n < x : n <= x;
    }
  }
}
