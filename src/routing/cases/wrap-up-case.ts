import type { Queryable } from '../../db/pool.js';
import { wrapUpCall } from '../../db/queries/cases.js';
import type { Principal } from '../../db/queries/people.js';
import { customerNumber } from './caller-number.js';
import { openCase } from './cases.js';

/** The wrap-up disposition that opens a complaint case. */
export const COMPLAINT_DISPOSITION = 'complaint';

/**
 * An agent's "complaint" wrap-up opens a case they own, in the call's group, with their notes as
 * its summary; once per call (saving the wrap-up again changes nothing here).
 */
export async function openCaseFromWrapUp(
  db: Queryable,
  who: Extract<Principal, { role: 'agent' }>,
  assignmentId: number,
  notes: string,
): Promise<number | undefined> {
  const call = await wrapUpCall(db, assignmentId);
  if (!call) return undefined;
  if (call.caseId) return call.caseId;
  return openCase(
    db,
    {
      source: 'wrap-up',
      category: 'complaint',
      summary: notes,
      customerNumber: customerNumber(call.caller),
      callSid: call.callSid,
      assignmentId,
      ruleId: null,
      survey: null,
      ownerGroup: call.group,
      ownerAgentId: who.agentId,
      note: null,
    },
    who,
  );
}
