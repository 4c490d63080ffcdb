import { and } from 'xstate';
import type { CallContext, CallEvent } from './call-types.js';
import type { MenuOption, Prompt, RetryRule, Step, Target } from './model.js';
import { heardWord, saidYes, wordsFor, type ResolvedSpeech } from './speech.js';

type Menu = Extract<Step, { kind: 'menu' }>;
type Args = { context: CallContext; event: CallEvent };
type Transition = Record<string, unknown>;
type Words = Pick<MenuOption, 'words' | 'wordsIn'>;

/** The sub-state of menu `X` that asks "Did you say …?", named `X#confirm` (read it with stateInfo). */
export const confirmState = (menu: string) => `${menu}#confirm`;

const heard = ({ context, event }: Args, words: Words) =>
  event.type === 'SPEECH' ? heardWord(event.speech, wordsFor(words, context.language)) : undefined;

export const speechGuards = {
  /** The caller said one of the option's words in their language. */
  saidOneOf: (args: Args, params: Words) => heard(args, params) !== undefined,
  /** Twilio was sure enough (no Confidence sent counts as sure: Twilio does not always send it). */
  confident: ({ event }: Args, params: { below?: number }) =>
    event.type !== 'SPEECH' || params.below === undefined || event.confidence === undefined || event.confidence >= params.below,
  confirmingIs: ({ context }: Args, params: { key: string }) => context.confirming?.key === params.key,
  /** 1, or a plain "yes" in the caller's language. */
  confirmedYes: ({ context, event }: Args) =>
    (event.type === 'DIGITS' && event.digits === '1') || (event.type === 'SPEECH' && saidYes(event.speech, context.language)),
};

export const speechAssigns = {
  askConfirm: (args: Args, params: Words & { key: string }): Partial<CallContext> => ({
    confirming: { key: params.key, word: heard(args, params) ?? '' },
  }),
  clearConfirm: (): Partial<CallContext> => ({ confirming: undefined }),
  /** Entering a menu starts its counts afresh, except coming back from its own "Did you say …?" (a "no" counted). */
  enterMenu: ({ context }: Args): Partial<CallContext> => (context.confirming ? { confirming: undefined } : { noInput: 0, invalid: 0 }),
};

/** The compiler's action builders the menu's speech needs. */
export interface SpeechBuilders {
  say(prompt: Prompt): unknown;
  go(t: Target, actions?: unknown[]): Transition;
  to(state: string, actions?: unknown[]): Transition;
  chosen(key: string): unknown[];
}

const lastAttempt = (counter: 'noInput' | 'invalid', rule: RetryRule) => ({
  type: 'lastAttempt',
  params: { counter, attempts: rule.attempts },
});

/**
 * A menu's spoken choices: taken at once when Twilio is confident, else confirmed first in
 * `X#confirm` (1 or "yes" takes it; 2, "no", anything else or silence asks the menu again and
 * counts as a wrong answer or a silence, by the menu's own rules).
 */
export function menuSpeech(name: string, menu: Menu, speech: ResolvedSpeech, b: SpeechBuilders) {
  const spoken = menu.options.filter((o) => o.words.length || Object.keys(o.wordsIn ?? {}).length);
  const words = (o: MenuOption): Words => ({ words: o.words, ...(o.wordsIn ? { wordsIn: o.wordsIn } : {}) });
  const said = (o: MenuOption) => ({ type: 'saidOneOf', params: words(o) });
  const below = speech.confirmBelow;
  const SPEECH: Transition[] = spoken.flatMap((o) => [
    { guard: and([said(o), { type: 'confident', params: { below } }]), ...b.go(o.target, b.chosen(o.key)) },
    ...(below === undefined
      ? []
      : [{ guard: said(o), ...b.to(confirmState(name), [{ type: 'askConfirm', params: { ...words(o), key: o.key } }]) }]),
  ]);
  if (below === undefined || spoken.length === 0) return { SPEECH, states: {} };

  const yes = spoken.map((o) => ({
    guard: and([{ type: 'confirmingIs', params: { key: o.key } }, 'confirmedYes']),
    ...b.go(o.target, ['clearConfirm', ...b.chosen(o.key)]),
  }));
  // Back to the menu with `confirming` still set, so that its entry keeps the count just made.
  const again = (counter: 'noInput' | 'invalid', rule: RetryRule) => [
    { guard: lastAttempt(counter, rule), ...b.go(rule.then, ['clearConfirm', b.say(rule.say)]) },
    b.to(name, [counter === 'invalid' ? 'countInvalid' : 'countNoInput']),
  ];
  const confirm = {
    on: {
      DIGITS: [...yes, ...again('invalid', menu.invalid)],
      SPEECH: [...yes, ...again('invalid', menu.invalid)],
      NO_INPUT: again('noInput', menu.noInput),
    },
    meta: { kind: 'menu', step: name, part: 'confirm' },
  };
  return { SPEECH, states: { [confirmState(name)]: confirm } };
}
