import type { AgentContact, Effect, Utterance } from '../flows/call-types.js';

export interface GatherSpeech {
  language: string;
  /** Phrases the caller is likely to say (Twilio's hints). */
  hints: string[];
  model?: string;
  enhanced?: boolean;
  endTimeout: 'auto' | number;
  bargeIn: boolean;
}

/** What the call waits for after a step: this decides the verb that ends the TwiML document. */
export type Wait =
  | {
      kind: 'gather';
      step: string;
      prompt: Utterance[];
      timeout: number;
      numDigits?: number;
      finishOnKey?: string;
      /** Speech as well as keys, in the caller's language, with Twilio's recogniser settings. */
      speech?: GatherSpeech;
      /** Asked while the caller is in Twilio's queue (waitUrl TwiML): keys come back as QUEUE_KEY. */
      inQueue?: boolean;
    }
  | { kind: 'enqueue'; step: string; group: string }
  | { kind: 'hold'; step: string; prompt: Utterance[]; music: string }
  | { kind: 'leave'; step: string }
  | { kind: 'connect'; step: string; assignmentId: number; agent: AgentContact; timeout: number; callerId: string }
  | { kind: 'dial'; step: string; to: string; timeout: number; callerId?: string }
  | { kind: 'record'; step: string; prompt: Utterance[]; maxLength: number; finishOnKey: string }
  | { kind: 'lookup'; step: string }
  /** A `text:` step, until our edge says whether the caller can be texted (within the same webhook). */
  | { kind: 'text-check'; step: string }
  | { kind: 'hangup' };

/** The answer to one event: what is said first, what the call then waits for, what to store. */
export interface Reply {
  utterances: Utterance[];
  wait: Wait;
  effects: Effect[];
}
