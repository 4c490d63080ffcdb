import type { Language, Prompt, PromptItem } from './model.js';
import { describe, isObj, type Reader } from './reader.js';
import type { Path } from './source.js';

/** What the file declares that prompts are checked against, and where variable uses are noted. */
export interface PromptContext {
  languages: Language[];
  useVariable(name: string, path: Path): void;
}

export const SAY_PROMPT_FIELDS = ['say', 'language', 'voice'];

const PLACEHOLDER = /\{([A-Za-z_][\w.-]*)\}/g;

export function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/**
 * Reads a prompt in any of its forms: a plain text, text per language, a `say`/`play`/`pause`
 * item, or a list of those. Every text must exist in every language the flow speaks.
 */
export function readPrompt(r: Reader, v: unknown, path: Path, ctx: PromptContext): Prompt | undefined {
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : [v];
  const out: PromptItem[] = [];
  items.forEach((item, i) => {
    const p = Array.isArray(v) ? [...path, i] : path;
    const read = readItem(r, item, p, ctx);
    if (read) out.push(read);
  });
  return out.length === items.length ? out : undefined;
}

function readItem(r: Reader, v: unknown, path: Path, ctx: PromptContext): PromptItem | undefined {
  if (typeof v === 'string' || typeof v === 'number') return sayItem(r, String(v), undefined, undefined, path, ctx);
  if (!isObj(v)) return r.error(path, `a prompt must be a text, text per language, or a say/play/pause item; found ${describe(v)}`);
  if ('say' in v && !('play' in v)) {
    r.onlyFields(v, path, SAY_PROMPT_FIELDS, 'a say prompt');
    const language = v.language === undefined ? undefined : r.text(v.language, [...path, 'language'], 'language');
    const voice = v.voice === undefined ? undefined : r.text(v.voice, [...path, 'voice'], 'voice');
    if (isObj(v.say)) {
      if (language)
        return r.error([...path, 'language'], `'language' fixes the language of a plain text; this prompt already has text per language`);
      const say = perLanguage(r, v.say, [...path, 'say'], ctx, 'text');
      return say && { say, ...(voice ? { voice } : {}) };
    }
    const text = r.text(v.say, [...path, 'say'], 'say');
    return text === undefined ? undefined : sayItem(r, text, language, voice, [...path, 'say'], ctx);
  }
  if ('play' in v) {
    r.onlyFields(v, path, ['play', 'say'], 'a play prompt');
    let play: Record<string, string> | undefined;
    if (isObj(v.play)) play = perLanguage(r, v.play, [...path, 'play'], ctx, 'recording URL');
    else {
      const url = r.text(v.play, [...path, 'play'], 'play');
      if (url !== undefined) play = Object.fromEntries(ctx.languages.map((l) => [l, url]));
    }
    if (!play || !checkUrls(r, play, [...path, 'play'])) return undefined;
    if (v.say === undefined) return { play };
    // The recording's words: what the simulator and the console show for it, in each language.
    const words = isObj(v.say) ? perLanguage(r, v.say, [...path, 'say'], ctx, 'transcript') : undefined;
    if (isObj(v.say)) return words && { play, transcript: words };
    const text = r.text(v.say, [...path, 'say'], 'the transcript (say)');
    if (text === undefined) return undefined;
    const item = sayItem(r, text, undefined, undefined, [...path, 'say'], ctx);
    return item && 'say' in item ? { play, transcript: item.say } : undefined;
  }
  if ('pause' in v) {
    r.onlyFields(v, path, ['pause'], 'a pause');
    const seconds = r.int(v.pause, [...path, 'pause'], 'pause (seconds)', 1, 60);
    return seconds === undefined ? undefined : { pause: seconds };
  }
  // A map keyed by language codes is text per language.
  const say = perLanguage(r, v, path, ctx, 'text');
  return say && { say };
}

function sayItem(
  r: Reader,
  text: string,
  language: string | undefined,
  voice: string | undefined,
  path: Path,
  ctx: PromptContext,
): PromptItem | undefined {
  notePlaceholders(text, path, ctx);
  if (language !== undefined) {
    if (!ctx.languages.includes(language)) {
      return r.error(
        path,
        `language '${language}' is not one of the flow's languages (${ctx.languages.join(', ')}); add it to 'languages' or fix the code`,
      );
    }
    return { say: { [language]: text }, fixedLanguage: language, ...(voice ? { voice } : {}) };
  }
  if (ctx.languages.length > 1) {
    return r.error(
      path,
      `this text has no language, but the flow speaks ${ctx.languages.join(' and ')}: give it per language (${ctx.languages.map((l) => `${l}: …`).join(', ')}) or fix its language with 'language: ${ctx.languages[0]}'`,
    );
  }
  return { say: { [ctx.languages[0]]: text }, ...(voice ? { voice } : {}) };
}

function perLanguage(
  r: Reader,
  v: Record<string, unknown>,
  path: Path,
  ctx: PromptContext,
  what: string,
): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let ok = true;
  for (const [lang, text] of Object.entries(v)) {
    if (!ctx.languages.includes(lang)) {
      ok = false;
      r.error([...path, lang], `'${lang}' is not one of the flow's languages (${ctx.languages.join(', ')})`, true);
      continue;
    }
    const t = r.text(text, [...path, lang], `the ${lang} ${what}`);
    if (t === undefined) ok = false;
    else {
      out[lang] = t;
      if (what === 'text' || what === 'transcript') notePlaceholders(t, [...path, lang], ctx);
    }
  }
  const missing = ctx.languages.filter((l) => !(l in v));
  if (missing.length) {
    r.error(path, `prompt is missing the ${missing.join(', ')} ${what}: the flow speaks ${ctx.languages.join(', ')}, so give each one`);
    return undefined;
  }
  return ok ? out : undefined;
}

function checkUrls(r: Reader, urls: Record<string, string>, path: Path): boolean {
  for (const [lang, url] of Object.entries(urls)) {
    if (!/^https?:\/\/\S+$/.test(url)) {
      r.error(path, `play needs an http(s) URL of a recording${Object.keys(urls).length > 1 ? ` (${lang})` : ''}, found "${url}"`);
      return false;
    }
  }
  return true;
}

function notePlaceholders(text: string, path: Path, ctx: PromptContext): void {
  for (const name of placeholders(text)) ctx.useVariable(name, path);
}
