import type { Flow, Language, MenuOption, SpeechSettings } from './model.js';

/** What a menu listens with when neither it nor the flow says otherwise. */
export const SPEECH_DEFAULTS = { bargeIn: true, enhanced: false } as const;

/** Silence after speech that ends it: Twilio's `auto`, which it accepts only without a speech model (else 2 s). */
const endTimeoutFor = (s: SpeechSettings) => s.endTimeout ?? (s.model ? 2 : 'auto');

export type ResolvedSpeech = Omit<SpeechSettings, 'endTimeout' | 'bargeIn' | 'enhanced'> & {
  endTimeout: 'auto' | number;
  bargeIn: boolean;
  enhanced: boolean;
};

/** A menu's speech settings: its own over the flow's over the defaults. */
export function speechFor(flow: Pick<Flow, 'speech'>, menu: { speech?: SpeechSettings }): ResolvedSpeech {
  const s: SpeechSettings = { ...SPEECH_DEFAULTS, ...flow.speech, ...menu.speech };
  return { ...SPEECH_DEFAULTS, ...s, endTimeout: endTimeoutFor(s) };
}

/** The words that choose an option when the caller speaks `language`. */
export function wordsFor(option: Pick<MenuOption, 'words' | 'wordsIn'>, language: Language): string[] {
  return [...option.words, ...(option.wordsIn?.[language] ?? [])];
}

/** Speech as words between spaces, lower case and without punctuation ("Billing, please." → " billing please "). */
const normalised = (speech: string) => ` ${speech.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;

/** The first of `words` the caller said (whole words or phrases), if any. */
export function heardWord(speech: string, words: string[]): string | undefined {
  const said = normalised(speech);
  return words.find((w) => said.includes(normalised(w)));
}

/**
 * "Yes" and "no" as callers say them, by language (its first subtag). A language missing here is
 * confirmed with keys only (1 or 2), which every caller can use.
 */
const YES_NO: Record<string, { yes: string[]; no: string[] }> = {
  en: {
    yes: ['yes', 'yeah', 'yep', 'yup', 'correct', 'right', 'that is right', 'sure'],
    no: ['no', 'nope', 'wrong', 'incorrect', 'not', "wasn't", 'wasnt'],
  },
  es: { yes: ['sí', 'si', 'correcto', 'claro', 'exacto', 'así es'], no: ['no', 'incorrecto', 'equivocado'] },
  fr: { yes: ['oui', 'ouais', 'exact', 'correct', "c'est ça"], no: ['non', 'pas', 'incorrect'] },
  pt: { yes: ['sim', 'correto', 'isso'], no: ['não', 'nao', 'errado'] },
  de: { yes: ['ja', 'jawohl', 'genau', 'richtig', 'korrekt'], no: ['nein', 'nicht', 'falsch'] },
  it: { yes: ['sì', 'si', 'esatto', 'corretto'], no: ['no', 'sbagliato'] },
};

export function yesNoWords(language: Language): { yes: string[]; no: string[] } {
  return YES_NO[language.split('-')[0].toLowerCase()] ?? { yes: [], no: [] };
}

/** Whether a reply to "Did you say …?" is a plain yes (one that also says no is not). */
export function saidYes(speech: string, language: Language): boolean {
  const { yes, no } = yesNoWords(language);
  return heardWord(speech, yes) !== undefined && heardWord(speech, no) === undefined;
}
