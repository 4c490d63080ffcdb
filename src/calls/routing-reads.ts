import { assertNever } from '../assert-never.js';
import type { CallEvent } from '../flows/call-types.js';
import { stateInfo, type CompiledFlow } from '../flows/compile.js';
import { assignmentDetails, lockedOfferState } from '../db/queries/assignments.js';
import { groupStaffing } from '../db/queries/queue-entries.js';
import { queueStanding } from '../routing/lifecycle/index.js';
import type { CallRow } from '../db/queries/calls.js';
import type { Queryable } from '../db/pool.js';
import type { StepResult } from './step.js';

/**
 * Adds what only the database knows to an event before the call steps: where the caller stands
 * in the queue, the agent being connected, whether the agent took the call. Only reads: what the
 * step decides is done by its Effects (see effects.ts). Returns undefined when the event no longer
 * applies (e.g. an agent offer that was withdrawn).
 */
export async function enrichEvent(
  db: Queryable,
  cf: CompiledFlow,
  row: CallRow,
  event: CallEvent,
  query: { assignment?: number },
): Promise<CallEvent | undefined> {
  switch (event.type) {
    case 'QUEUE_WAIT': {
      const s = await queueStanding(db, row.callSid);
      if (!s) return event;
      // Ringing an agent for them, or about to (one is free for each caller up to them): not the time to overflow.
      const agentRinging = s.agentRinging || s.position <= s.freeAgents;
      return {
        ...event,
        position: s.position,
        entryId: s.entryId,
        ...(s.etaSeconds !== null ? { etaSeconds: s.etaSeconds } : {}),
        announceEvery: s.announceEverySeconds,
        ...(agentRinging ? { agentRinging } : {}),
        ...(!agentRinging && s.waitedSeconds >= s.maxWaitSeconds ? { overflow: s.overflow } : {}),
      };
    }
    case 'QUEUE_OVERFLOW': {
      // Sent by the reconciler at the maximum wait; one that is no longer due changes nothing.
      const s = await queueStanding(db, row.callSid);
      return s && s.waitedSeconds >= s.maxWaitSeconds ? { ...event, overflow: s.overflow } : undefined;
    }
    case 'CONNECT_AGENT': {
      const a = query.assignment === undefined ? undefined : await assignmentDetails(db, query.assignment);
      if (!a || a.state !== 'ringing' || a.callSid !== row.callSid) return undefined;
      return { ...event, assignmentId: a.id, agent: { kind: a.contactKind, contact: a.contact }, timeout: a.ringTimeoutSeconds };
    }
    case 'TRANSFER': {
      // Only the offer the caller is talking on, still connected: a late or repeated redirect changes nothing.
      const info = stateInfo(cf, row.state);
      const talking = info.kind === 'queue' && info.part === 'connecting' ? row.context.queue?.connect : undefined;
      if (!talking || talking.assignmentId !== event.assignmentId) return undefined;
      return (await lockedOfferState(db, event.assignmentId)) === 'connected' ? event : undefined;
    }
    case 'DIAL_RESULT': {
      const info = stateInfo(cf, row.state);
      const connecting = info.kind === 'queue' && info.part === 'connecting' ? row.context.queue?.connect : undefined;
      if (!connecting) return event;
      // Bridged when the agent accepted; locked, so the offer stays as read until the step's effect ends it.
      return { ...event, bridged: (await lockedOfferState(db, connecting.assignmentId)) === 'connected' };
    }
    case 'CALL_STARTED':
    case 'DIGITS':
    case 'SPEECH':
    case 'NO_INPUT':
    case 'QUEUE_NO_STAFF':
    case 'QUEUE_KEY':
    case 'QUEUE_RESULT':
    case 'RECORDED':
    case 'LOOKUP_RESULT':
    case 'TEXT_CHECKED':
    case 'HUNG_UP':
      return event;
    default:
      return assertNever(event, 'call event');
  }
}

/** Queueing a caller for a group nobody can serve right now is answered with the group's overflow. */
export async function followUp(db: Queryable, result: StepResult, at: number): Promise<CallEvent | undefined> {
  const enqueue = result.reply.effects.findLast((e) => e.type === 'enqueue');
  if (!enqueue || enqueue.type !== 'enqueue') return undefined;
  const staffing = await groupStaffing(db, enqueue.group);
  return staffing && !staffing.staffed ? { type: 'QUEUE_NO_STAFF', at, overflow: staffing.overflow } : undefined;
}
