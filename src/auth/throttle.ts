import type { Queryable } from '../db/pool.js';
import * as store from '../db/queries/login-throttle.js';

/**
 * Sign-in back-off, kept in PostgreSQL so every instance sees the same counts. Three keys are
 * counted on every failure:
 *
 * - the username and address together: 5 free failures, then 1 s, 2 s, 4 s … capped at 5 minutes.
 *   This is what slows a guesser who targets one person from one place, insiders included.
 * - the username alone (from anywhere): 10 free failures, same back-off. It stops guessing spread
 *   over many addresses. So that an attacker cannot lock a real agent out with it, it does not
 *   apply at an address where that person signed in successfully in the last 30 days (their desk,
 *   the centre's NAT address); there the pair key above still applies. A person at a new address
 *   during an attack waits at most the cap between attempts.
 * - the address alone: 30 free failures (a centre's agents often share one NAT address), same
 *   back-off. It stops one address spraying many usernames. A successful sign-in from an address
 *   resets it, so one agent's typos do not hold back the whole floor for long.
 *
 * Every lockout is bounded by the cap (5 minutes), and counts idle for an hour are forgotten.
 * Attempts made while blocked are refused without being counted, so they do not extend the wait.
 */
export const SIGN_IN_THROTTLE = {
  pair: { freeFailures: 5, capSeconds: 300 },
  account: { freeFailures: 10, capSeconds: 300 },
  address: { freeFailures: 30, capSeconds: 300 },
  forgetMinutes: 60,
  knownAddressDays: 30,
} as const;

/** The keys of one sign-in attempt (usernames of agents and supervisors are separate). */
function keysOf(role: string, username: string, address: string) {
  const account = `${role}:${username}`;
  return {
    account,
    pair: { key: `pair:${account}@${address}`, ...SIGN_IN_THROTTLE.pair },
    accountKey: { key: `account:${account}`, ...SIGN_IN_THROTTLE.account },
    addressKey: { key: `address:${address}`, ...SIGN_IN_THROTTLE.address },
  };
}

export interface SignInAttempt {
  role: string;
  username: string;
  address: string;
}

/** Seconds to wait before this attempt may be tried (0: go ahead). */
export async function signInWait(db: Queryable, a: SignInAttempt): Promise<number> {
  const k = keysOf(a.role, a.username, a.address);
  return store.throttleWait(db, [k.pair.key, k.accountKey.key, k.addressKey.key], {
    key: k.accountKey.key,
    account: k.account,
    address: a.address,
    days: SIGN_IN_THROTTLE.knownAddressDays,
  });
}

/** A wrong username or password: counted on all three keys; returns the wait now in force. */
export function signInFailed(db: Queryable, a: SignInAttempt): Promise<number> {
  const k = keysOf(a.role, a.username, a.address);
  return store.recordFailure(db, [k.pair, k.accountKey, k.addressKey], SIGN_IN_THROTTLE.forgetMinutes);
}

export function signInSucceeded(db: Queryable, a: SignInAttempt): Promise<void> {
  const k = keysOf(a.role, a.username, a.address);
  return store.recordSuccess(db, [k.pair.key, k.accountKey.key, k.addressKey.key], k.account, a.address, {
    forgetMinutes: SIGN_IN_THROTTLE.forgetMinutes,
    knownDays: SIGN_IN_THROTTLE.knownAddressDays,
  });
}
