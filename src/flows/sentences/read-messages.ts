import { didYouMean } from '../diagnostics.js';
import { BUILTIN_VARIABLES, type Language, type MessageText, type Prompt } from '../model.js';
import { readPrompt } from '../read-prompt.js';
import { describe, isObj, type Reader } from '../reader.js';
import type { Path } from '../source.js';
import { isSentenceId, SENTENCE_IDS, sentenceInfo, type SentenceId } from './ids.js';
import { PLURAL_CATEGORIES } from './spoken.js';

export type Messages = Record<string, Record<Language, MessageText>>;

export interface MessagesContext {
  languages: Language[];
  /** Variables the flow sets (a message may use them too). */
  assigned: ReadonlyMap<string, unknown>;
  /** Names of the flow's opening hours, for `{hours.<name>}`. */
  hours: string[];
  useVariable(name: string, path: Path): void;
}

/**
 * Reads `messages:`, the flow's own texts for Switchboard's sentences: one key per sentence id,
 * then one per language, each a prompt in that language (text, recording with its transcript,
 * pauses, or a list), or for a counted sentence one prompt per plural form (`one`, `other`…).
 */
export function readMessages(r: Reader, v: unknown, ctx: MessagesContext): Messages {
  const out: Messages = {};
  const top = v === undefined ? {} : r.obj(v, ['messages'], 'messages');
  for (const [id, perLanguage] of Object.entries(top ?? {})) {
    const path = ['messages', id];
    if (!isSentenceId(id)) {
      r.error(path, `there is no sentence '${id}'${didYouMean(id, SENTENCE_IDS)}; docs/flows.md "What Switchboard says" lists them`, true);
      continue;
    }
    const languages = r.obj(perLanguage, path, `messages.${id} (its text per language)`);
    for (const [language, text] of Object.entries(languages ?? {})) {
      const at = [...path, language];
      if (!ctx.languages.includes(language)) {
        r.error(at, `'${language}' is not one of the flow's languages (${ctx.languages.join(', ')})`, true);
        continue;
      }
      const read = readMessage(r, id, language, text, at, ctx);
      if (read) (out[id] ??= {})[language] = read;
    }
  }
  return out;
}

const isPluralForms = (v: unknown): v is Record<string, unknown> =>
  isObj(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => (PLURAL_CATEGORIES as readonly string[]).includes(k));

function readMessage(r: Reader, id: SentenceId, language: Language, v: unknown, path: Path, ctx: MessagesContext): MessageText | undefined {
  const info = sentenceInfo(id);
  const allowed = new Set([...info.variables, ...BUILTIN_VARIABLES, ...ctx.assigned.keys(), ...ctx.hours.map((h) => `hours.${h}`)]);
  if (ctx.hours.length === 1) allowed.add('hours');
  const prompt = (value: unknown, at: Path): Prompt | undefined => {
    let ok = true;
    const read = readPrompt(r, value, at, {
      languages: [language],
      useVariable: (name, p) => {
        if (allowed.has(name)) return ctx.assigned.has(name) ? ctx.useVariable(name, p) : undefined;
        ok = false;
        const known = [...allowed].filter((n) => !(BUILTIN_VARIABLES as readonly string[]).includes(n));
        r.errorWithin(
          p,
          `{${name}}`,
          `unknown variable '{${name}}' in messages.${id}: this sentence has ${info.variables.length ? info.variables.map((n) => `{${n}}`).join(', ') : 'no variables'}${didYouMean(name, known)}; a message may also use the flow's own variables and {caller}, {dialled}, {language}`,
        );
      },
    });
    if (read?.length === 0) return r.error(at, `messages.${id}.${language} is empty; give a text or a recording, or remove it`);
    return ok ? read : undefined;
  };
  if (!isPluralForms(v)) {
    if (v === null || v === undefined) return r.error(path, `messages.${id}.${language} must be a text or a prompt, found ${describe(v)}`);
    return prompt(v, path);
  }
  if (!info.count) {
    return r.error(
      path,
      `messages.${id} is not counted, so it has no plural forms; give one text (sentences with plural forms: ${SENTENCE_IDS.filter((i) => sentenceInfo(i).count).join(', ')})`,
    );
  }
  if (!('other' in v)) {
    return r.error(
      path,
      `messages.${id}.${language} has plural forms but no 'other': it is the one used for any count the others do not cover`,
    );
  }
  const plural: Record<string, Prompt> = {};
  let ok = true;
  for (const [form, text] of Object.entries(v)) {
    const read = prompt(text, [...path, form]);
    if (read) plural[form] = read;
    else ok = false;
  }
  return ok ? { plural } : undefined;
}
