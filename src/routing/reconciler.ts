import type { Pool } from '../db/pool.js';
import {
  connectedAssignments,
  expiredRings,
  releaseReconcileLock,
  silentCalls,
  takeOverdueCallers,
  tryReconcileLock,
} from '../db/queries/reconcile.js';
import type { Logger } from '../log.js';
import { isCallOver } from '../twilio/call-status.js';
import { callIsOver, restError, type CallControl } from '../twilio/call-control.js';
import { completeCall, releaseOrphanAgents, repairOrphanEntries, routingPolicy, withdrawOffer } from './lifecycle/index.js';

export interface Repairs {
  expiredRings: number;
  finishedCalls: number;
  orphanAgents: number;
  orphanEntries: number;
  /** Silent calls (waiting callers first of all) that Twilio says are over: closed, entries abandoned. */
  callersGone: number;
  /** Callers past their group's maximum wait, redirected to their overflow. */
  overflowed: number;
}

/** What the reconciler needs from the call sessions to repair callers (not only routing rows). */
export interface CallerRepairs {
  /** Closes a call Twilio says is over, as its final status callback would. */
  endCall(callSid: string): Promise<void>;
  /** The webhook that answers a caller's overflow, for the call's current step. */
  overflowUrl(seq: number): string;
}

/**
 * Repairs what lost webhooks or a crashed instance can leave behind, so that no agent stays
 * reserved or on a call that is over, and no caller is forgotten:
 * - a ring whose lease ran out is withdrawn (the caller keeps their place);
 * - a connected call whose caller's call has ended (or that Twilio says is over) is completed;
 * - agents busy without a live assignment are freed; entries offered without one wait again;
 * - a call silent for long (a waiting caller sooner) is asked about (Twilio REST) and closed if over;
 * - a waiting caller past the group's maximum wait is redirected to the overflow at once.
 */
export async function reconcile(
  pool: Pool,
  control: CallControl,
  log: Logger,
  lastStatusCheck = new Map<number | string, number>(),
  callers?: CallerRepairs,
): Promise<Repairs | undefined> {
  const policy = routingPolicy().reconciler;
  const client = await pool.connect();
  try {
    if (!(await tryReconcileLock(client))) return undefined;
    try {
      const repairs: Repairs = { expiredRings: 0, finishedCalls: 0, orphanAgents: 0, orphanEntries: 0, callersGone: 0, overflowed: 0 };
      const asked = new Set<number | string>();
      // At most one question per call a minute; the memory of calls no longer in question is dropped.
      const due = (key: number | string) => {
        asked.add(key);
        if (Date.now() - (lastStatusCheck.get(key) ?? 0) < policy.statusCheckEveryMs) return false;
        lastStatusCheck.set(key, Date.now());
        return true;
      };
      for (const id of await expiredRings(client)) {
        await withdrawOffer(client, id, 'lost', 'back-in-line');
        repairs.expiredRings++;
      }
      // Connected calls: over if the caller's call ended, the lease ran out, or Twilio says so.
      for (const a of await connectedAssignments(client, policy.longCallSeconds)) {
        let over = (a.kind === 'inbound' && a.ended) || a.expired;
        if (!over && a.long && due(a.id)) {
          const sid = a.kind === 'inbound' ? a.callSid : a.agentCallSid;
          over = !!sid && (await callIsOverAtTwilio(control, sid));
        }
        if (over) {
          await completeCall(client, a.id);
          repairs.finishedCalls++;
        }
      }
      repairs.orphanAgents = await releaseOrphanAgents(client);
      repairs.orphanEntries = await repairOrphanEntries(client);
      if (callers) {
        for (const callSid of await silentCalls(client, {
          waitingSeconds: policy.waitingCallerSilentSeconds,
          otherSeconds: policy.otherCallSilentSeconds,
        })) {
          if (due(callSid) && (await callIsOverAtTwilio(control, callSid))) {
            log.warn({ callSid }, 'a silent call is over at Twilio (its status callback was lost); closing it');
            await callers.endCall(callSid);
            repairs.callersGone++;
          }
        }
        for (const { callSid, seq } of await takeOverdueCallers(client, policy.overflowRedirectHoldSeconds)) {
          const outcome = await redirectToOverflow(control, callers, callSid, seq, log);
          if (outcome === 'overflowed') repairs.overflowed++;
          if (outcome === 'gone') repairs.callersGone++;
        }
      }
      for (const key of lastStatusCheck.keys()) if (!asked.has(key)) lastStatusCheck.delete(key);
      if (Object.values(repairs).some((n) => n > 0)) log.warn({ repairs }, 'reconciler repaired routing state');
      return repairs;
    } finally {
      await releaseReconcileLock(client);
    }
  } finally {
    client.release();
  }
}

/**
 * Whether Twilio says the call has ended. Only its status counts: a GET answered 404 (the local
 * demo's stand-in, which tracks no calls, or a misconfigured account) must not end live calls.
 */
async function callIsOverAtTwilio(control: CallControl, callSid: string): Promise<boolean> {
  return isCallOver(await control.status(callSid).catch(() => 'unknown'));
}

/** Takes an overdue caller out of Twilio's queue to the TwiML of their overflow; a call that turns out over is closed. */
async function redirectToOverflow(
  control: CallControl,
  callers: CallerRepairs,
  callSid: string,
  seq: number,
  log: Logger,
): Promise<'overflowed' | 'gone' | 'failed'> {
  try {
    await control.redirect(callSid, callers.overflowUrl(seq));
    log.info({ callSid }, 'caller past the maximum wait redirected to the overflow');
    return 'overflowed';
  } catch (err) {
    if (!callIsOver(err)) {
      log.warn({ callSid, twilio: restError(err) }, 'could not redirect a caller past the maximum wait; trying again shortly');
      return 'failed';
    }
    log.warn(
      { callSid, twilio: restError(err) },
      'a caller past the maximum wait is gone at Twilio (status callback lost); closing the call',
    );
    await callers.endCall(callSid);
    return 'gone';
  }
}
