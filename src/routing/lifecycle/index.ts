/**
 * The routing lifecycle: how agents, callers' queue entries and agent offers change state. The one
 * place to read to understand routing.
 *
 * A caller joins a group's queue (enqueueCaller: entry `waiting`). The router claims a waiting
 * caller with the best available agent for the group (claimOffers: a `ringing` offer, the agent
 * `reserved`, the entry `offered`) and rings the agent. The agent accepts (acceptOffer: offer
 * `connected`, agent `on-call`, entry `connected`), and when the call is over the agent wraps up
 * (completeCall: entry `completed`, agent `wrap-up`) until the group's wrap-up time is over or they
 * say they are done (endDueWrapUps, endWrapUp: agent `available`, or the state they asked for
 * meanwhile). A ring that does not reach the agent is their miss (missOffer: the caller back in
 * their place, the agent freed or, after the group's misses in a row, `not-ready`); a ring called
 * off by us or by the caller is withdrawn (withdrawOffer, callerGone, leaveQueue: no miss). A
 * callback is the same with the agent called first (answerCallbackOffer, endCallbackDial,
 * callbackNotReached). An agent may send a connected caller on (transferCall: to another group's
 * queue, keeping their place, or to a number; the agent wraps up). The reconciler repairs what
 * lost webhooks leave (leases, orphans).
 *
 * - states.ts: every state, with its meaning;
 * - transitions.ts: every operation's state changes, as data (checked against the SQL by
 *   test/routing/lifecycle.test.ts);
 * - policy.ts: every policy number (leases, retry delays, callback tries, estimates), with why;
 * - dial-outcomes.ts: how Twilio's dial and call statuses end an offer (pure decisions);
 * - offers.ts, offer-ends.ts, entries.ts, agents.ts, repairs.ts, transfers.ts: the operations, each
 *   one SQL function of migrations/013-routing-lifecycle.sql (the claim: claim_assignments,
 *   migrations 010/012; transfer_call: migration 028).
 */
export {
  claimOffers,
  acceptOffer,
  missOffer,
  withdrawOffer,
  completeCall,
  callbackNotReached,
  refuseCallbackAtDial,
  noteAgentCallSid,
  type Claim,
} from './offers.js';
export { endAgentDial, endAgentCall, endCallbackDial, answerCallbackOffer } from './offer-ends.js';
export { enqueueCaller, leaveQueue, callerGone, queueStanding } from './entries.js';
export { requestAgentState, endDueWrapUps, endWrapUp, type AgentStatus } from './agents.js';
export { releaseOrphanAgents, repairOrphanEntries } from './repairs.js';
export { transferCall, type TransferTarget } from './transfers.js';
export { agentDialEnd, agentCallEnd, callbackDialEnd, missOutcomeOf, type OfferEnd } from './dial-outcomes.js';
export {
  DEFAULT_ROUTING_POLICY,
  RING_LEASE_MARGIN_SECONDS,
  routingPolicy,
  setRoutingPolicy,
  type RoutingPolicy,
  type ReconcilerPolicy,
} from './policy.js';
export { COMPOSITE_OPERATIONS, TRANSITIONS, type Transitions, type OperationName } from './transitions.js';
export * from './states.js';
