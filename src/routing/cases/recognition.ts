import type { Scalar } from '../../flows/model.js';
import { callerHistory, type CallerHistory } from '../../db/queries/caller-history.js';
import type { Queryable } from '../../db/pool.js';
import { customerNumber } from './caller-number.js';

/**
 * The variables a call starts with about a caller we know (flows branch on them, e.g.
 * `{ var: open_case, is_set: true }`): the open case's number, state and owner group, and the last
 * score of each survey kind. Unknown callers get none (an unset variable).
 */
export function recognitionVars(h: CallerHistory): Record<string, Scalar> {
  const vars: Record<string, Scalar> = {};
  if (h.openCase) {
    vars.open_case = h.openCase.id;
    vars.open_case_state = h.openCase.state;
    if (h.openCase.ownerGroup) vars.open_case_group = h.openCase.ownerGroup;
  }
  for (const s of h.lastScores) vars[`last_${s.kind}`] = s.score;
  return vars;
}

/** Reads what the centre knows about the number (one query) as call variables; none for a withheld number. */
export async function recognizeCaller(db: Queryable, from: string, callSid: string): Promise<Record<string, Scalar>> {
  const number = customerNumber(from);
  return number ? recognitionVars(await callerHistory(db, number, callSid)) : {};
}
