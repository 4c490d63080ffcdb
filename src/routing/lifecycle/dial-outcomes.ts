import type { MissOutcome, OfferState } from './states.js';

// How Twilio's word on a ring or a call (a Dial's DialCallStatus, a call's CallStatus) ends an
// offer: pure decisions, made on the offer's state as read in the webhook's transaction. The
// operations in offer-ends.ts carry them out.

/** What to do with an offer: one lifecycle operation, or nothing (it was ended already). */
export type OfferEnd =
  | { op: 'complete' }
  | { op: 'miss'; outcome: MissOutcome }
  | { op: 'withdraw'; outcome: 'caller-hung-up' }
  | { op: 'callback-not-reached' }
  | { op: 'none' };

/** How a ring that did not reach the agent ended, by Twilio's call or dial status (a `completed` Dial that never bridged: the agent hung up on the whisper). */
const MISS_OUTCOMES: Readonly<Record<string, MissOutcome>> = {
  'no-answer': 'no-answer',
  canceled: 'no-answer',
  busy: 'busy',
  failed: 'failed',
  completed: 'rejected',
};

/** The miss a Twilio status means, if it means one. */
export function missOutcomeOf(status: string): MissOutcome | undefined {
  return Object.hasOwn(MISS_OUTCOMES, status) ? MISS_OUTCOMES[status] : undefined;
}

/**
 * The caller's Dial of the agent ended: a connected offer is over (they talked); a ringing one is
 * withdrawn if the caller hung up meanwhile, else it is the agent's miss.
 */
export function agentDialEnd(offer: OfferState | undefined, dialStatus: string, callerGone: boolean): OfferEnd {
  if (offer === 'connected') return { op: 'complete' };
  if (offer !== 'ringing') return { op: 'none' };
  if (callerGone) return { op: 'withdraw', outcome: 'caller-hung-up' };
  return { op: 'miss', outcome: missOutcomeOf(dialStatus) ?? 'rejected' };
}

/** The agent's own call (a callback, agent first) ended: a ring nobody answered is a miss; a connected call that completed is over. */
export function agentCallEnd(offer: OfferState | undefined, callStatus: string): OfferEnd {
  const miss = missOutcomeOf(callStatus);
  if (offer === 'ringing' && miss) return { op: 'miss', outcome: miss };
  if (offer === 'connected' && callStatus === 'completed') return { op: 'complete' };
  return { op: 'none' };
}

/** A callback's Dial of the customer ended: reached (they talked) or not (tried again later). */
export function callbackDialEnd(dialStatus: string): OfferEnd {
  return dialStatus === 'completed' || dialStatus === 'answered' ? { op: 'complete' } : { op: 'callback-not-reached' };
}
