import type { CallEvent, TextRefusal } from '../flows/call-types.js';
import { isTextableNumber } from '../twilio/sms-numbers.js';
import type { Lookup, LookupAnswer, LookupStep } from './lookup.js';
import { stepCall, type CallState, type CompiledFlow, type StepResult } from './step.js';

/** Follow-up events (lookups, overflows) one webhook may run before it must answer Twilio. */
const MAX_FOLLOW_UPS = 8;

export interface Advanced extends StepResult {
  lookups: (LookupAnswer & { step: string })[];
  /** Whether each `text:` step reached could text the caller. */
  textChecks: (TextCheck & { step: string })[];
}

/**
 * Applies one event, then runs any lookups the flow reached and any follow-ups the edge answers
 * with, feeding them back, until the call waits for Twilio again. Shared by webhooks, the
 * simulator and scenario tests.
 */
export interface AdvanceDeps {
  lookup: Lookup;
  callSid: string;
  now: () => number;
  /** Carries out one step's effects; may answer with a follow-up event (e.g. a queue's overflow). */
  onStep?: (result: StepResult) => Promise<CallEvent | undefined>;
  /** Whether the caller can be texted (a `text:` step); default: a mobile-looking number (no opt-out list to ask). */
  textable?: (caller: string) => Promise<TextCheck>;
}

export type TextCheck = { ok: true } | { ok: false; reason: TextRefusal };

/** The check that needs no database: a withheld or landline-looking number cannot be texted. */
export const numberTextable = (caller: string): TextCheck =>
  isTextableNumber(caller) ? { ok: true } : { ok: false, reason: 'not-mobile' };

export async function advance(cf: CompiledFlow, call: CallState, event: CallEvent, deps: AdvanceDeps): Promise<Advanced> {
  let result: StepResult = stepCall(cf, call, event);
  const utterances = [...result.reply.utterances];
  const effects = [...result.reply.effects];
  const entered = [...result.entered];
  const lookups: Advanced['lookups'] = [];
  const textChecks: Advanced['textChecks'] = [];
  for (let followUps = 0; ; followUps++) {
    let next = await deps.onStep?.(result);
    if (!next && result.reply.wait.kind === 'lookup') {
      const name = result.reply.wait.step;
      const answer = await deps.lookup(cf.flow.steps[name] as LookupStep, { callSid: deps.callSid, context: result.call.context });
      lookups.push({ step: name, ...answer });
      next = { type: 'LOOKUP_RESULT', at: deps.now(), ok: answer.ok, data: answer.data };
    }
    if (!next && result.reply.wait.kind === 'text-check') {
      const caller = result.call.context.caller;
      const check = deps.textable ? await deps.textable(caller) : numberTextable(caller);
      textChecks.push({ step: result.reply.wait.step, ...check });
      next = { type: 'TEXT_CHECKED', at: deps.now(), ok: check.ok, ...(check.ok ? {} : { reason: check.reason }) };
    }
    if (!next) break;
    if (followUps >= MAX_FOLLOW_UPS)
      throw new Error(`more than ${MAX_FOLLOW_UPS} follow-up steps in one webhook (at '${result.call.state}')`);
    result = stepCall(cf, result.call, next);
    utterances.push(...result.reply.utterances);
    effects.push(...result.reply.effects);
    entered.push(...result.entered);
  }
  return { ...result, reply: { ...result.reply, utterances, effects }, entered, lookups, textChecks };
}
