import type { Queryable } from '../../db/pool.js';
import { routingPolicy, seconds } from './policy.js';
import type { MissOutcome, WithdrawOutcome } from './states.js';

// The operations on one offer (an `assignments` row), each one SQL function of migration 013
// (declared in transitions.ts). Each returns whether the offer was in the state it expects: a
// retried or late webhook changes nothing.

export interface Claim {
  assignmentId: number;
  entryId: number;
  agentId: number;
  callSid: string;
  kind: 'inbound' | 'callback';
  group: string;
  ringTimeoutSeconds: number;
}

/** Claims up to `max` caller–agent matches in routing order, in one statement; see claim_assignments(). */
export async function claimOffers(db: Queryable, max: number): Promise<Claim[]> {
  const { rows } = await db.query<Claim>({
    name: 'claim-batch',
    text: `SELECT assignment_id AS "assignmentId", entry_id AS "entryId", agent_id AS "agentId", call_sid AS "callSid",
      kind, group_name AS "group", ring_timeout_seconds AS "ringTimeoutSeconds" FROM claim_assignments($1)`,
    values: [max],
  });
  return rows;
}

/** Runs one lifecycle function as a named statement; its boolean answer (the offer was in the state it expects). */
async function changed(db: Queryable, name: string, text: string, values: unknown[]): Promise<boolean> {
  const { rows } = await db.query<{ changed: boolean }>({ name, text, values });
  return rows[0].changed;
}

/** The agent pressed 1: connected, the agent on the call (held for the on-call lease). */
export function acceptOffer(db: Queryable, id: number, agentCallSid: string | null): Promise<boolean> {
  return changed(db, 'accept-offer', 'SELECT accept_offer($1, $2, $3) AS changed', [
    id,
    agentCallSid,
    seconds(routingPolicy().onCallLeaseSeconds),
  ]);
}

/** The agent did not take the call: the caller back to their place, the agent freed (or not-ready after the group's misses in a row). */
export function missOffer(db: Queryable, id: number, outcome: MissOutcome): Promise<boolean> {
  return changed(db, 'miss-offer', 'SELECT miss_offer($1, $2) AS changed', [id, outcome]);
}

/**
 * A ring is called off (the agent is released, not counted as missing it). The caller is
 * `abandoned`, or goes `back-in-line` (retried after the policy's pause) unless their call has
 * ended meanwhile. A `lost` ring is one the reconciler found outliving its lease.
 */
export async function withdrawOffer(
  db: Queryable,
  id: number,
  outcome: WithdrawOutcome,
  entryState: 'back-in-line' | 'abandoned',
): Promise<void> {
  const retry = routingPolicy().withdrawnRetrySeconds;
  await changed(db, 'withdraw-offer', 'SELECT withdraw_offer($1, $2, $3, $4, $5) AS changed', [
    id,
    outcome,
    entryState,
    seconds(retry.inbound),
    seconds(retry.callback),
  ]);
}

/** They talked and the call is over: offer and entry completed, the agent into wrap-up. Safe to run twice. */
export async function completeCall(db: Queryable, id: number): Promise<void> {
  await changed(db, 'complete-call', 'SELECT complete_call($1) AS changed', [id]);
}

/** A callback reached the agent but not the customer: the customer keeps their place and is tried again later (the policy's tries). */
export async function callbackNotReached(db: Queryable, id: number): Promise<void> {
  const p = routingPolicy();
  await changed(db, 'callback-not-reached', 'SELECT callback_not_reached($1, $2, $3) AS changed', [
    id,
    p.callbackAttempts,
    seconds(p.callbackRetrySeconds),
  ]);
}

/** A callback about to be dialled whose number the policy now refuses: ring withdrawn, entry failed, the refusal logged. Safe to run twice. */
export async function refuseCallbackAtDial(db: Queryable, id: number, refusal: { reason: string; number: string }): Promise<void> {
  await changed(db, 'refuse-callback-at-dial', 'SELECT refuse_callback_at_dial($1, $2, $3) AS changed', [
    id,
    refusal.reason,
    refusal.number,
  ]);
}

/** The agent's own call of a callback (agent first): noted once, for the reconciler's status checks. */
export async function noteAgentCallSid(db: Queryable, id: number, callSid: string | null): Promise<void> {
  await db.query({ name: 'note-agent-call-sid', text: 'SELECT note_agent_call_sid($1, $2)', values: [id, callSid] });
}
