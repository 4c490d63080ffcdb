import type { CallEvent, Effect } from '../flows/call-types.js';
import { assignmentDetails } from '../db/queries/assignments.js';
import { groupStaffing } from '../db/queries/queue-entries.js';
import { endAgentDial, enqueueCaller, leaveQueue, queueStanding, type MissOutcome } from '../routing/lifecycle/index.js';
import { insertSurveyResponse, insertVoicemail } from '../db/queries/recordings.js';
import type { CallRow } from '../db/queries/calls.js';
import type { Queryable } from '../db/pool.js';
import type { StepResult } from './step.js';

/**
 * Adds what only the database knows to an event before the call steps: where the caller stands
 * in the queue, the agent being connected, how the ring went. Returns undefined when the event
 * no longer applies (e.g. an agent offer that was withdrawn). `seen.missed` is set when the ring
 * ended as an agent's miss (counted by the caller once the step commits).
 */
export async function enrichEvent(db: Queryable, row: CallRow, event: CallEvent, query: { assignment?: number }, seen: { missed?: MissOutcome } = {}): Promise<CallEvent | undefined> {
  switch (event.type) {
    case 'QUEUE_WAIT': {
      const s = await queueStanding(db, row.callSid);
      if (!s) return event;
      return {
        ...event,
        position: s.position,
        etaSeconds: s.etaSeconds,
        announceEvery: s.announceEverySeconds,
        ...(s.waitedSeconds >= s.maxWaitSeconds ? { overflow: s.overflow } : {}),
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
    case 'DIAL_RESULT': {
      const connecting = row.state.endsWith('#connecting') ? row.context.queue?.connect : undefined;
      if (!connecting) return event;
      const end = await endAgentDial(db, connecting.assignmentId, event.status, !!event.callerGone);
      if (end.missed) seen.missed = end.missed;
      return { ...event, bridged: end.bridged };
    }
    default:
      return event;
  }
}

/** Writes what a step asked to store, in the webhook's transaction. */
export async function writeEffects(db: Queryable, callSid: string, effects: Effect[], language: string): Promise<void> {
  for (const e of effects) {
    switch (e.type) {
      case 'recording':
        await insertVoicemail(db, { callSid, step: e.step, url: e.url, durationSeconds: e.duration, group: e.group ?? null });
        break;
      case 'survey':
        await insertSurveyResponse(db, { callSid, step: e.step, score: e.score });
        break;
      case 'enqueue':
        await enqueueCaller(db, { callSid, group: e.group, priority: e.priority, language, step: e.step });
        break;
      case 'queue-exit':
        // Moving to another group keeps the entry open: the next enqueue carries its place over.
        if (e.reason === 'callback') await leaveQueue(db, callSid, { callbackNumber: e.callbackNumber! });
        else if (e.reason === 'voicemail') await leaveQueue(db, callSid, { state: 'left' });
        break;
    }
  }
}

/** Queueing a caller for a group nobody can serve right now is answered with the group's overflow. */
export async function followUp(db: Queryable, result: StepResult, at: number): Promise<CallEvent | undefined> {
  const enqueue = result.reply.effects.findLast((e) => e.type === 'enqueue');
  if (!enqueue || enqueue.type !== 'enqueue') return undefined;
  const staffing = await groupStaffing(db, enqueue.group);
  return staffing && !staffing.staffed ? { type: 'QUEUE_NO_STAFF', at, overflow: staffing.overflow } : undefined;
}
