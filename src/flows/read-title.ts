import type { Language } from './model.js';
import { describe, isObj, type Reader } from './reader.js';
import type { Path } from './source.js';

/**
 * A `title:` of a step or menu option, as the console shows it: one text for every language the
 * flow speaks, or a text per language (`{ en-US: Billing, es-MX: Facturación }`, any of them).
 */
export function readTitle(r: Reader, v: unknown, path: Path, languages: Language[]): Record<Language, string> | undefined {
  if (typeof v === 'string' || typeof v === 'number') {
    const text = r.text(v, path, 'title');
    return text === undefined ? undefined : Object.fromEntries(languages.map((l) => [l, text.trim()]));
  }
  if (!isObj(v)) return r.error(path, `title must be a text, or a text per language (${languages.join(', ')}), found ${describe(v)}`);
  const out: Record<Language, string> = {};
  let ok = Object.keys(v).length > 0 || r.error(path, `title gives no text: write title: <text>, or one per language`) !== undefined;
  for (const [lang, t] of Object.entries(v)) {
    if (!languages.includes(lang)) {
      ok = r.error([...path, lang], `'${lang}' is not one of the flow's languages (${languages.join(', ')})`, true) !== undefined;
      continue;
    }
    const text = r.text(t, [...path, lang], `the ${lang} title`);
    if (text === undefined) ok = false;
    else out[lang] = text.trim();
  }
  return ok ? out : undefined;
}
