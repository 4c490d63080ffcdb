import type { Pool } from '../db/pool.js';
import { cancelAssignment, completeAssignment } from '../db/queries/assignments.js';
import { connectedAssignments, expiredRings, releaseOrphanAgents, releaseReconcileLock, repairOrphanEntries, tryReconcileLock } from '../db/queries/reconcile.js';
import type { Logger } from '../log.js';
import type { CallControl } from './call-control.js';

const FINISHED = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
/** A long call is asked about (Twilio REST) at most this often, however often the reconciler runs. */
const STATUS_CHECK_EVERY_MS = 60_000;

export interface Repairs {
  expiredRings: number;
  finishedCalls: number;
  orphanAgents: number;
  orphanEntries: number;
}

/**
 * Repairs what lost webhooks or a crashed instance can leave behind, so that no agent stays
 * reserved or on a call that is over, and no caller is forgotten:
 * - a ring whose lease ran out is withdrawn (the caller keeps their place);
 * - a connected call whose caller's call has ended (or that Twilio says is over) is completed;
 * - agents busy without a live assignment are freed; entries offered without one wait again.
 */
export async function reconcile(pool: Pool, control: CallControl, log: Logger, lastStatusCheck = new Map<number, number>()): Promise<Repairs | undefined> {
  const client = await pool.connect();
  try {
    if (!(await tryReconcileLock(client))) return undefined;
    try {
      const repairs: Repairs = { expiredRings: 0, finishedCalls: 0, orphanAgents: 0, orphanEntries: 0 };
      for (const id of await expiredRings(client)) {
        await cancelAssignment(client, id, 'lost', 'back-in-line');
        repairs.expiredRings++;
      }
      // Connected calls: over if the caller's call ended, the lease ran out, or Twilio says so.
      const connected = await connectedAssignments(client);
      for (const id of lastStatusCheck.keys()) if (!connected.some((a) => a.id === id)) lastStatusCheck.delete(id);
      for (const a of connected) {
        let over = (a.kind === 'inbound' && a.ended) || a.expired;
        if (!over && a.long && Date.now() - (lastStatusCheck.get(a.id) ?? 0) >= STATUS_CHECK_EVERY_MS) {
          lastStatusCheck.set(a.id, Date.now());
          const sid = a.kind === 'inbound' ? a.callSid : a.agentCallSid;
          over = !!sid && FINISHED.has(await control.status(sid).catch(() => 'unknown'));
        }
        if (over) {
          await completeAssignment(client, a.id);
          repairs.finishedCalls++;
        }
      }
      repairs.orphanAgents = await releaseOrphanAgents(client);
      repairs.orphanEntries = await repairOrphanEntries(client);
      if (Object.values(repairs).some((n) => n > 0)) log.warn({ repairs }, 'reconciler repaired routing state');
      return repairs;
    } finally {
      await releaseReconcileLock(client);
    }
  } finally {
    client.release();
  }
}
