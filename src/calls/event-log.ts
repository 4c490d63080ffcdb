import { assertNever } from '../assert-never.js';
import type { CallEvent, Effect, Utterance } from '../flows/call-types.js';
import type { CallEventRow } from '../db/queries/calls.js';
import type { Advanced } from './advance.js';
import type { Wait } from '../twiml/reply.js';

function inputDetail(e: CallEvent): Record<string, unknown> {
  const { type, at: _at, ...rest } = e;
  return { event: type, ...rest };
}

/** A recording shows its transcript when the flow gives one, so the console reads what the caller heard. */
const textOf = (u: Utterance) =>
  'say' in u ? u.say : 'play' in u ? (u.transcript ? `${u.transcript} [recording ${u.play}]` : `[play ${u.play}]`) : `[pause ${u.pause}s]`;

/** The prompts a caller heard in one answer, in order, including those inside the waiting verb. */
export function heardTexts(utterances: Utterance[], wait: Wait): string[] {
  const inWait = wait.kind === 'gather' || wait.kind === 'hold' || wait.kind === 'record' ? wait.prompt : [];
  return [...utterances, ...inWait].map(textOf);
}

function effectRow(e: Effect): CallEventRow | undefined {
  switch (e.type) {
    case 'enqueue':
      return { kind: 'queued', step: e.step, detail: { group: e.group, priority: e.priority } };
    case 'recording':
      return { kind: 'voicemail', step: e.step, detail: { url: e.url, duration: e.duration, ...(e.group ? { group: e.group } : {}) } };
    case 'survey':
      return { kind: 'survey', step: e.step, detail: { score: e.score, surveyKind: e.kind } };
    case 'survey-asked':
      // survey_requests holds it; the 'heard' row's entered steps show the step was reached.
      return undefined;
    case 'queue-exit':
      return {
        kind: 'left-queue',
        step: e.step,
        detail: { reason: e.reason, ...(e.callbackNumber ? { callbackNumber: e.callbackNumber } : {}) },
      };
    case 'callback-refused':
      return {
        kind: 'callback-refused',
        step: e.step,
        detail: { reason: e.reason, keyed: e.keyed, ...(e.number ? { number: e.number } : {}) },
      };
    case 'wait-announced':
      // Kept in wait_announcements (scored by the wait-estimate report); the heard row has the words.
      return undefined;
    case 'text-message':
      // The self-service analytics count a call that ended after a text as contained (migration 022).
      return { kind: 'texted', step: e.step, detail: { to: e.to, from: e.from } };
    case 'call-transferred':
      // Where the caller went (the offer's transferred_to says it too).
      return { kind: 'transferred', step: null, detail: { assignment: e.assignmentId, ...e.to } };
    case 'agent-dial-ended':
    case 'caller-gone':
      // Routing's own tables (assignments, queue entries) record these; the input row shows the event.
      return undefined;
    default:
      return assertNever(e, 'effect');
  }
}

/** What one webhook adds to the call's event log: the input, lookups, effects, what was heard. */
export function eventRows(stepBefore: string, event: CallEvent, result: Advanced): CallEventRow[] {
  const rows: CallEventRow[] = [{ kind: 'input', step: stepBefore, detail: inputDetail(event) }];
  for (const l of result.lookups) rows.push({ kind: 'lookup', step: l.step, detail: { ok: l.ok, ...(l.error ? { error: l.error } : {}) } });
  for (const t of result.textChecks)
    rows.push({ kind: 'text-check', step: t.step, detail: t.ok ? { ok: true } : { ok: false, reason: t.reason } });
  rows.push(...result.reply.effects.flatMap((e) => effectRow(e) ?? []));
  const heard = heardTexts(result.reply.utterances, result.reply.wait);
  // `entered` (pass-through steps included) is what the flow report counts calls at each step by.
  rows.push({ kind: 'heard', step: result.call.state, detail: { prompts: heard, then: result.reply.wait.kind, entered: result.entered } });
  return rows;
}
