import type { Queryable } from '../../db/pool.js';
import { feedbackCall, openCaseOf, recordCaseChange, setRecoveryEntry } from '../../db/queries/cases.js';
import { firstMatchingRule, type FeedbackRule } from '../../db/queries/feedback-rules.js';
import type { SurveyChannel, SurveyKind } from '../../db/queries/recordings.js';
import { isWithheldNumber } from '../../twilio/sms-numbers.js';
import { enqueueCaller, leaveQueue } from '../lifecycle/index.js';
import { customerNumber } from './caller-number.js';
import { openCase } from './cases.js';

/** One survey answer, as stored (keypad or SMS). */
export interface FeedbackAnswer {
  callSid: string;
  kind: SurveyKind;
  score: number;
  comment?: string | null;
  channel: SurveyChannel;
}

/** What the rules did with an answer. */
export type FeedbackOutcome =
  | { action: 'none' }
  /** The customer already has a case open: the answer is added to its history. */
  | { action: 'noted'; caseId: number }
  | { action: 'opened'; caseId: number; rule: string; recoveryEntryId: number | null };

/** The queue entry's step name for a recovery callback (what the entry was queued by). */
export const RECOVERY_STEP = 'recovery-callback';

/**
 * The one function the survey paths call once an answer is stored, in the same transaction: the
 * centre's first rule that the answer fires opens a case for the rule's owner and, with a callback
 * group, books a recovery callback there (through the routing lifecycle: the agent is called first,
 * then the customer). A customer with a case already open gets no second one: the answer goes on
 * that case's history.
 */
export async function applyFeedbackRules(db: Queryable, a: FeedbackAnswer): Promise<FeedbackOutcome> {
  const rule = await firstMatchingRule(db, a.kind, a.score);
  if (!rule) return { action: 'none' };
  const call = await feedbackCall(db, a.callSid);
  if (!call) return { action: 'none' };
  const survey = { kind: a.kind, score: a.score, comment: a.comment ?? null, channel: a.channel };
  const system = { role: 'system' as const, name: `feedback rule ${rule.name}` };
  // A withheld number is no one in particular: a case of its own, and no callback.
  const customer = customerNumber(call.from);
  const open = customer ? await openCaseOf(db, customer) : undefined;
  if (open) {
    await recordCaseChange(db, open.id, 'feedback', system, a.comment ?? null, { ...survey, callSid: a.callSid });
    return { action: 'noted', caseId: open.id };
  }
  const caseId = await openCase(
    db,
    {
      source: 'rule',
      category: rule.category,
      summary: summaryOf(a),
      customerNumber: customer,
      callSid: a.callSid,
      assignmentId: null,
      ruleId: rule.id,
      survey,
      ownerGroup: rule.ownerGroup,
      ownerAgentId: rule.ownerAgentId,
      note: null,
    },
    system,
  );
  const recoveryEntryId =
    rule.callbackGroup && customer ? await bookRecoveryCallback(db, caseId, rule, a.callSid, { ...call, from: customer }) : null;
  if (rule.callbackGroup && !customer) {
    // Say which: a withheld number, or one that is no dialable phone number (a SIP address, a fiction 555 number).
    const why = isWithheldNumber(call.from)
      ? 'the caller withheld their number'
      : `the caller's number ${call.from} is not a valid phone number`;
    await recordCaseChange(db, caseId, 'callback', system, `recovery callback not booked: ${why}`);
  }
  return { action: 'opened', caseId, rule: rule.name, recoveryEntryId };
}

const KIND_TEXT: Record<SurveyKind, (score: number) => string> = {
  csat: (s) => `satisfaction ${s}`,
  nps: (s) => `NPS ${s} of 10`,
  resolved: (s) => (s === 0 ? 'not resolved' : 'resolved'),
};

function summaryOf(a: FeedbackAnswer): string {
  const how = a.channel === 'sms' ? 'by text message' : 'on the keypad';
  return `Survey answer ${how}: ${KIND_TEXT[a.kind](a.score)}${a.comment ? ` — “${a.comment}”` : ''}`;
}

/**
 * A callback entry for the rule's group at its priority: queued, then turned into a callback to the
 * customer's number, in this transaction (the router sees it only as a callback, after commit).
 * Not booked while the caller still has an entry open (they are still being served).
 */
async function bookRecoveryCallback(
  db: Queryable,
  caseId: number,
  rule: FeedbackRule,
  callSid: string,
  call: { from: string; language: string | null; queued: boolean },
): Promise<number | null> {
  const who = { role: 'system' as const, name: `feedback rule ${rule.name}` };
  if (call.queued) {
    await recordCaseChange(db, caseId, 'callback', who, 'recovery callback not booked: the caller is still in a queue');
    return null;
  }
  const { entryId } = await enqueueCaller(db, {
    callSid,
    group: rule.callbackGroup!,
    priority: rule.callbackPriority,
    language: call.language ?? 'en-US',
    step: RECOVERY_STEP,
  });
  await leaveQueue(db, callSid, { callbackNumber: call.from });
  await setRecoveryEntry(db, caseId, entryId);
  await recordCaseChange(db, caseId, 'callback', who, null, {
    booked: true,
    entryId,
    group: rule.callbackGroup,
    priority: rule.callbackPriority,
    number: call.from,
  });
  return entryId;
}
