import type { AssignmentDetails } from '../db/queries/assignments.js';
import type { Pool } from '../db/pool.js';
import { checkCallbackNumber, type CallbackRules } from '../flows/callback-policy.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { refuseCallbackAtDial } from './lifecycle/index.js';

/**
 * Checked again just before a callback is dialled: a number booked before the policy changed (a
 * newly blocked range, a country no longer allowed) is never called. Returns whether to go on.
 */
export function callbackDialCheck(deps: { pool: Pool; rules: CallbackRules; log: Logger; metrics: Pick<Metrics, 'callbackRefusals'> }) {
  return async (a: AssignmentDetails): Promise<boolean> => {
    const number = a.callbackNumber ?? '';
    const verdict = checkCallbackNumber(number, deps.rules, a.centreNumber);
    if (verdict.ok) return true;
    // Counted before it is written: whoever sees the refusal in the database sees it counted too.
    deps.metrics.callbackRefusals.inc({ reason: verdict.reason });
    await refuseCallbackAtDial(deps.pool, a.id, { reason: verdict.reason, number });
    deps.log.warn(
      { callSid: a.callSid, assignment: a.id, reason: verdict.reason, prefix: number.slice(0, 5) },
      'callback not dialled: the callback policy refuses its number',
    );
    return false;
  };
}
