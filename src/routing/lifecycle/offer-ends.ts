import type { Queryable } from '../../db/pool.js';
import { lockedOfferState } from '../../db/queries/assignments.js';
import { agentCallEnd, agentDialEnd, callbackDialEnd, type OfferEnd } from './dial-outcomes.js';
import { acceptOffer, callbackNotReached, completeCall, missOffer, withdrawOffer } from './offers.js';
import type { MissOutcome } from './states.js';

// The offer's ends that Twilio reports (a Dial's action, a call's status callback, the agent's
// keys): each reads the offer, decides (dial-outcomes.ts) and makes the change with an operation.

/** Carries out a decision; returns the miss it counted, if it was one (a miss of an offer already ended counts nothing). */
async function endOffer(db: Queryable, id: number, end: OfferEnd): Promise<{ missed?: MissOutcome }> {
  switch (end.op) {
    case 'complete':
      await completeCall(db, id);
      return {};
    case 'miss':
      return (await missOffer(db, id, end.outcome)) ? { missed: end.outcome } : {};
    case 'withdraw':
      await withdrawOffer(db, id, end.outcome, 'abandoned');
      return {};
    case 'callback-not-reached':
      await callbackNotReached(db, id);
      return {};
    case 'none':
      return {};
  }
}

/**
 * The caller's Dial of the agent ended (`dialStatus`; `callerGone` when the caller's own call is
 * over): talked (completed), or not: a miss, unless the caller hung up while it rang. Returns
 * whether they talked, and the miss if it was one.
 */
export async function endAgentDial(
  db: Queryable,
  assignmentId: number,
  dialStatus: string,
  callerGone = false,
): Promise<{ bridged: boolean; missed?: MissOutcome }> {
  const end = agentDialEnd(await lockedOfferState(db, assignmentId), dialStatus, callerGone);
  return { bridged: end.op === 'complete', ...(await endOffer(db, assignmentId, end)) };
}

/** The agent's own call of a callback ended (its status callback). Returns the miss if it was one. */
export async function endAgentCall(db: Queryable, assignmentId: number, callStatus: string): Promise<{ missed?: MissOutcome }> {
  return endOffer(db, assignmentId, agentCallEnd(await lockedOfferState(db, assignmentId), callStatus));
}

/** The callback's Dial of the customer ended. Returns whether the customer was reached. */
export async function endCallbackDial(db: Queryable, assignmentId: number, dialStatus: string): Promise<boolean> {
  const end = callbackDialEnd(dialStatus);
  await endOffer(db, assignmentId, end);
  return end.op === 'complete';
}

/** The agent answered a callback's question: 1 accepts; anything else (or an offer no longer ringing) is a refusal, their miss. */
export async function answerCallbackOffer(
  db: Queryable,
  assignmentId: number,
  digits: string | undefined,
  agentCallSid: string | null,
): Promise<{ accepted: boolean; missed?: MissOutcome }> {
  if (digits === '1' && (await acceptOffer(db, assignmentId, agentCallSid))) return { accepted: true };
  return { accepted: false, ...(await endOffer(db, assignmentId, { op: 'miss', outcome: 'rejected' })) };
}
