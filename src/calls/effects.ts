import { assertNever } from '../assert-never.js';
import type { Effect } from '../flows/call-types.js';
import { insertSurveyRequest, insertSurveyResponse, insertVoicemail } from '../db/queries/recordings.js';
import { insertWaitAnnouncement } from '../db/queries/wait-announcements.js';
import { queueOutboundSms } from '../db/queries/sms.js';
import type { Queryable } from '../db/pool.js';
import { applyFeedbackRules } from '../routing/cases/index.js';
import { callerGone, endAgentDial, enqueueCaller, leaveQueue, transferCall, type MissOutcome } from '../routing/lifecycle/index.js';

/** What carrying out a step's effects led to that the edge reports once the transaction commits. */
export interface EffectsRun {
  /** Agents' missed rings (counted after commit, so a retried webhook that failed is not counted twice). */
  misses: MissOutcome[];
}

/**
 * The one interpreter of the Effects a step returns as data (the step itself never does I/O): each
 * is carried out in the webhook's transaction, routing ones through the lifecycle's operations.
 */
export async function runEffects(
  db: Queryable,
  call: { callSid: string; language: string; at?: number },
  effects: Effect[],
): Promise<EffectsRun> {
  const { callSid } = call;
  const run: EffectsRun = { misses: [] };
  for (const e of effects) {
    switch (e.type) {
      case 'recording':
        await insertVoicemail(db, { callSid, step: e.step, url: e.url, durationSeconds: e.duration, group: e.group ?? null });
        break;
      case 'survey-asked':
        await insertSurveyRequest(db, { callSid, step: e.step, kind: e.kind, channel: 'keypad' });
        break;
      case 'survey':
        await insertSurveyResponse(db, { callSid, step: e.step, score: e.score, kind: e.kind });
        // The centre's feedback rules may open a case (and book a recovery callback) in this transaction.
        await applyFeedbackRules(db, { callSid, kind: e.kind, score: e.score, channel: 'keypad' });
        break;
      case 'enqueue':
        await enqueueCaller(db, { callSid, group: e.group, priority: e.priority, language: call.language, step: e.step });
        break;
      case 'queue-exit':
        // Moving to another group keeps the entry open: the next enqueue carries its place over.
        if (e.reason === 'callback') await leaveQueue(db, callSid, { callbackNumber: e.callbackNumber! });
        else if (e.reason === 'voicemail') await leaveQueue(db, callSid, { state: 'left' });
        break;
      case 'agent-dial-ended': {
        const end = await endAgentDial(db, e.assignmentId, e.status, e.callerGone);
        if (end.missed) run.misses.push(end.missed);
        break;
      }
      case 'call-transferred':
        await transferCall(db, e.assignmentId, e.to);
        break;
      case 'caller-gone':
        await callerGone(db, callSid);
        break;
      case 'wait-announced':
        if (e.spokenMinutes !== undefined && e.estimateSeconds !== undefined) {
          await insertWaitAnnouncement(db, { callSid, ...e, spokenMinutes: e.spokenMinutes, estimateSeconds: e.estimateSeconds });
        }
        break;
      case 'callback-refused':
        // Nothing to store beyond the call's event log; counted and logged by the edge after commit.
        break;
      case 'text-message':
        // The outbox: sent by the SMS worker once this transaction commits (never lost, never twice).
        await queueOutboundSms(db, {
          purpose: 'text-step',
          callSid,
          step: e.step,
          to: e.to,
          sender: e.from,
          body: e.body,
          language: e.language,
          dueAt: new Date(call.at ?? Date.now()),
        });
        break;
      default:
        assertNever(e, 'effect');
    }
  }
  return run;
}
