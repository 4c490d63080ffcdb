import { and } from 'xstate';
import type { CallContext, CallEvent, Effect, QueueVisit } from './call-types.js';
import type { Prompt, Step, Target } from './model.js';
import {
  callbackNumberFromKeys,
  checkCallbackNumber,
  type CallbackRefusal,
  type CallbackRules,
  type CallbackVerdict,
} from './callback-policy.js';
import type { SentenceId } from './sentences/ids.js';
import type { SentenceFill } from './sentences/sentence.js';
import { announcement, announcementDue } from './hold-announcement.js';

type QueueStep = Extract<Step, { kind: 'queue' }>;
type Args = { context: CallContext; event: CallEvent };
// Loose shapes: the compiler types transitions; here they are only built.
type Transition = Record<string, unknown>;

/** What the compiler hands the queue states: its action builders. */
export interface Builders {
  say(prompt: Prompt | ((args: Args) => Prompt)): unknown;
  effect(make: (ctx: CallContext, event: CallEvent) => Effect): unknown;
  go(t: Target, actions?: unknown[]): Transition;
  only(actions: unknown[]): Transition;
  to(state: string, actions?: unknown[]): Transition;
  ended(actions?: unknown[]): Transition;
  priorityOf(ctx: CallContext): number;
  /** One of Switchboard's sentences in the caller's language (the flow's own text or the built-in one). */
  sentence(id: SentenceId, language: string, fill?: SentenceFill): Prompt;
  /** The centre's callback policy. */
  callbacks: CallbackRules;
}

/** Sub-states of a queue step `X`, named `X#…` (the stored state value; read them with stateInfo, never by parsing). */
export const QUEUE_SUBSTATES = ['hold', 'callback-offer', 'callback-now', 'leave', 'voicemail', 'connecting', 'transferred'] as const;
export type QueueSubstate = (typeof QUEUE_SUBSTATES)[number];
/** Which part of a queue step a state is: `arrival` is the step's own state `X`, the others its sub-states. */
export type QueuePart = 'arrival' | QueueSubstate;
export const subState = (step: string, sub: QueueSubstate) => `${step}#${sub}`;
const stateKey = (step: string, part: QueuePart) => (part === 'arrival' ? step : subState(step, part));

const visit = (ctx: CallContext): QueueVisit => ctx.queue ?? { group: '', tried: [] };

/** The agent being rung for a caller in `X#connecting` (CONNECT_AGENT always sets it on the way in). */
export function connectOf(ctx: CallContext, step: string): NonNullable<QueueVisit['connect']> {
  const c = ctx.queue?.connect;
  if (!c) throw new Error(`call in '${subState(step, 'connecting')}' has no agent to connect`);
  return c;
}

const overflowOf = (event: CallEvent) =>
  event.type === 'QUEUE_WAIT' || event.type === 'QUEUE_NO_STAFF' || event.type === 'QUEUE_OVERFLOW' ? event.overflow : undefined;

/** Numbers a caller may have refused in one callback offer before it gives up. */
export const MAX_CALLBACK_TRIES = 3;

/** The number a caller chose for their callback (1: the offered own number; else digits keyed), checked against the policy. */
export function chosenCallback({ context, event }: Args, rules: CallbackRules): CallbackVerdict {
  if (event.type !== 'DIGITS' && event.type !== 'QUEUE_KEY') return { ok: false, reason: 'invalid' };
  const offered = visit(context).offeredNumber;
  if (event.digits === '1' && offered) return { ok: true, number: offered };
  return callbackNumberFromKeys(event.digits, rules, context.dialled);
}

/** What a caller hears when their number is refused, by why. */
const REFUSAL_MESSAGE: Record<CallbackRefusal, SentenceId> = {
  invalid: 'badNumber',
  country: 'callbackCountry',
  'blocked-prefix': 'callbackBlocked',
  'number-type': 'callbackBlocked',
};

/** Assign-actions for queue visits (pure updates of the call's context). */
export const queueAssigns = {
  startVisit: ({ context }: Args, params: { group: string }): Partial<CallContext> =>
    // Coming back from a failed ring (or another group) keeps the visit; a fresh arrival starts one.
    // Rejoining Twilio's queue restarts its queue time, so the announcement cadence restarts too.
    context.queue && context.queue.tried.includes(params.group)
      ? {
          queue: {
            ...context.queue,
            connect: undefined,
            leaving: undefined,
            ...(context.queue.announcedAt !== undefined ? { announcedAt: 0 } : {}),
            ...(context.queue.connect || context.queue.rejoined ? { rejoined: true } : {}),
          },
        }
      : { queue: { group: params.group, tried: [params.group] } },
  noteAnnounced: ({ context, event }: Args): Partial<CallContext> => {
    if (event.type !== 'QUEUE_WAIT') return {};
    const q = visit(context);
    return { queue: { ...q, announcedAt: event.queueTime ?? 0, announcedPosition: announcement(q, event).told } };
  },
  /** Entering a callback offer: the caller's own number is offered only if it may be called back. */
  offerCallback: ({ context }: Args, params: { rules: CallbackRules }): Partial<CallContext> => {
    const own = checkCallbackNumber(context.caller, params.rules, context.dialled);
    return { queue: { ...visit(context), offeredNumber: own.ok ? own.number : undefined, refusedNumbers: undefined } };
  },
  noteRefusedNumber: ({ context }: Args): Partial<CallContext> => ({
    queue: { ...visit(context), refusedNumbers: (visit(context).refusedNumbers ?? 0) + 1 },
  }),
  chooseLeaving: (args: Args, params: { reason: 'voicemail' | 'callback' | 'group'; rules?: CallbackRules }): Partial<CallContext> => {
    const { context, event } = args;
    const q = visit(context);
    if (params.reason === 'callback') {
      const chosen = chosenCallback(args, params.rules!);
      return { queue: { ...q, leaving: 'callback', callbackNumber: chosen.ok ? chosen.number : undefined, refusedNumbers: undefined } };
    }
    const overflow = overflowOf(event);
    return { queue: { ...q, leaving: params.reason, ...(overflow?.action === 'group' ? { nextGroup: overflow.group } : {}) } };
  },
  moveGroup: ({ context }: Args): Partial<CallContext> => {
    const q = visit(context);
    const group = q.nextGroup ?? q.group;
    // A new group is a new line: its position is news, and Twilio's queue time restarts.
    return { queue: { group, tried: [...q.tried, group] } };
  },
  /** A transfer to a group is a move to its queue (a new line, as on overflow); to a number, the number to dial. */
  transferTo: ({ context, event }: Args): Partial<CallContext> => {
    if (event.type !== 'TRANSFER') return {};
    const q = visit(context);
    if ('number' in event.to) return { queue: { ...q, connect: undefined, transferNumber: event.to.number } };
    const group = event.to.group;
    return { queue: { group, tried: q.tried.includes(group) ? q.tried : [...q.tried, group] } };
  },
  setConnect: ({ context, event }: Args): Partial<CallContext> =>
    event.type === 'CONNECT_AGENT'
      ? { queue: { ...visit(context), connect: { assignmentId: event.assignmentId, agent: event.agent, timeout: event.timeout } } }
      : {},
};

export const queueGuards = {
  overflowIs: ({ context, event }: Args, params: { action: 'voicemail' | 'callback' | 'group' }) => {
    const o = overflowOf(event);
    // Overflow to a group already tried in this call would go round in circles: use voicemail then.
    const circular = o?.action === 'group' && visit(context).tried.includes(o.group);
    return params.action === 'voicemail' ? o?.action === 'voicemail' || circular : o?.action === params.action && !circular;
  },
  announceDue: ({ context, event }: Args) => event.type === 'QUEUE_WAIT' && announcementDue(visit(context), event),
  agentRinging: ({ event }: Args) => event.type === 'QUEUE_WAIT' && event.agentRinging === true,
  leavingIs: ({ context }: Args, params: { reason: string }) => visit(context).leaving === params.reason,
  callbackAccepted: (args: Args, params: { rules: CallbackRules }) => chosenCallback(args, params.rules).ok,
  callbackTriesLeft: ({ context }: Args) => (visit(context).refusedNumbers ?? 0) + 1 < MAX_CALLBACK_TRIES,
  bridged: ({ event }: Args) => event.type === 'DIAL_RESULT' && event.bridged === true,
  transferToNumber: ({ event }: Args) => event.type === 'TRANSFER' && 'number' in event.to,
  callerGone: ({ event }: Args) => event.type === 'DIAL_RESULT' && event.callerGone === true,
};

/**
 * The queue experience as states: hold (announcements, music, * for a callback, 1 for voicemail),
 * the callback offer, leaving the queue, voicemail, and ringing an agent. Routing drives it with
 * CONNECT_AGENT (an agent was reserved) and DIAL_RESULT (how the ring went).
 */
export function queueStates(name: string, step: QueueStep, b: Builders): Record<string, object> {
  // Said in the caller's language at the moment it is said (they may have chosen it in a menu).
  const msg =
    (id: SentenceId, fill?: (args: Args) => SentenceFill) =>
    (args: Args): Prompt =>
      b.sentence(id, args.context.language, fill?.(args));
  const booked = msg('callbackBooked', ({ context }) => ({ number: { telephone: visit(context).callbackNumber ?? '' } }));
  const exit = (reason: 'voicemail' | 'callback' | 'group') =>
    b.effect((ctx) => ({
      type: 'queue-exit',
      step: name,
      reason,
      ...(reason === 'callback' ? { callbackNumber: visit(ctx).callbackNumber } : {}),
    }));
  const enqueue = b.effect((ctx) => ({ type: 'enqueue', step: name, group: visit(ctx).group || step.group, priority: b.priorityOf(ctx) }));
  const rules = b.callbacks;
  const choose = (reason: 'voicemail' | 'callback' | 'group') => ({
    type: 'chooseLeaving',
    params: reason === 'callback' ? { reason, rules } : { reason },
  });
  const leaveFor = (reason: 'voicemail' | 'callback' | 'group') => b.to(subState(name, 'leave'), [choose(reason), exit(reason)]);
  // A refused callback number: kept in the call's log (and counted at the edge), explained to the caller.
  const refused = (offer: string) => [
    b.effect((ctx, e) => {
      const v = chosenCallback({ context: ctx, event: e }, rules);
      return {
        type: 'callback-refused',
        step: offer,
        reason: v.ok ? 'invalid' : v.reason,
        keyed: e.type === 'DIGITS' || e.type === 'QUEUE_KEY' ? e.digits.replace(/#$/, '') : '',
        ...(!v.ok && v.number ? { number: v.number } : {}),
      };
    }),
    b.say((args) => {
      const v = chosenCallback(args, rules);
      return msg(REFUSAL_MESSAGE[v.ok ? 'invalid' : v.reason])(args);
    }),
  ];
  const offering = [{ type: 'offerCallback', params: { rules } }];
  const callbackKeys = { type: 'callbackAccepted', params: { rules } };
  const connect = { CONNECT_AGENT: b.to(subState(name, 'connecting'), ['setConnect']) };
  const hungUp = { guard: { type: 'queueResultIn', params: { results: ['hangup'] } }, ...b.ended() };
  const left = (reason: string) =>
    and([
      { type: 'queueResultIn', params: { results: ['leave'] } },
      { type: 'leavingIs', params: { reason } },
    ]);
  const overflow = (event: 'QUEUE_WAIT' | 'QUEUE_NO_STAFF' | 'QUEUE_OVERFLOW') => {
    const inQueue = event === 'QUEUE_WAIT';
    return [
      {
        guard: { type: 'overflowIs', params: { action: 'voicemail' } },
        ...(inQueue ? leaveFor('voicemail') : b.to(subState(name, 'voicemail'), [exit('voicemail'), b.say(msg('unavailable'))])),
      },
      {
        guard: { type: 'overflowIs', params: { action: 'callback' } },
        ...(inQueue ? b.to(subState(name, 'callback-offer')) : b.to(subState(name, 'callback-now'), [b.say(msg('unavailable'))])),
      },
      {
        guard: { type: 'overflowIs', params: { action: 'group' } },
        ...(inQueue ? leaveFor('group') : b.to(name, [{ type: 'chooseLeaving', params: { reason: 'group' } }, 'moveGroup'])),
      },
    ];
  };
  const announce = b.say((args) =>
    args.event.type === 'QUEUE_WAIT'
      ? announcement(visit(args.context), args.event).sentences.flatMap(([id, fill]) => msg(id, fill && (() => fill))(args))
      : [],
  );
  // The wait just announced, as heard, kept to be scored against the caller's real wait (none is
  // kept when the caller heard that there is no estimate yet).
  const announced = b.effect((ctx, e) => {
    const wait = e.type === 'QUEUE_WAIT' ? announcement(visit(ctx), e).wait : undefined;
    return {
      type: 'wait-announced',
      step: name,
      entryId: e.type === 'QUEUE_WAIT' ? e.entryId : undefined,
      position: e.type === 'QUEUE_WAIT' ? (e.position ?? 1) : 1,
      ...(wait ? { spokenMinutes: wait.minutes, estimateSeconds: wait.seconds } : {}),
    };
  });

  // What the caller can do while in Twilio's queue, on hold.
  const holding = {
    // An agent is being rung (or is free to take them): that, not the hold prompt (see queueWait in step.ts).
    QUEUE_WAIT: [
      { guard: 'agentRinging', ...b.only([b.say(msg('ringingAgent'))]) },
      ...overflow('QUEUE_WAIT'),
      { guard: 'announceDue', ...b.only([announce, announced, 'noteAnnounced']) },
      b.only([]),
    ],
    // Redirected out of Twilio's queue at the maximum wait (REST): overflow as when nobody is there.
    QUEUE_OVERFLOW: overflow('QUEUE_OVERFLOW'),
    // Keys pressed while holding arrive as QUEUE_KEY (the hold music's <Gather>).
    QUEUE_KEY: [
      { guard: { type: 'keyIs', params: { key: '*' } }, ...b.to(subState(name, 'callback-offer')) },
      { guard: { type: 'keyIs', params: { key: '1' } }, ...leaveFor('voicemail') },
      b.only([]),
    ],
    ...connect,
    QUEUE_RESULT: [
      { guard: { type: 'queueResultIn', params: { results: ['bridged', 'redirected-from-bridged'] } }, ...b.go(step.then) },
      hungUp,
      { guard: { type: 'queueResultIn', params: { results: ['queue-full', 'error', 'system-error'] } }, ...b.go(step.onFailure) },
    ],
  };

  // How the agent's ring ended, for the routing lifecycle to end the offer (talked, missed, or withdrawn).
  const dialEnded = b.effect((ctx, e) => ({
    type: 'agent-dial-ended',
    assignmentId: connectOf(ctx, name).assignmentId,
    status: e.type === 'DIAL_RESULT' ? e.status : '',
    callerGone: e.type === 'DIAL_RESULT' && e.callerGone === true,
  }));

  // The agent transferred the caller: the offer ends (the agent wraps up) and the caller goes on.
  const transferred = b.effect((_ctx, e) => ({
    type: 'call-transferred',
    assignmentId: e.type === 'TRANSFER' ? e.assignmentId : 0,
    to: e.type === 'TRANSFER' ? e.to : { group: '' },
  }));
  const transferring = b.say(msg('transferring'));

  const parts: Record<QueuePart, object> = {
    // Arriving: the step's prompt, then into the queue (and its entry in the database).
    arrival: {
      entry: [b.say(step.prompt), { type: 'startVisit', params: { group: step.group } }, enqueue],
      on: { ...holding, QUEUE_NO_STAFF: overflow('QUEUE_NO_STAFF') },
    },
    // Back on hold from the callback offer: still in the queue, so nothing to announce or enqueue.
    hold: { on: holding },
    // In the queue (waitUrl): offer a callback at the caller's number (when the policy allows it) or
    // one they key in; a refused number may be followed by another, or * goes back to hold.
    'callback-offer': {
      entry: offering,
      on: {
        QUEUE_KEY: [
          { guard: { type: 'keyIs', params: { key: '*' } }, ...b.to(subState(name, 'hold')) },
          { guard: callbackKeys, ...leaveFor('callback') },
          { guard: 'callbackTriesLeft', ...b.only(['noteRefusedNumber', ...refused(subState(name, 'callback-offer'))]) },
          b.to(subState(name, 'hold'), refused(subState(name, 'callback-offer'))),
        ],
        QUEUE_WAIT: b.to(subState(name, 'hold')),
        ...connect,
        QUEUE_RESULT: [hungUp],
      },
    },
    // Not in the queue (nobody to take the call): the same offer, with voicemail as the way out.
    'callback-now': {
      entry: offering,
      on: {
        DIGITS: [
          { guard: callbackKeys, ...b.ended([choose('callback'), exit('callback'), b.say(booked)]) },
          { guard: 'callbackTriesLeft', ...b.only(['noteRefusedNumber', ...refused(subState(name, 'callback-now'))]) },
          b.to(subState(name, 'voicemail'), [exit('voicemail'), ...refused(subState(name, 'callback-now'))]),
        ],
        NO_INPUT: b.to(subState(name, 'voicemail'), [exit('voicemail')]),
      },
    },
    leave: {
      on: {
        // After <Leave/>: voicemail, the callback goodbye, or the next group's queue.
        QUEUE_RESULT: [
          hungUp,
          { guard: left('voicemail'), ...b.to(subState(name, 'voicemail')) },
          { guard: left('callback'), ...b.ended([b.say(booked)]) },
          { guard: left('group'), ...b.to(name, ['moveGroup']) },
        ],
        QUEUE_WAIT: b.only([]),
        // Overflowing to another group, the entry is still open: an agent may be found meanwhile.
        ...connect,
      },
    },
    voicemail: {
      on: {
        RECORDED: b.ended([
          b.effect((ctx, e) => ({
            type: 'recording',
            step: subState(name, 'voicemail'),
            url: e.type === 'RECORDED' ? e.url : '',
            duration: e.type === 'RECORDED' ? e.duration : 0,
            group: visit(ctx).group,
          })),
          b.say(msg('voicemailThanks')),
        ]),
        NO_INPUT: b.ended([b.say(msg('voicemailThanks'))]),
      },
    },
    connecting: {
      on: {
        DIAL_RESULT: [
          { guard: 'bridged', ...b.go(step.then, [dialEnded]) },
          { guard: 'callerGone', ...b.ended([dialEnded]) },
          b.to(name, [dialEnded, b.say(msg('reconnect'))]),
        ],
        // To a group: its queue, as on arrival (transfer_call already queued them there keeping their place).
        TRANSFER: [
          { guard: 'transferToNumber', ...b.to(subState(name, 'transferred'), [transferred, 'transferTo', transferring]) },
          b.to(name, [transferred, 'transferTo', transferring]),
        ],
      },
    },
    // Transferred to a number: the caller's TwiML dials it; when that call ends, so does theirs. A
    // number that does not answer puts them back in line in their group (as a new arrival).
    transferred: {
      on: {
        DIAL_RESULT: [
          { guard: 'dialAnswered', ...b.ended() },
          { guard: 'callerGone', ...b.ended() },
          b.to(name, [b.say(msg('transferFailed'))]),
        ],
      },
    },
  };
  // Each state says which step and part it is (its XState meta), so nobody parses `X#…` names.
  const withMeta = ([part, config]: [QueuePart, object]) => [
    stateKey(name, part),
    { ...config, meta: { kind: 'queue', step: name, part } },
  ];
  return Object.fromEntries((Object.entries(parts) as [QueuePart, object][]).map(withMeta));
}
