import type { Flow } from '../flows/model.js';
import { smsTexts, type SmsTextKey } from '../flows/sms-texts.js';
import { fillPlaceholders } from '../flows/prompts.js';
import type { Queryable } from '../db/pool.js';
import type { CallEventRow } from '../db/queries/calls.js';
import { insertSurveyResponse, type SurveyKind } from '../db/queries/recordings.js';
import { insertSmsSurvey, queueOutboundSms, smsSurveyFacts } from '../db/queries/sms.js';
import { isTextableNumber } from '../twilio/sms-numbers.js';
import { applyFeedbackRules } from '../routing/cases/feedback-rules.js';

/** A text of the survey in the call's language, the flow's overrides first, `{name}` the flow's name. */
export function surveyText(flow: Pick<Flow, 'name' | 'feedback' | 'languages'>, language: string, key: SmsTextKey): string {
  const lang = flow.languages.includes(language) ? language : flow.languages[0];
  return fillPlaceholders(smsTexts(lang, flow.feedback?.texts)[key], { name: flow.name });
}

/** Why a call's survey was not scheduled (kept in the call's event log). */
export type SurveySkipped = 'abandoned' | 'not-mobile' | 'opted-out' | 'capped' | 'call-failed';

/**
 * At the end of a call whose flow asks for `feedback:`: the survey question goes into the outbox,
 * due `delay_seconds` later, in the transaction that closes the call. Skipped (and why, in the
 * returned event row) for a call that did not connect, a caller who hung up waiting for an agent
 * (unless `after_abandoned`), a number that cannot be texted or opted out, and a number surveyed
 * within the frequency cap. Returns the event row to log, if any.
 */
export async function scheduleSmsSurvey(
  db: Queryable,
  call: { callSid: string; caller: string; language: string; status: string; at: number },
  flow: Pick<Flow, 'name' | 'feedback' | 'languages'>,
  capDays: number,
): Promise<CallEventRow | undefined> {
  const feedback = flow.feedback;
  if (!feedback) return undefined;
  const facts = await smsSurveyFacts(db, call.callSid, call.caller, new Date(call.at - capDays * 86_400_000));
  if (facts.decided) return undefined;
  const skipped = (reason: SurveySkipped): CallEventRow => ({ kind: 'sms-survey-skipped', step: null, detail: { reason } });
  if (call.status !== 'completed') return skipped('call-failed');
  if (!feedback.afterAbandoned && facts.abandoned) return skipped('abandoned');
  if (!isTextableNumber(call.caller)) return skipped('not-mobile');
  if (facts.optedOut) return skipped('opted-out');
  if (capDays > 0 && facts.capped) return skipped('capped');
  const at = new Date(call.at);
  const language = flow.languages.includes(call.language) ? call.language : flow.languages[0];
  const created = await insertSmsSurvey(db, {
    callSid: call.callSid,
    number: call.caller,
    sender: feedback.from,
    kind: feedback.kind,
    language,
    windowHours: feedback.windowHours,
    at,
  });
  if (!created) return undefined;
  await queueOutboundSms(db, {
    purpose: 'survey',
    callSid: call.callSid,
    step: 'sms',
    to: call.caller,
    sender: feedback.from,
    body: surveyText(flow, language, `question_${feedback.kind}`),
    language,
    dueAt: new Date(call.at + feedback.delaySeconds * 1000),
  });
  return { kind: 'sms-survey-scheduled', step: null, detail: { kind: feedback.kind, delaySeconds: feedback.delaySeconds } };
}

/**
 * The one place an SMS survey answer is stored: a score (channel 'sms', step 'sms'), later the
 * free-text reason as its comment. Rules that act on an answer (a case on a low score) hook in here.
 */
export async function recordSmsSurveyAnswer(
  db: Queryable,
  a: { callSid: string; kind: SurveyKind; score: number; comment?: string | null },
): Promise<void> {
  await insertSurveyResponse(db, {
    callSid: a.callSid,
    step: 'sms',
    score: a.score,
    kind: a.kind,
    channel: 'sms',
    comment: a.comment ?? null,
  });
  // The centre's feedback rules, in the reply's transaction: a low score opens a case (or, with the
  // comment that follows it, adds to the case it opened) and may book a recovery callback.
  await applyFeedbackRules(db, { callSid: a.callSid, kind: a.kind, score: a.score, comment: a.comment ?? null, channel: 'sms' });
}
