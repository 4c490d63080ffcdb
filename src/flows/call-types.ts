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
}

/** One Twilio request (or one lookup answer) is one event. `at` is when it happened (ms). */
export type CallEvent =
  | { type: 'CALL_STARTED'; at: number; caller: string; dialled: string }
  | { type: 'DIGITS'; at: number; digits: string }
  | { type: 'SPEECH'; at: number; speech: string; confidence?: number }
  | { type: 'NO_INPUT'; at: number }
  | { type: 'QUEUE_WAIT'; at: number; position?: number; queueTime?: number }
  | { type: 'QUEUE_RESULT'; at: number; result: string }
  | { type: 'DIAL_RESULT'; at: number; status: string; duration?: number }
  | { type: 'RECORDED'; at: number; url: string; duration: number }
  | { type: 'LOOKUP_RESULT'; at: number; ok: boolean; data?: unknown }
  | { type: 'HUNG_UP'; at: number; status: string; duration?: number };

export type CallEventType = CallEvent['type'];

/** Something the caller hears, already in their language with variables filled in. */
export type Utterance =
  | { say: string; language: Language; voice?: string }
  | { play: string }
  | { pause: number };

/** Side effects a step asks for; the edge (database, Twilio) carries them out. */
export type Effect =
  | { type: 'enqueue'; step: string; group: string; priority: number }
  | { type: 'recording'; step: string; url: string; duration: number }
  | { type: 'survey'; step: string; score: number };
