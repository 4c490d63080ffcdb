import { REQUESTABLE_STATES, type AgentState, type EntryState, type OfferOutcome, type OfferState } from './states.js';

/**
 * Every state change routing makes, by the operation that makes it (as data; the operations in
 * this folder make exactly these, which test/routing/lifecycle.test.ts checks on PostgreSQL).
 * `new→x` is a row created in state x. An operation changes one offer, its entry and its agent
 * together, in one transaction (one SQL function of migration 013), or nothing at all when the
 * offer is no longer in the state it expects (a retried or late webhook changes nothing).
 */
export interface Transitions {
  offer?: readonly Move<OfferState>[];
  /** How the offers it ends end. */
  outcomes?: readonly OfferOutcome[];
  agent?: readonly Move<AgentState>[];
  entry?: readonly Move<EntryState>[];
}
export type Move<S extends string> = `${S | 'new'}→${S}`;

/** An agent freed: to the state they asked for meanwhile, else available (release_agent in SQL). */
const released = (from: AgentState): Move<AgentState>[] => REQUESTABLE_STATES.map((to) => `${from}→${to}` as const);
const moves = <S extends string>(from: readonly S[], to: readonly S[]): Move<S>[] =>
  from.flatMap((f) => to.filter((t) => t !== f).map((t) => `${f}→${t}` as const));
const union = (...ts: Transitions[]): Transitions => ({
  offer: [...new Set(ts.flatMap((t) => t.offer ?? []))],
  outcomes: [...new Set(ts.flatMap((t) => t.outcomes ?? []))],
  agent: [...new Set(ts.flatMap((t) => t.agent ?? []))],
  entry: [...new Set(ts.flatMap((t) => t.entry ?? []))],
});

/** The router matched a routable caller with an available agent: the agent's phone rings. */
const claimOffers = {
  offer: ['new→ringing'],
  agent: ['available→reserved'],
  entry: ['waiting→offered', 'callback→offered'],
} as const satisfies Transitions;
/** The agent pressed 1. */
const acceptOffer = {
  offer: ['ringing→connected'],
  agent: ['reserved→on-call'],
  entry: ['offered→connected'],
} as const satisfies Transitions;
/** The agent did not take it: the caller goes back to their place; the agent is freed, or not-ready after too many misses in a row. */
const missOffer = {
  offer: ['ringing→ended'],
  outcomes: ['no-answer', 'busy', 'failed', 'rejected', 'lost'],
  agent: released('reserved'),
  entry: ['offered→waiting', 'offered→callback'],
} as const satisfies Transitions;
/** The ring is called off, no miss: the caller is back in line (after a short pause) or, gone, abandoned. */
const withdrawOffer = {
  offer: ['ringing→ended'],
  outcomes: ['caller-hung-up', 'cancelled', 'lost'],
  agent: released('reserved'),
  entry: ['offered→waiting', 'offered→callback', 'offered→abandoned'],
} as const satisfies Transitions;
/** They talked, and the call is over: the agent wraps up. */
const completeCall = {
  offer: ['connected→ended'],
  outcomes: ['completed'],
  agent: ['on-call→wrap-up'],
  entry: ['connected→completed'],
} as const satisfies Transitions;
/** A callback reached the agent, not the customer: tried again later, or failed after the last try. */
const callbackNotReached = {
  offer: ['connected→ended'],
  outcomes: ['failed'],
  agent: released('on-call'),
  entry: ['connected→callback', 'connected→failed'],
} as const satisfies Transitions;
/** A callback's number is refused by the callback policy as it is about to be dialled. */
const refuseCallbackAtDial = {
  offer: ['ringing→ended'],
  outcomes: ['cancelled'],
  agent: released('reserved'),
  entry: ['offered→failed'],
} as const satisfies Transitions;
/** The ring of a caller who hung up is withdrawn and their entry abandoned. */
const callerHungUpOnRing = {
  offer: ['ringing→ended'],
  outcomes: ['caller-hung-up'],
  agent: released('reserved'),
  entry: ['offered→abandoned'],
} as const satisfies Transitions;
const OPEN = ['waiting', 'offered', 'connected', 'callback'] as const satisfies EntryState[];

/** The declared transitions of each named operation of the routing lifecycle (see index.ts). */
export const TRANSITIONS = {
  claimOffers,
  acceptOffer,
  missOffer,
  withdrawOffer,
  completeCall,
  callbackNotReached,
  refuseCallbackAtDial,
  /** The caller's Dial of the agent ended: they talked (complete), or a miss, or the caller hung up while it rang. */
  endAgentDial: union(completeCall, missOffer, callerHungUpOnRing),
  /** The agent answered a callback's question: 1 accepts, anything else refuses (a miss). */
  answerCallbackOffer: union(acceptOffer, missOffer),
  /** The callback's Dial of the customer ended: reached (complete) or not. */
  endCallbackDial: union(completeCall, callbackNotReached),
  /** The agent's own call of a callback ended: unanswered (a miss), or their talk is over. */
  endAgentCall: union(missOffer, completeCall),
  /** The caller's call is over: a ring for them is withdrawn, a talk completed, a waiting entry abandoned. */
  callerGone: union(callerHungUpOnRing, completeCall, { entry: ['waiting→abandoned'] }),
  /** The caller joins a group's queue (a caller sent back, or moved to another group, keeps their place). */
  enqueueCaller: { entry: ['new→waiting', ...moves(OPEN, ['waiting', 'overflowed'])] },
  /** The caller leaves the queue (for a callback, a voicemail, another group, or hung up); a ring for them is withdrawn. */
  leaveQueue: {
    offer: ['ringing→ended'],
    outcomes: ['cancelled'],
    agent: released('reserved'),
    entry: moves(['waiting', 'offered', 'connected'], ['callback', 'left', 'overflowed', 'abandoned']),
  },
  /** The agent's wrap-up is over (its time is up, or they said they are done). */
  endWrapUp: { agent: released('wrap-up') },
  endDueWrapUps: { agent: released('wrap-up') },
  /** An agent asks for a state: applied at once, except while ringing or on a call (then when the call's wrap-up ends). */
  requestAgentState: { agent: moves(['offline', 'available', 'wrap-up', 'break', 'not-ready'], REQUESTABLE_STATES) },
  /** The agent sends the caller on (blind transfer): to a group's queue (a new entry keeping their place) or to a number. */
  transferCall: {
    offer: ['connected→ended'],
    outcomes: ['completed'],
    agent: ['on-call→wrap-up'],
    entry: ['connected→overflowed', 'new→waiting', 'connected→completed'],
  },
  /** Notes the agent's own call of a callback: no state changes. */
  noteAgentCallSid: {},
  /** Repair: an agent reserved or on a call without a live offer is freed. */
  releaseOrphanAgents: { agent: [...released('reserved'), ...released('on-call')] },
  /** Repair: an entry offered or connected without a live offer waits again (or ends); a waiting one whose caller is gone is abandoned. */
  repairOrphanEntries: {
    entry: ['offered→waiting', 'offered→callback', 'offered→abandoned', 'connected→completed', 'waiting→callback', 'waiting→abandoned'],
  },
} as const satisfies Record<string, Transitions>;
export type OperationName = keyof typeof TRANSITIONS;

/** The operations that decide, then run one of the others (offer-ends.ts): their transitions are their parts'. */
export const COMPOSITE_OPERATIONS: readonly OperationName[] = ['endAgentDial', 'answerCallbackOffer', 'endCallbackDial', 'endAgentCall'];
