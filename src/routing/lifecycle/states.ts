// The states of the three things routing moves: agents, queue entries (a caller waiting for an
// agent) and offers (an `assignments` row: one entry offered to one agent). The database's CHECK
// constraints (migration 002) allow exactly these; the transitions between them are in transitions.ts.

/** Each agent state, and what it means. */
export const AGENT_STATE_MEANINGS = {
  /** Signed out: never offered a caller. */
  offline: 'signed out',
  /** Ready: the router may offer them a caller. */
  available: 'ready for a caller',
  /** Their phone is ringing for an offer (for the ring's lease: the ring timeout and a margin). */
  reserved: 'ringing for a caller',
  /** Talking to a caller (for the on-call lease). */
  'on-call': 'on a call',
  /** After a call, for the group's wrap-up seconds (or until they say they are done). */
  'wrap-up': 'wrapping up a call',
  /** On a break they asked for. */
  break: 'on a break',
  /** Not taking calls: they asked, or missed the group's number of calls in a row. */
  'not-ready': 'not ready',
} as const;
export type AgentState = keyof typeof AGENT_STATE_MEANINGS;
export const AGENT_STATES = Object.keys(AGENT_STATE_MEANINGS) as AgentState[];

/** The states an agent (or a supervisor) can ask for; the others are set by routing. */
export const REQUESTABLE_STATES = ['available', 'break', 'offline', 'not-ready'] as const;
export type RequestableState = (typeof REQUESTABLE_STATES)[number];

/** Each queue entry state, and what it means. Open: waiting, offered, connected, callback (one per call). */
export const ENTRY_STATE_MEANINGS = {
  /** On hold in the group's queue, routable. */
  waiting: 'on hold, routable',
  /** Offered to one agent (a ringing offer). */
  offered: 'offered to an agent',
  /** Talking to an agent (a connected offer). */
  connected: 'talking to an agent',
  /** The caller asked to be called back: routable, the agent is called first. */
  callback: 'waiting for a callback',
  /** Ended: the caller talked to an agent. */
  completed: 'talked to an agent',
  /** Ended: the caller hung up before an agent took the call. */
  abandoned: 'hung up waiting',
  /** Ended here: moved on to another group (the new entry keeps the first one's place). */
  overflowed: 'moved to another group',
  /** Ended: left the queue for a voicemail. */
  left: 'left for a voicemail',
  /** Ended: a callback that could not be made (refused number, or every try failed). */
  failed: 'callback not made',
} as const;
export type EntryState = keyof typeof ENTRY_STATE_MEANINGS;

/** Each offer state, and what it means. An offer is made once and ends once (with an outcome). */
export const OFFER_STATE_MEANINGS = {
  /** The agent is being rung. */
  ringing: 'the agent is being rung',
  /** The agent accepted: caller and agent are talking (a callback: the customer is being dialled). */
  connected: 'accepted',
  /** Over, with an outcome (OFFER_OUTCOMES). */
  ended: 'over',
} as const;
export type OfferState = keyof typeof OFFER_STATE_MEANINGS;

/** How an offer ended. */
export const OFFER_OUTCOMES = ['completed', 'no-answer', 'busy', 'failed', 'rejected', 'caller-hung-up', 'lost', 'cancelled'] as const;
export type OfferOutcome = (typeof OFFER_OUTCOMES)[number];

/** The outcomes that count as the agent's miss (towards their misses in a row, and the miss back-off). */
export type MissOutcome = Extract<OfferOutcome, 'no-answer' | 'busy' | 'failed' | 'rejected' | 'lost'>;
/** The outcomes of a withdrawn ring (no miss): the caller hung up, we cancelled it, or it outlived its lease. */
export type WithdrawOutcome = Extract<OfferOutcome, 'caller-hung-up' | 'cancelled' | 'lost'>;
