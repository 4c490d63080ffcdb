import { SPEECH_MODELS, type Language, type SpeechModel, type SpeechSettings } from './model.js';
import { describe, isObj, type Reader } from './reader.js';
import type { Path } from './source.js';

/** Fields of a `speech:` block, for the flow and for a menu (mirrored in schema/flow.schema.json). */
export const SPEECH_FIELDS = ['model', 'enhanced', 'end_timeout', 'barge_in', 'confirm_below'];

/** Reads a `speech:` block (flow-wide or one menu's); each problem is an error at its line. */
export function readSpeech(r: Reader, v: unknown, path: Path): SpeechSettings | undefined {
  const o = r.obj(v, path, 'speech');
  if (!o) return undefined;
  r.onlyFields(o, path, SPEECH_FIELDS, 'speech');
  const at = (field: string) => [...path, field];
  const s: SpeechSettings = {};
  const errors = r.diagnostics.length;
  if (o.model !== undefined) {
    if ((SPEECH_MODELS as readonly unknown[]).includes(o.model)) s.model = o.model as SpeechModel;
    else r.error(at('model'), `speech model is one of Twilio's ${SPEECH_MODELS.join(', ')}; found ${describe(o.model)}`);
  }
  if (o.enhanced !== undefined) s.enhanced = r.bool(o.enhanced, at('enhanced'), 'enhanced');
  if (o.end_timeout !== undefined)
    s.endTimeout =
      o.end_timeout === 'auto'
        ? 'auto'
        : r.int(o.end_timeout, at('end_timeout'), 'end_timeout (auto, or seconds of silence after speech)', 1, 60);
  if (o.barge_in !== undefined) s.bargeIn = r.bool(o.barge_in, at('barge_in'), 'barge_in');
  if (o.confirm_below !== undefined) {
    const c = o.confirm_below;
    if (typeof c === 'number' && c > 0 && c <= 1) s.confirmBelow = c;
    else r.error(at('confirm_below'), `confirm_below is Twilio's Confidence, more than 0 and at most 1 (e.g. 0.5); found ${describe(c)}`);
  }
  return r.diagnostics.length === errors ? s : undefined;
}

/** What Twilio refuses in a menu's settings once the flow's and the menu's are put together. */
export function checkSpeech(r: Reader, s: SpeechSettings, path: Path): void {
  if (s.enhanced && s.model !== 'phone_call')
    r.error(path, `enhanced speech recognition is Twilio's phone_call model only: set model: phone_call, or remove enhanced`);
  // Twilio's warning 13335: with a speechModel, speechTimeout must be seconds.
  if (s.model && s.endTimeout === 'auto')
    r.error(path, `Twilio does not accept end_timeout: auto with a speech model (warning 13335): give end_timeout in seconds`);
}

/**
 * An option's `words`: a list for every language, or lists by language (`{ en-US: [billing], es-MX:
 * [facturación] }`), lower case and trimmed.
 */
export function readWords(
  r: Reader,
  v: unknown,
  path: Path,
  languages: Language[],
): { words: string[]; wordsIn?: Record<Language, string[]> } {
  const clean = (list: unknown[]) => list.map((x) => String(x).toLowerCase().trim()).filter(Boolean);
  if (!isObj(v)) return { words: clean(r.list(v, path, 'words') ?? []) };
  const wordsIn: Record<Language, string[]> = {};
  for (const [language, list] of Object.entries(v)) {
    if (!languages.includes(language))
      r.error([...path, language], `'${language}' is not one of the flow's languages (${languages.join(', ')})`, true);
    else wordsIn[language] = clean(r.list(list, [...path, language], `words in ${language}`) ?? []);
  }
  return { words: [], wordsIn };
}
