/**
 * Routing's policy numbers, each named once with why it has its value. The operations pass them to
 * the SQL functions of migration 013 as arguments, so no policy number is written in SQL. The ones
 * a centre may want to tune are settings (src/config.ts, docs/operations.md); the others are
 * measured or follow from Twilio's behaviour, and are changed here.
 */
export interface RoutingPolicy {
  /**
   * How long an agent who accepted a call is held on it before the reconciler frees them (a call's
   * end is normally seen at once; this repairs one whose every webhook was lost). Longer than any
   * real call. Setting: ON_CALL_LEASE_MINUTES.
   */
  onCallLeaseSeconds: number;
  /**
   * A withdrawn offer (ringing failed, the ring outlived its lease) is not retried at once: a caller
   * on the line after a second or two (the next agent, or the same one once Twilio recovered), a
   * callback after a minute (placing a call costs, and a failing one would be retried in a loop).
   */
  withdrawnRetrySeconds: { inbound: number; callback: number };
  /** Tries of a callback that reaches the agent but not the customer before it fails. Setting: CALLBACK_ATTEMPTS. */
  callbackAttempts: number;
  /** Wait between those tries: long enough for a customer on another call to finish it. Setting: CALLBACK_RETRY_MINUTES. */
  callbackRetrySeconds: number;
  /** Queue estimates: the group's last completed calls averaged for the handle time (recent enough to follow the day, enough to be steady). */
  handleTimesAveraged: number;
  /**
   * The handle time assumed before a group has completed any call. Setting: DEFAULT_HANDLE_SECONDS.
   * Unset by default: with no history a caller is told no estimate rather than an invented one.
   */
  defaultHandleSeconds?: number;
  /** The reconciler's limits (src/routing/reconciler.ts). */
  reconciler: ReconcilerPolicy;
}

export interface ReconcilerPolicy {
  /** A call is asked about (Twilio REST) at most this often, however often the reconciler runs. */
  statusCheckEveryMs: number;
  /**
   * Twilio asks a waiting caller's waitUrl each time our hold document ends: the announcements and
   * one play of the hold music (Twilio's own tracks last one to three minutes). A waiting caller not
   * heard from for longer than this may have hung up unseen (a lost status callback).
   */
  waitingCallerSilentSeconds: number;
  /** Outside a queue a call sends a webhook every few seconds (menus), minutes at most (a voicemail); a transfer may go quiet for long, and is asked about once a minute. */
  otherCallSilentSeconds: number;
  /** A caller being redirected to their overflow is kept from agents this long (and not redirected again sooner). */
  overflowRedirectHoldSeconds: number;
  /** Talking for longer than this: worth asking Twilio whether the call is still going. */
  longCallSeconds: number;
}

export const DEFAULT_ROUTING_POLICY: RoutingPolicy = {
  onCallLeaseSeconds: 4 * 3600,
  withdrawnRetrySeconds: { inbound: 2, callback: 60 },
  callbackAttempts: 3,
  callbackRetrySeconds: 5 * 60,
  handleTimesAveraged: 50,
  reconciler: {
    statusCheckEveryMs: 60_000,
    waitingCallerSilentSeconds: 240,
    otherCallSilentSeconds: 600,
    overflowRedirectHoldSeconds: 15,
    longCallSeconds: 15 * 60,
  },
};

/**
 * The ring's lease: an agent's phone rings for the group's ring timeout, and the agent stays
 * reserved for this much longer (Twilio's Dial answers a few seconds after its timeout; a webhook
 * may be slow) before the reconciler withdraws the ring. Fixed in the claim itself
 * (`ring_timeout_seconds + 30` in claim_assignments_walk, last defined in migration 015), which takes no policy
 * argument so that its signature stays the claim's; test/routing/lifecycle.test.ts checks the two agree.
 */
export const RING_LEASE_MARGIN_SECONDS = 30;

let current = DEFAULT_ROUTING_POLICY;

/**
 * The policy in force. One per process, set once at start-up from the configuration: the
 * operations keep the call shapes every caller uses (a webhook's transaction, the router, the
 * reconciler) instead of each threading the policy through.
 */
export function routingPolicy(): RoutingPolicy {
  return current;
}

export function setRoutingPolicy(policy: RoutingPolicy): void {
  current = policy;
}

/** Seconds as a PostgreSQL interval argument. */
export const seconds = (s: number): string => `${s} seconds`;
