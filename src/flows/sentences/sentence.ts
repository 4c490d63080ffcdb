import type { Utterance } from '../call-types.js';
import type { Flow, Language, Prompt, PromptItem, SayPart } from '../model.js';
import { resolvePrompt } from '../prompts.js';
import { builtInText } from './catalogue.js';
import { sentenceInfo, type SentenceId } from './ids.js';
import { pluralOf, spokenDigits } from './spoken.js';

/** Values for a sentence's variables: words, a count, or a phone number (said digit by digit, or as SSML telephone). */
export type SentenceFill = Record<string, string | number | { telephone: string }>;

/** The language a sentence falls back to when neither the flow nor the catalogue has it (a flow `check` did not pass). */
const LAST_RESORT: Language = 'en-US';

/**
 * One of Switchboard's sentences as a prompt in `language`: the flow's own text under `messages:`
 * if it has one (text, recording or pauses), else the built-in text. Variables are filled here;
 * the plural form is chosen by the language's plural rules for the sentence's count.
 */
export function sentencePrompt(flow: Pick<Flow, 'messages'>, id: SentenceId, language: Language, fill: SentenceFill = {}): Prompt {
  const info = sentenceInfo(id);
  const count = info.count === undefined ? 0 : Number(fill[info.count] ?? 0);
  const own = flow.messages?.[id]?.[language];
  if (own) {
    const prompt = 'plural' in own ? (own.plural[pluralOf(count, language)] ?? own.plural.other) : own;
    return prompt.map((item) => filledItem(item, language, fill));
  }
  const builtIn = builtInText(id, language);
  const spokenIn = builtIn ? language : LAST_RESORT;
  const text = builtIn ?? builtInText(id, LAST_RESORT)!;
  const chosen = typeof text === 'string' ? text : (text[pluralOf(count, spokenIn)] ?? text.other);
  return [sayItem(chosen, spokenIn, fill)];
}

function sayItem(text: string, language: Language, fill: SentenceFill, voice?: string): PromptItem {
  const parts = filledParts(text, fill);
  const plain = parts.map((p) => (typeof p === 'string' ? p : spokenDigits(p.telephone))).join('');
  const hasNumber = parts.some((p) => typeof p !== 'string');
  return {
    say: { [language]: plain },
    fixedLanguage: language,
    ...(voice ? { voice } : {}),
    ...(hasNumber ? { parts: { [language]: parts } } : {}),
  };
}

function filledItem(item: PromptItem, language: Language, fill: SentenceFill): PromptItem {
  if ('pause' in item) return item;
  if ('play' in item) {
    const transcript = item.transcript?.[language];
    return {
      play: { [language]: item.play[language] },
      ...(transcript ? { transcript: { [language]: filledParts(transcript, fill).map(plainOf).join('') } } : {}),
    };
  }
  return sayItem(item.say[language] ?? Object.values(item.say)[0], item.fixedLanguage ?? language, fill, item.voice);
}

const plainOf = (p: SayPart) => (typeof p === 'string' ? p : spokenDigits(p.telephone));

/** The text split at its filled variables; unknown `{names}` are left for the call's own variables. */
function filledParts(text: string, fill: SentenceFill): SayPart[] {
  const out: SayPart[] = [];
  let rest = '';
  let last = 0;
  for (const m of text.matchAll(/\{([A-Za-z_][\w.-]*)\}/g)) {
    const value = fill[m[1]];
    if (value === undefined) continue;
    rest += text.slice(last, m.index);
    last = m.index + m[0].length;
    if (typeof value === 'object') {
      if (rest) out.push(rest);
      out.push({ telephone: value.telephone });
      rest = '';
    } else {
      rest += String(value);
      // "since 10 a.m." before the sentence's own full stop: one stop, not two.
      if (String(value).endsWith('.') && text[last] === '.') last++;
    }
  }
  rest += text.slice(last);
  if (rest) out.push(rest);
  return out;
}

type SpeakingFlow = Pick<Flow, 'messages' | 'languages' | 'voices' | 'hours'>;

/**
 * A sentence said outside a call's steps (the agent's whisper, the fallback apology): in `language`
 * (the flow's first, the centre's working language, unless told) with the flow's voice for it.
 * Without a flow (no flow answers the number) it is said in English.
 */
export function sentenceUtterances(
  flow: SpeakingFlow | undefined,
  id: SentenceId,
  fill: SentenceFill = {},
  language?: Language,
): Utterance[] {
  const f: SpeakingFlow = flow ?? { languages: [LAST_RESORT], voices: {}, hours: {} };
  const spoken = language ?? f.languages[0];
  const ctx = { caller: '', dialled: '', language: spoken, vars: {}, noInput: 0, invalid: 0, path: [] };
  return resolvePrompt(sentencePrompt(f, id, spoken, fill), ctx, f);
}
