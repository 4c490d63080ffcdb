/**
 * The normalized flow model: what a flow file means once parsed and checked. It is plain JSON so a
 * version can be stored in Postgres and rebuilt on any instance; sub-flows are already inlined.
 */

import type { SurveyKind } from './survey-kinds.js';

export type Language = string;
export type Scalar = string | number | boolean;

/** A piece of a spoken text: words, or a phone number a voice that reads SSML says as one (`<say-as interpret-as="telephone">`). */
export type SayPart = string | { telephone: string };

/**
 * One thing the caller hears. `say` maps each language to what is said in it (`parts`, when set,
 * is the same text with phone numbers marked, for voices that read SSML). A recording (`play`) may
 * keep its words as `transcript`, shown by the simulator and the console.
 */
export type PromptItem =
  | { say: Record<Language, string>; fixedLanguage?: Language; voice?: string; parts?: Record<Language, SayPart[]> }
  | { play: Record<Language, string>; transcript?: Record<Language, string> }
  | { pause: number };

export type Prompt = PromptItem[];

/** A flow's own text for one of Switchboard's sentences in one language: a prompt, or one per plural form (`other` always). */
export type MessageText = Prompt | { plural: Record<string, Prompt> };

/** Where to go next, optionally setting variables on the way. `hangup` ends the call. */
export interface Target {
  goto: string;
  set?: Record<string, Scalar>;
}

export const HANGUP = 'hangup';

/** A queue step's hold music when the flow names none (one of Twilio's own hold tracks). */
export const DEFAULT_HOLD_MUSIC = 'http://com.twilio.sounds.music.s3.amazonaws.com/MARKOVICHAMP-Borghestral.mp3';

export interface RetryRule {
  say: Prompt;
  attempts: number;
  then: Target;
}

export interface MenuOption {
  key: string;
  /** Words that choose this option when speech input is on, in any language. */
  words: string[];
  /** Words that choose it in one language only (`words: { en-US: [...], es-MX: [...] }`). */
  wordsIn?: Record<Language, string[]>;
  /** What the option is called on the agent's screen pop ("Billing"), per language. */
  title?: Record<Language, string>;
  target: Target;
}

/** Twilio's <Gather speechModel> values (https://www.twilio.com/docs/voice/twiml/gather#speechmodel). */
export const SPEECH_MODELS = [
  'default',
  'numbers_and_commands',
  'phone_call',
  'experimental_conversations',
  'experimental_utterances',
] as const;
export type SpeechModel = (typeof SPEECH_MODELS)[number];

/** How speech is listened for at menus; set for the flow (`speech:`) and per menu, the menu's winning. */
export interface SpeechSettings {
  /** Twilio's speechModel; unset lets Twilio choose. */
  model?: SpeechModel;
  /** Twilio's enhanced model (phone_call only). */
  enhanced?: boolean;
  /** Twilio's speechTimeout: silence after speech that ends it, `auto` or seconds. */
  endTimeout?: 'auto' | number;
  /** Whether the caller may speak over the prompt (Twilio's bargeIn); the prompt is inside the <Gather> either way. */
  bargeIn?: boolean;
  /** Twilio's Confidence (0..1) below which a recognised choice is confirmed ("Did you say …?") before it is taken. */
  confirmBelow?: number;
}

export type Condition =
  | { open: string }
  | { var: string; op: 'is' | 'is_not' | 'starts_with' | 'gt' | 'gte' | 'lt' | 'lte'; value: Scalar }
  | { var: string; op: 'in'; value: Scalar[] }
  | { var: string; op: 'is_set'; value: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** What any step may have besides what it does: its name on the agent's screen pop, per language. */
export interface StepCommon {
  title?: Record<Language, string>;
}

export type Step = StepCommon & StepBody;

/** What each kind of step does. */
type StepBody =
  | { kind: 'say'; prompt: Prompt; next: Target }
  | {
      kind: 'menu';
      prompt: Prompt;
      options: MenuOption[];
      repeatKey?: string;
      timeout: number;
      noInput: RetryRule;
      invalid: RetryRule;
      speech?: SpeechSettings;
    }
  | { kind: 'set'; values: Record<string, Scalar>; next: Target }
  | { kind: 'branch'; cases: { when: Condition; target: Target }[]; otherwise: Target }
  | {
      kind: 'lookup';
      url: string;
      method: 'GET' | 'POST';
      /** The URL and header values may name environment variables as ${NAME} (see flow-env.ts); read at call time. */
      headers: Record<string, string>;
      timeoutMs: number;
      save: Record<string, string>;
      next: Target;
      onFailure: Target;
    }
  | {
      kind: 'queue';
      group: string;
      /** A number, or `{var}` naming a variable that holds one. */
      priority: number | string;
      prompt: Prompt;
      hold: Prompt;
      music: string;
      then: Target;
      onFailure: Target;
    }
  | { kind: 'transfer'; to: string; timeout: number; callerId?: string; prompt: Prompt; then: Target; onFailure: Target }
  | { kind: 'voicemail'; prompt: Prompt; maxLength: number; finishOnKey: string; then: Target }
  | {
      kind: 'survey';
      /** What it asks (versions stored before survey kinds have none: CSAT). */
      surveyKind: SurveyKind;
      prompt: Prompt;
      /** The highest score: CSAT's scale (2–9), 10 for NPS, 1 (yes) for resolved. */
      scale: number;
      timeout: number;
      /** What is said back after an answer (`{score}`); without one an NPS step says the npsConfirm sentence. */
      confirm?: Prompt;
      then: Target;
      noInput: RetryRule;
      invalid: RetryRule;
    }
  | {
      kind: 'text';
      /** The message per language, with `{variables}`; sent to the caller after the webhook commits. */
      body: Record<Language, string>;
      /** The sending number or Messaging Service (MG…); default the number the caller dialled. */
      from?: string;
      /** Said once the text is on its way (e.g. "We have texted you the link"). */
      prompt: Prompt;
      then: Target;
      /** Where the call goes when the caller cannot be texted; absent: a sentence is said and the call goes to `then`. */
      unavailable?: Target;
    };

export type StepKind = Step['kind'];

/** Weekly opening hours in a named time zone, with closed dates. Times are minutes after midnight. */
export interface Hours {
  timezone: string;
  /** Index 0 = Sunday … 6 = Saturday; each day a list of [open, close) minute ranges. */
  weekly: [number, number][][];
  closed: string[];
}

export interface Flow {
  id: string;
  name: string;
  numbers: string[];
  isDefault: boolean;
  languages: Language[];
  voices: Record<Language, string>;
  /** The centre's time zone: used for clock times given without an offset (simulator, scenarios). */
  timezone: string;
  hours: Record<string, Hours>;
  start: string;
  /** Steps by name; steps from sub-flows are named `<using step>/<sub-flow step>`. */
  steps: Record<string, Step>;
  /** Variables the flow sets, reads or saves from lookups (for `check` and the screen pop). */
  variables: string[];
  /** The flow's own texts for Switchboard's sentences (src/flows/sentences/), by sentence id, then language. */
  messages?: Record<string, Record<Language, MessageText>>;
  /** Speech settings for every menu (each menu may override them). Absent in versions stored before it existed. */
  speech?: SpeechSettings;
  /** The SMS survey after the call, when the flow asks for one. */
  feedback?: SmsFeedback;
  /** What the screen pop calls each variable (`labels: { account_status: Account status }`); others are humanised. */
  labels?: Record<string, string>;
}

/** `feedback:` — the survey texted to the caller after the call (docs/feedback.md). */
export interface SmsFeedback {
  kind: 'nps' | 'csat' | 'resolved';
  /** The sending number (E.164) or Messaging Service SID (MG…). */
  from: string;
  delaySeconds: number;
  /** Replies later than this after the question are not attributed to the call. */
  windowHours: number;
  /** Also after a call whose caller hung up waiting for an agent (default: completed calls only). */
  afterAbandoned: boolean;
  /** The flow's own texts per language, over the built-in ones (src/flows/sms-texts.ts). */
  texts: Record<Language, Record<string, string>>;
}

/** Variables every call has, whatever the flow. */
export const BUILTIN_VARIABLES = ['caller', 'dialled', 'language'] as const;
