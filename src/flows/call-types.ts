import type { CallbackRefusal } from './callback-policy.js';
import type { Language, SayPart, Scalar } from './model.js';
import type { SurveyKind } from './survey-kinds.js';

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
  /** A menu choice heard with low confidence, awaiting "Did you say …?": the option's key and the word heard. */
  confirming?: { key: string; word: string };
}

export type Overflow = { action: 'voicemail' } | { action: 'callback' } | { action: 'group'; group: string };
export type AgentContact = { kind: 'phone' | 'client' | 'sip'; contact: string };

export interface QueueVisit {
  /** The skill group the caller waits in (an overflow can move them to another). */
  group: string;
  /** Groups already tried, so overflow never goes round in a circle. */
  tried: string[];
  /** Queue time (s) of the last announcement (Twilio's queue time, which restarts when the caller rejoins). */
  announcedAt?: number;
  /** The position the caller was last told: a later one is said only when it is news (see hold-announcement.ts). */
  announcedPosition?: number;
  /** Back in the queue after an agent missed them: a worse position is not announced (they keep their place). */
  rejoined?: boolean;
  /** Why the caller is leaving the queue, once they chose. */
  leaving?: 'voicemail' | 'callback' | 'group';
  nextGroup?: string;
  callbackNumber?: string;
  /** The caller's own number, offered as "press 1" only when the callback policy allows calling it. */
  offeredNumber?: string;
  /** Numbers refused during this callback offer (the caller may try a few). */
  refusedNumbers?: number;
  /** The number an agent transferred the caller to (blind transfer): the caller's TwiML dials it. */
  transferNumber?: string;
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
      /** The caller's open queue entry (read with the position). */
      entryId?: number;
      queueTime?: number;
      /** Absent when there is no basis for an estimate (no handle-time history). */
      etaSeconds?: number;
      announceEvery?: number;
      /** An agent is being rung for the caller, or one is free to take them now. */
      agentRinging?: boolean;
      overflow?: Overflow;
    }
  | { type: 'QUEUE_NO_STAFF'; at: number; overflow: Overflow }
  /** The reconciler took a caller past the maximum wait out of Twilio's queue (REST redirect) to overflow. */
  | { type: 'QUEUE_OVERFLOW'; at: number; overflow?: Overflow }
  | { type: 'QUEUE_KEY'; at: number; digits: string }
  | { type: 'CONNECT_AGENT'; at: number; assignmentId: number; agent: AgentContact; timeout: number }
  | { type: 'QUEUE_RESULT'; at: number; result: string }
  /** The agent talking to the caller transferred them (REST redirect from the console): to another group, or a number. */
  | { type: 'TRANSFER'; at: number; assignmentId: number; to: { group: string } | { number: string } }
  | { type: 'DIAL_RESULT'; at: number; status: string; duration?: number; bridged?: boolean; callerGone?: boolean }
  | { type: 'RECORDED'; at: number; url: string; duration: number }
  | { type: 'LOOKUP_RESULT'; at: number; ok: boolean; data?: unknown }
  /** Whether the caller can be texted (a `text:` step), answered by our own edge: a mobile-looking number that has not opted out. */
  | { type: 'TEXT_CHECKED'; at: number; ok: boolean; reason?: TextRefusal }
  | { type: 'HUNG_UP'; at: number; status: string; duration?: number };

export type CallEventType = CallEvent['type'];

/** Why a caller cannot be texted: the number is withheld or not a mobile-looking E.164 number, or it opted out (STOP). */
export type TextRefusal = 'not-mobile' | 'opted-out';

/** Something the caller hears, already in their language with variables filled in. */
export type Utterance =
  | { say: string; language: Language; voice?: string; parts?: SayPart[] }
  /** A recording; `transcript` (in `language`) is its words, when the flow gives them. */
  | { play: string; transcript?: string; language?: Language }
  | { pause: number };

/**
 * Side effects a step asks for, as data; one interpreter (calls/effects.ts) carries them out in the
 * webhook's transaction, and the simulator only notes them.
 */
export type Effect =
  | { type: 'enqueue'; step: string; group: string; priority: number }
  | { type: 'queue-exit'; step: string; reason: 'voicemail' | 'callback' | 'group'; callbackNumber?: string }
  | { type: 'recording'; step: string; url: string; duration: number; group?: string }
  /** A survey step was entered: the question was asked (survey_requests, the response rate's denominator). */
  | { type: 'survey-asked'; step: string; kind: SurveyKind }
  | { type: 'survey'; step: string; kind: SurveyKind; score: number }
  /** A wait estimate announced to a caller on hold, as heard (kept for the wait-estimate report). */
  | {
      type: 'wait-announced';
      step: string;
      /** The entry whose standing was announced (its group is the announcement's). */
      entryId?: number;
      position: number;
      /** Absent when the caller heard that there is no estimate yet: nothing to score. */
      spokenMinutes?: number;
      estimateSeconds?: number;
    }
  /** A callback number the policy refused: logged, counted and kept in the call's event log. */
  | { type: 'callback-refused'; step: string; reason: CallbackRefusal; keyed: string; number?: string }
  /** The caller's Dial of an agent ended (DIAL_RESULT in `X#connecting`): the routing lifecycle ends the offer. */
  | { type: 'agent-dial-ended'; assignmentId: number; status: string; callerGone: boolean }
  /** The agent transferred the caller (TRANSFER in `X#connecting`): the routing lifecycle ends the offer and moves the entry. */
  | { type: 'call-transferred'; assignmentId: number; to: { group: string } | { number: string } }
  /** The caller's call is over (HUNG_UP): the routing lifecycle releases what it held for them. */
  | { type: 'caller-gone' }
  /** A `text:` step's message to the caller: put in the outbox in the webhook's transaction, sent after commit. */
  | { type: 'text-message'; step: string; to: string; from: string; body: string; language: Language };
