import type { CallEvent } from '../flows/call-types.js';
import type { Lookup, LookupAnswer, LookupStep } from './lookup.js';
import { stepCall, type CallState, type CompiledFlow, type StepResult } from './step.js';

/** Lookups a single webhook may run before it must answer Twilio (the flow check forbids loops). */
const MAX_LOOKUPS = 5;

export interface Advanced extends StepResult {
  lookups: (LookupAnswer & { step: string })[];
}

/**
 * Applies one event, then runs any lookups the flow reached and feeds their answers back, until
 * the call waits for Twilio again. Shared by webhooks, the simulator and scenario tests.
 */
export async function advance(cf: CompiledFlow, call: CallState, event: CallEvent, deps: { lookup: Lookup; callSid: string; now: () => number }): Promise<Advanced> {
  let result: StepResult = stepCall(cf, call, event);
  const utterances = [...result.reply.utterances];
  const effects = [...result.reply.effects];
  const entered = [...result.entered];
  const lookups: Advanced['lookups'] = [];
  while (result.reply.wait.kind === 'lookup') {
    const name = result.reply.wait.step;
    if (lookups.length >= MAX_LOOKUPS) throw new Error(`more than ${MAX_LOOKUPS} lookups in one step (at '${name}')`);
    const answer = await deps.lookup(cf.flow.steps[name] as LookupStep, { callSid: deps.callSid, context: result.call.context });
    lookups.push({ step: name, ...answer });
    result = stepCall(cf, result.call, { type: 'LOOKUP_RESULT', at: deps.now(), ok: answer.ok, data: answer.data });
    utterances.push(...result.reply.utterances);
    effects.push(...result.reply.effects);
    entered.push(...result.entered);
  }
  return { ...result, reply: { ...result.reply, utterances, effects }, entered, lookups };
}
