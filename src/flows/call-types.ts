import type { CallbackRefusal } from './callback-policy.js';
import type { Language, Scalar } from './model.js';

/** What a running call remembers between webhooks (persisted with its snapshot; keep it small). */
export interface CallContext {
  caller: string;
  dialled: string;
  language: Language;
  vars: Record<string, Scalar>;
  /** No-input and invalid-key counts in the current menu or survey. */
  noInput: number;
  invalid: number;
  /** The menu choices taken so far, e.g. "main-menu:1" (the agent's screen pop shows it). */
  path: string[];
  /** While the caller is in a queue step: where they are and what they chose there. */
  queue?: QueueVisit;
}

export type Overflow = { action: 'voicemail' } | { action: 'callback' } | { action: 'group'; group: string };
export type AgentContact = { kind: 'phone' | 'client' | 'sip'; contact: string };

export interface QueueVisit {
  /** The skill group the caller waits in (an overflow can move them to another). */
  group: string;
  /** Groups already tried, so overflow never goes round in a circle. */
  tried: string[];
  /** Queue time (s) of the last position announcement. */
  announcedAt?: number;
  /** Why the caller is leaving the queue, once they chose. */
  leaving?: 'voicemail' | 'callback' | 'group';
  nextGroup?: string;
  callbackNumber?: string;
  /** The caller's own number, offered as "press 1" only when the callback policy allows calling it. */
  offeredNumber?: string;
  /** Numbers refused during this callback offer (the caller may try a few). */
  refusedNumbers?: number;
  /** The agent being rung for this caller. */
  connect?: { assignmentId: number; agent: AgentContact; timeout: number };
}

/** One Twilio request (or one lookup answer) is one event. `at` is when it happened (ms). */
export type CallEvent =
  | {
      type: 'CALL_STARTED';
      at: number;
      caller: string;
      dialled: string;
      /** What the centre knows about the caller from before (open_case, last_nps, …): the call starts with these variables. */
      known?: Record<string, Scalar>;
    }
  | { type: 'DIGITS'; at: number; digits: string }
  | { type: 'SPEECH'; at: number; speech: string; confidence?: number }
  | { type: 'NO_INPUT'; at: number }
  | {
      type: 'QUEUE_WAIT';
      at: number;
      position?: number;
      queueTime?: number;
      etaSeconds?: number;
      announceEvery?: number;
      overflow?: Overflow;
    }
  | { type: 'QUEUE_NO_STAFF'; at: number; overflow: Overflow }
  /** The reconciler took a caller past the maximum wait out of Twilio's queue (REST redirect) to overflow. */
  | { type: 'QUEUE_OVERFLOW'; at: number; overflow?: Overflow }
  | { type: 'QUEUE_KEY'; at: number; digits: string }
  | { type: 'CONNECT_AGENT'; at: number; assignmentId: number; agent: AgentContact; timeout: number }
  | { type: 'QUEUE_RESULT'; at: number; result: string }
  | { type: 'DIAL_RESULT'; at: number; status: string; duration?: number; bridged?: boolean; callerGone?: boolean }
  | { type: 'RECORDED'; at: number; url: string; duration: number }
  | { type: 'LOOKUP_RESULT'; at: number; ok: boolean; data?: unknown }
  | { type: 'HUNG_UP'; at: number; status: string; duration?: number };

export type CallEventType = CallEvent['type'];

/** Something the caller hears, already in their language with variables filled in. */
export type Utterance = { say: string; language: Language; voice?: string } | { play: string } | { pause: number };

/**
 * Side effects a step asks for, as data; one interpreter (calls/effects.ts) carries them out in the
 * webhook's transaction, and the simulator only notes them.
 */
export type Effect =
  | { type: 'enqueue'; step: string; group: string; priority: number }
  | { type: 'queue-exit'; step: string; reason: 'voicemail' | 'callback' | 'group'; callbackNumber?: string }
  | { type: 'recording'; step: string; url: string; duration: number; group?: string }
  | { type: 'survey'; step: string; score: number }
  /** A callback number the policy refused: logged, counted and kept in the call's event log. */
  | { type: 'callback-refused'; step: string; reason: CallbackRefusal; keyed: string; number?: string }
  /** The caller's Dial of an agent ended (DIAL_RESULT in `X#connecting`): the routing lifecycle ends the offer. */
  | { type: 'agent-dial-ended'; assignmentId: number; status: string; callerGone: boolean }
  /** The caller's call is over (HUNG_UP): the routing lifecycle releases what it held for them. */
  | { type: 'caller-gone' };
