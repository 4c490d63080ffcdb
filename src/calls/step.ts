import { initialTransition, transition } from 'xstate';
import { assertNever } from '../assert-never.js';
import type { CallContext, CallEvent, Effect, Utterance } from '../flows/call-types.js';
import { connectOf, type QueuePart } from '../flows/compile-queue.js';
import type { Flow, Step, StepKind } from '../flows/model.js';
import type { SentenceId } from '../flows/sentences/ids.js';
import { sentencePrompt, type SentenceFill } from '../flows/sentences/sentence.js';
import { ENDED, stateInfo, type CompiledFlow } from '../flows/compile.js';
export type { CompiledFlow };
import { resolvePrompt } from '../flows/prompts.js';
import type { GatherSpeech, Reply, Wait } from '../twiml/reply.js';
import { speechFor, wordsFor, yesNoWords, type ResolvedSpeech } from '../flows/speech.js';

/** The part of a call kept between webhooks: the step it is in and its context. */
export interface CallState {
  state: string;
  context: CallContext;
}

export interface StepResult {
  call: CallState;
  reply: Reply;
  /** Every step entered on the way, pass-through steps included, in order. */
  entered: string[];
}

export const isEnded = (call: CallState): boolean => call.state === ENDED;

/** The initial call state, before CALL_STARTED. */
export function ringing(cf: CompiledFlow): CallState {
  const [snapshot] = initialTransition(cf.machine);
  return { state: snapshot.value as string, context: snapshot.context };
}

/**
 * One pure step: restore the call, apply one event with XState's `transition`, and describe what
 * Twilio must do next. No I/O; the same function serves webhooks, the simulator and scenario tests.
 */
export function stepCall(cf: CompiledFlow, call: CallState, event: CallEvent): StepResult {
  const before = cf.machine.resolveState({ value: call.state, context: call.context });
  const [after, actions] = transition(cf.machine, before, event);
  const next: CallState = { state: after.value as string, context: after.context };
  const utterances: Utterance[] = [];
  const effects: Effect[] = [];
  const entered: string[] = [];
  for (const a of actions) {
    if (a.type === 'enter') entered.push((a.params as { step: string }).step);
    else if (a.type === 'say') utterances.push(...(a.params as { utterances: Utterance[] }).utterances);
    else if (a.type === 'effect') effects.push(a.params as Effect);
  }
  if (next.state === ENDED && call.state !== ENDED) entered.push(ENDED);
  const hold = event.type === 'QUEUE_WAIT' ? { agentRinging: event.agentRinging === true } : undefined;
  return { call: next, reply: { utterances, effects, wait: waitOf(cf, next, event.type, hold) }, entered };
}

/** The step a state's meta names, of the kind it names (the meta was compiled from that very step). */
const stepOf = <K extends StepKind>(flow: Flow, info: { kind: K; step: string }) => flow.steps[info.step] as Extract<Step, { kind: K }>;

/** What a waitUrl request found (read in its transaction): an agent being rung for the caller. */
export interface HoldNews {
  agentRinging: boolean;
}

/** What the call is waiting for in its current step (also used to answer again without a step). */
export function waitOf(cf: CompiledFlow, call: CallState, eventType?: CallEvent['type'], hold?: HoldNews): Wait {
  const { flow } = cf;
  const info = stateInfo(cf, call.state);
  const ctx = call.context;
  switch (info.kind) {
    case 'ringing':
    case 'ended':
      return { kind: 'hangup' };
    case 'queue':
      return queueWait(flow, stepOf(flow, info), info.step, info.part, ctx, eventType, hold);
    case 'menu': {
      const step = stepOf(flow, info);
      const listen = (hints: string[]) => (hints.length ? { speech: gatherSpeech(speechFor(flow, step), ctx.language, hints) } : {});
      if ('part' in info) {
        // "Did you say billing? Press 1 or say yes. Press 2 or say no."
        const { yes, no } = yesNoWords(ctx.language);
        const prompt = sentencePrompt(flow, 'confirmChoice', ctx.language, { choice: ctx.confirming?.word ?? '' });
        return {
          kind: 'gather',
          step: call.state,
          prompt: resolvePrompt(prompt, ctx, flow),
          timeout: step.timeout,
          numDigits: 1,
          ...listen([...yes, ...no]),
        };
      }
      const keys = [...step.options.map((o) => o.key), ...(step.repeatKey ? [step.repeatKey] : [])];
      const lengths = new Set(keys.map((k) => k.length));
      return {
        kind: 'gather',
        step: call.state,
        prompt: resolvePrompt(step.prompt, ctx, flow),
        timeout: step.timeout,
        ...(lengths.size === 1 ? { numDigits: keys[0].length } : {}),
        ...listen([...new Set(step.options.flatMap((o) => wordsFor(o, ctx.language)))]),
      };
    }
    case 'survey': {
      const step = stepOf(flow, info);
      const ask = { kind: 'gather' as const, step: call.state, prompt: resolvePrompt(step.prompt, ctx, flow), timeout: step.timeout };
      const kind = step.surveyKind ?? 'csat';
      switch (kind) {
        case 'csat':
          return { ...ask, numDigits: 1 };
        case 'nps':
          // 10 is two keys, so no numDigits: the caller ends with # or the (short) time-out.
          return { ...ask, finishOnKey: '#' };
        case 'resolved': {
          const { yes, no } = yesNoWords(ctx.language);
          return {
            ...ask,
            numDigits: 1,
            ...(yes.length ? { speech: gatherSpeech(speechFor(flow, {}), ctx.language, [...yes, ...no]) } : {}),
          };
        }
        default:
          return assertNever(kind, 'survey kind');
      }
    }
    case 'transfer': {
      const step = stepOf(flow, info);
      return { kind: 'dial', step: call.state, to: step.to, timeout: step.timeout, ...(step.callerId ? { callerId: step.callerId } : {}) };
    }
    case 'voicemail': {
      const step = stepOf(flow, info);
      return {
        kind: 'record',
        step: call.state,
        prompt: resolvePrompt(step.prompt, ctx, flow),
        maxLength: step.maxLength,
        finishOnKey: step.finishOnKey,
      };
    }
    case 'lookup':
      return { kind: 'lookup', step: call.state };
    case 'text':
      return { kind: 'text-check', step: call.state };
    case 'say':
    case 'set':
    case 'branch':
      // Pass-through steps never hold a call; reaching one means the flow model is broken.
      throw new Error(`call stopped in pass-through step '${call.state}'`);
    default:
      return assertNever(info, 'state');
  }
}

/** Twilio's <Gather> speech settings for a menu, in the caller's language. */
function gatherSpeech(s: ResolvedSpeech, language: string, hints: string[]): GatherSpeech {
  return {
    language,
    hints,
    endTimeout: s.endTimeout,
    bargeIn: s.bargeIn,
    ...(s.model ? { model: s.model } : {}),
    ...(s.enhanced ? { enhanced: true } : {}),
  };
}

/** A queue step's waits: in Twilio's queue (enqueue, hold, the callback offer, leave) or out of it. */
function queueWait(
  flow: Flow,
  step: Extract<Step, { kind: 'queue' }>,
  name: string,
  part: QueuePart,
  ctx: CallContext,
  eventType?: CallEvent['type'],
  hold?: HoldNews,
): Wait {
  // "Press 1" for the caller's own number only when the callback policy allowed it (see offerCallback).
  const offered = ctx.queue?.offeredNumber;
  const say = (id: SentenceId, fill?: SentenceFill) => resolvePrompt(sentencePrompt(flow, id, ctx.language, fill), ctx, flow);
  const offer = () => (offered ? say('offerCallback', { number: { telephone: offered } }) : say('offerCallbackKeyIn'));
  const retry = () => (ctx.queue?.refusedNumbers ? say('callbackRetry') : offer());
  // Hold, the callback offer and leaving are waitUrl TwiML: answers to events from inside the queue
  // (waitUrl, keys on hold). Reached any other way (a recovery, a late request, a withdrawn agent
  // offer) the caller is not in the queue: put them (back) in.
  const inQueue = eventType === 'QUEUE_WAIT' || eventType === 'QUEUE_KEY';
  if (!inQueue && (part === 'arrival' || part === 'hold' || part === 'callback-offer' || part === 'leave')) {
    return { kind: 'enqueue', step: name, group: ctx.queue?.group || step.group };
  }
  switch (part) {
    case 'arrival':
    case 'hold':
      // The hold prompt (e.g. "all our agents are busy") is not said while an agent is being rung.
      return { kind: 'hold', step: name, prompt: hold?.agentRinging ? [] : resolvePrompt(step.hold, ctx, flow), music: step.music };
    case 'callback-offer':
      return { kind: 'gather', step: name, prompt: retry(), timeout: 10, finishOnKey: '#', inQueue: true };
    case 'callback-now':
      return { kind: 'gather', step: name, prompt: offer(), timeout: 10, finishOnKey: '#' };
    case 'leave':
      return { kind: 'leave', step: name };
    case 'voicemail':
      return {
        kind: 'record',
        step: name,
        prompt: say('voicemail'),
        maxLength: 120,
        finishOnKey: '#',
      };
    case 'connecting': {
      const c = connectOf(ctx, name);
      return {
        kind: 'connect',
        step: name,
        assignmentId: c.assignmentId,
        agent: c.agent,
        timeout: c.timeout,
        callerId: c.agent.kind === 'phone' ? ctx.dialled : ctx.caller,
      };
    }
    case 'transferred':
      // The centre's number as caller ID: the number called sees who transferred the call.
      return { kind: 'dial', step: name, to: ctx.queue?.transferNumber ?? '', timeout: 30, callerId: ctx.dialled };
    default:
      return assertNever(part, 'queue part');
  }
}
