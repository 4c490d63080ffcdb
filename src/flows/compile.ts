import { assign, setup, type TransitionConfig } from 'xstate';
import { assertNever } from '../assert-never.js';
import type { CallContext, CallEvent, Effect, Utterance } from './call-types.js';
import { DEFAULT_CALLBACK_RULES, type CallbackRules } from './callback-policy.js';
import { queueAssigns, queueGuards, queueStates, type Builders, type QueuePart } from './compile-queue.js';
import { evaluate } from './conditions.js';
import { menuSpeech, speechAssigns, speechGuards, type SpeechBuilders } from './compile-speech.js';
import { speechFor } from './speech.js';
import {
  HANGUP,
  type Condition,
  type Flow,
  type Prompt,
  type RetryRule,
  type Scalar,
  type Step,
  type StepKind,
  type Target,
} from './model.js';
import { fillPlaceholders, resolvePrompt, variablesOf } from './prompts.js';
import { sentencePrompt } from './sentences/sentence.js';
import { confirmWithScore, surveyScore, type SurveyKind } from './survey-kinds.js';

/** The state a call is in before its first webhook, and the one it ends in. */
export const RINGING = '$ringing';
export const ENDED = '$ended';

const stateOf = (goto: string) => (goto === HANGUP ? ENDED : goto);

/**
 * What a compiled state is, kept as its state node's XState `meta`: the flow step it belongs to
 * (`step` is the state itself for ringing and ended), the step's kind, and for a queue step which
 * part of it. Read it with stateInfo; the stored state value (e.g. `billing#connecting`) is never parsed.
 */
export type StateMeta =
  | { kind: 'ringing' | 'ended'; step: string }
  | { [K in Exclude<StepKind, 'queue'>]: { kind: K; step: string } }[Exclude<StepKind, 'queue'>]
  | { kind: 'menu'; step: string; part: 'confirm' }
  | { kind: 'queue'; step: string; part: QueuePart };

/** Lookup answers are saved by path, e.g. `customer.tier`. Only plain values are kept. */
function pick(data: unknown, path: string): Scalar | undefined {
  let v: unknown = data;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
}

function applyValues(ctx: CallContext, values: Record<string, Scalar>): Partial<CallContext> {
  const vars = { ...ctx.vars };
  let language = ctx.language;
  for (const [k, v] of Object.entries(values)) {
    const value = typeof v === 'string' ? fillPlaceholders(v, variablesOf(ctx)) : v;
    if (k === 'language') language = String(value);
    else vars[k] = value;
  }
  return { vars, language };
}

export function priorityOf(priority: number | string, ctx: CallContext): number {
  if (typeof priority === 'number') return priority;
  const n = Number(ctx.vars[priority.slice(1, -1)]);
  return Number.isFinite(n) ? Math.max(0, Math.min(100, Math.round(n))) : 0;
}

/**
 * Builds the XState machine for a flow. Every step is a state; steps that do not wait for Twilio
 * pass straight through with `always`. What the caller hears and what must be stored come back as
 * actions (data) from XState's pure `transition`, never executed inside the machine.
 */
export function compileMachine(flow: Flow, opts: CompileOptions = {}) {
  const machineSetup = setup({
    types: {} as { context: CallContext; events: CallEvent; meta: StateMeta },
    actions: {
      // Data-only actions: read from the list `transition` returns, so they do nothing here.
      say: (_args, _params: { utterances: Utterance[] }) => {},
      effect: (_args, _params: Effect) => {},
      enter: (_args, _params: { step: string }) => {},
      startCall: assign(({ event, context }) =>
        event.type === 'CALL_STARTED'
          ? { caller: event.caller, dialled: event.dialled, ...(event.known ? { vars: { ...context.vars, ...event.known } } : {}) }
          : {},
      ),
      applySet: assign(({ context }, params: { values: Record<string, Scalar> }) => applyValues(context, params.values)),
      resetCounters: assign({ noInput: 0, invalid: 0 }),
      countNoInput: assign(({ context }) => ({ noInput: context.noInput + 1 })),
      countInvalid: assign(({ context }) => ({ invalid: context.invalid + 1 })),
      notePath: assign(({ context }, params: { entry: string }) => ({ path: [...context.path, params.entry].slice(-20) })),
      startVisit: assign(queueAssigns.startVisit),
      noteAnnounced: assign(queueAssigns.noteAnnounced),
      chooseLeaving: assign(queueAssigns.chooseLeaving),
      offerCallback: assign(queueAssigns.offerCallback),
      noteRefusedNumber: assign(queueAssigns.noteRefusedNumber),
      moveGroup: assign(queueAssigns.moveGroup),
      setConnect: assign(queueAssigns.setConnect),
      transferTo: assign(queueAssigns.transferTo),
      askConfirm: assign(speechAssigns.askConfirm),
      clearConfirm: assign(speechAssigns.clearConfirm),
      enterMenu: assign(speechAssigns.enterMenu),
      saveLookup: assign(({ context, event }, params: { save: Record<string, string> }) => {
        if (event.type !== 'LOOKUP_RESULT') return {};
        const vars = { ...context.vars };
        for (const [name, path] of Object.entries(params.save)) {
          const v = pick(event.data, path);
          if (v !== undefined) vars[name] = v;
        }
        return { vars };
      }),
    },
    guards: {
      keyIs: ({ event }, params: { key: string }) => (event.type === 'DIGITS' || event.type === 'QUEUE_KEY') && event.digits === params.key,
      lastAttempt: ({ context }, params: { counter: 'noInput' | 'invalid'; attempts: number }) =>
        context[params.counter] + 1 >= params.attempts,
      condition: ({ context, event }, params: { when: Condition }) =>
        evaluate(params.when, { vars: variablesOf(context), at: event.at }, flow),
      isSurveyAnswer: ({ context, event }, params: { surveyKind: SurveyKind; scale: number }) =>
        surveyScore(params, event, context.language) !== undefined,
      queueResultIn: ({ event }, params: { results: string[] }) => event.type === 'QUEUE_RESULT' && params.results.includes(event.result),
      dialAnswered: ({ event }) => event.type === 'DIAL_RESULT' && (event.status === 'completed' || event.status === 'answered'),
      lookupOk: ({ event }) => event.type === 'LOOKUP_RESULT' && event.ok,
      textOk: ({ event }) => event.type === 'TEXT_CHECKED' && event.ok,
      ...queueGuards,
      ...speechGuards,
    },
  });

  type Transition = TransitionConfig<CallContext, CallEvent, CallEvent, never, never, never, never, never, never>;
  type Action = NonNullable<Transition['actions']>;

  const say = (prompt: Prompt | ((args: { context: CallContext; event: CallEvent }) => Prompt)) => ({
    type: 'say' as const,
    params: (args: { context: CallContext; event: CallEvent }) => ({
      utterances: resolvePrompt(typeof prompt === 'function' ? prompt(args) : prompt, args.context, flow),
    }),
  });
  const effect = (make: (ctx: CallContext, event: CallEvent) => Effect) => ({
    type: 'effect' as const,
    params: ({ context, event }: { context: CallContext; event: CallEvent }) => make(context, event),
  });
  const go = (t: Target, actions: unknown[] = []): Transition => ({
    target: stateOf(t.goto),
    reenter: true,
    actions: [...actions, ...(t.set ? [{ type: 'applySet', params: { values: t.set } }] : [])] as Action,
  });
  const only = (actions: unknown[]): Transition => ({ actions: actions as Action });
  const to = (state: string, actions: unknown[] = []): Transition => ({ target: state, reenter: true, actions: actions as Action });

  /** Shared by menus and surveys: wrong keys and silence, each with its own count and exit. */
  const retries = (invalid: RetryRule, noInput: RetryRule) => ({
    invalid: [
      {
        guard: { type: 'lastAttempt', params: { counter: 'invalid', attempts: invalid.attempts } },
        ...go(invalid.then, [say(invalid.say)]),
      },
      only(['countInvalid', say(invalid.say)]),
    ] as Transition[],
    NO_INPUT: [
      {
        guard: { type: 'lastAttempt', params: { counter: 'noInput', attempts: noInput.attempts } },
        ...go(noInput.then, [say(noInput.say)]),
      },
      only(['countNoInput', say(noInput.say)]),
    ] as Transition[],
  });

  /** The states a step compiles to: one, or a queue step's several. */
  const statesFor = (name: string, step: Step): Record<string, object> => {
    if (step.kind === 'menu') return menuStates(name, step);
    if (step.kind !== 'queue') return { [name]: stateFor(name, step) };
    const builders: Builders = {
      say,
      effect,
      go: go as Builders['go'],
      only: only as Builders['only'],
      to: to as Builders['to'],
      ended: (actions = []) => to(ENDED, actions) as ReturnType<Builders['to']>,
      priorityOf: (c) => priorityOf(step.priority, c),
      sentence: (id, language, fill) => sentencePrompt(flow, id, language, fill),
      callbacks: opts.callbacks ?? DEFAULT_CALLBACK_RULES,
    };
    return queueStates(name, step, builders);
  };

  /** A menu's state, and its "Did you say …?" state when low-confidence speech is confirmed. */
  const menuStates = (name: string, step: Extract<Step, { kind: 'menu' }>): Record<string, object> => {
    const r = retries(step.invalid, step.noInput);
    const chosen = (key: string) => [{ type: 'notePath', params: { entry: `${name}:${key}` } }];
    const options = step.options.map((o) => ({ guard: { type: 'keyIs', params: { key: o.key } }, ...go(o.target, chosen(o.key)) }));
    const repeat = step.repeatKey ? [{ guard: { type: 'keyIs', params: { key: step.repeatKey } }, ...only([]) }] : [];
    const speech = menuSpeech(name, step, speechFor(flow, step), {
      say,
      go: go as SpeechBuilders['go'],
      to: to as SpeechBuilders['to'],
      chosen,
    });
    const menu = {
      entry: ['enterMenu'],
      on: { DIGITS: [...options, ...repeat, ...r.invalid], SPEECH: [...speech.SPEECH, ...r.invalid], NO_INPUT: r.NO_INPUT },
    };
    return { [name]: menu, ...speech.states };
  };

  const stateFor = (name: string, step: Exclude<Step, { kind: 'queue' }>) => {
    switch (step.kind) {
      case 'say':
        return { entry: [say(step.prompt)], always: go(step.next) };
      case 'set':
        return { entry: [{ type: 'applySet', params: { values: step.values } }], always: go(step.next) };
      case 'branch':
        return {
          always: [
            ...step.cases.map((c) => ({ guard: { type: 'condition', params: { when: c.when } }, ...go(c.target) })),
            go(step.otherwise),
          ],
        };
      case 'lookup':
        return {
          on: {
            LOOKUP_RESULT: [
              { guard: 'lookupOk', ...go(step.next, [{ type: 'saveLookup', params: { save: step.save } }]) },
              go(step.onFailure),
            ],
          },
        };
      case 'menu':
        return menuStates(name, step)[name];
      case 'survey': {
        const r = retries(step.invalid, step.noInput);
        const kind = step.surveyKind ?? 'csat';
        const spec = { surveyKind: kind, scale: step.scale };
        const scoreOf = (c: CallContext, e: CallEvent) => surveyScore(spec, e, c.language) ?? 0;
        const answered = effect((c, e) => ({ type: 'survey', step: name, kind, score: scoreOf(c, e) }));
        // The flow's own read-back, else (NPS: 10 is two keys, so say what was understood) the npsConfirm sentence.
        const confirm = say(({ context, event }) => {
          const score = scoreOf(context, event);
          if (step.confirm) return confirmWithScore(step.confirm, score);
          return kind === 'nps' ? sentencePrompt(flow, 'npsConfirm', context.language, { score }) : [];
        });
        const answer = [{ guard: { type: 'isSurveyAnswer', params: spec }, ...go(step.then, [answered, confirm]) }];
        return {
          // Asking counts (the response rate's denominator) once per entry; retries stay in the step.
          entry: ['resetCounters', effect(() => ({ type: 'survey-asked', step: name, kind }))],
          on: { DIGITS: [...answer, ...r.invalid], SPEECH: [...answer, ...r.invalid], NO_INPUT: r.NO_INPUT },
        };
      }
      case 'transfer':
        return { entry: [say(step.prompt)], on: { DIAL_RESULT: [{ guard: 'dialAnswered', ...go(step.then) }, go(step.onFailure)] } };
      case 'voicemail': {
        const saved = effect((_c, e) =>
          e.type === 'RECORDED'
            ? { type: 'recording', step: name, url: e.url, duration: e.duration }
            : { type: 'recording', step: name, url: '', duration: 0 },
        );
        return { on: { RECORDED: go(step.then, [saved]), NO_INPUT: go(step.then) } };
      }
      case 'text': {
        const sent = effect((c) => ({
          type: 'text-message',
          step: name,
          to: c.caller,
          from: step.from ?? c.dialled,
          body: fillPlaceholders(step.body[c.language] ?? step.body[flow.languages[0]], variablesOf(c)),
          language: c.language,
        }));
        const sorry = say(({ context }) => sentencePrompt(flow, 'textUnavailable', context.language));
        const unavailable = step.unavailable ? go(step.unavailable) : go(step.then, [sorry]);
        return { on: { TEXT_CHECKED: [{ guard: 'textOk', ...go(step.then, [sent, say(step.prompt)]) }, unavailable] } };
      }
      default:
        return assertNever(step, 'step');
    }
  };

  const states: Record<string, object> = {
    [RINGING]: { on: { CALL_STARTED: { target: stateOf(flow.start), actions: 'startCall' } }, meta: { kind: 'ringing', step: RINGING } },
    [ENDED]: { type: 'final', meta: { kind: 'ended', step: ENDED } },
  };
  for (const [name, step] of Object.entries(flow.steps)) {
    for (const [key, config] of Object.entries(statesFor(name, step))) {
      const state = config as { entry?: unknown[]; meta?: StateMeta };
      // Entering a step is reported as data too, so a step's path through pass-through steps is known.
      const entry = [{ type: 'enter', params: { step: key } }, ...(state.entry ?? [])];
      states[key] = { ...state, entry, meta: state.meta ?? { kind: step.kind, step: name } };
    }
  }

  return machineSetup.createMachine({
    id: flow.id,
    initial: RINGING,
    context: { caller: '', dialled: '', language: flow.languages[0], vars: {}, noInput: 0, invalid: 0, path: [] },
    // From any state, ended included (a late status callback): what routing holds for the caller is released.
    on: { HUNG_UP: { target: `.${ENDED}`, ...only([effect(() => ({ type: 'caller-gone' }))]) } },
    states: states as never,
  });
}

export type FlowMachine = ReturnType<typeof compileMachine>;

/** A flow version ready to run: compiled once per content hash, never on the hot path. */
export interface CompiledFlow {
  flow: Flow;
  hash: string;
  machine: FlowMachine;
}

/** What a flow is compiled with besides its own definition: the centre's settings. */
export interface CompileOptions {
  /** The centre's callback policy (default: the built-in one). */
  callbacks?: CallbackRules;
}

export function compileFlow(flow: Flow, hash: string, opts: CompileOptions = {}): CompiledFlow {
  return { flow, hash, machine: compileMachine(flow, opts) };
}

/** What the call's stored state is (its state node's meta); throws for a state this flow version does not have. */
export function stateInfo(cf: CompiledFlow, state: string): StateMeta {
  const meta = cf.machine.states[state]?.meta;
  if (!meta) throw new Error(`flow ${cf.flow.id} (version ${cf.hash}) has no state '${state}'`);
  return meta;
}
