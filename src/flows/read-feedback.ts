import type { Language, SmsFeedback } from './model.js';
import { describe, type Reader } from './reader.js';
import { hasBuiltInSmsTexts, SMS_SURVEY_KINDS, SMS_TEXT_KEYS, type SmsSurveyKind } from './sms-texts.js';
import type { Path } from './source.js';

export const FEEDBACK_FIELDS = ['sms', 'from', 'delay_seconds', 'window_hours', 'after_abandoned', 'texts'];
const E164 = /^\+[1-9]\d{6,14}$/;
const MESSAGING_SERVICE = /^MG[0-9a-fA-F]{32}$/;

/** `feedback:` — the SMS survey after the call: its kind, sender, timing and texts per language. */
export function readFeedback(r: Reader, v: unknown, path: Path, languages: Language[]): SmsFeedback | undefined {
  const o = r.obj(v, path, 'feedback');
  if (!o) return undefined;
  r.onlyFields(o, path, FEEDBACK_FIELDS, 'feedback');
  const at = (f: string) => [...path, f];
  const kind = o.sms;
  if (!SMS_SURVEY_KINDS.includes(kind as SmsSurveyKind)) {
    return r.error(at('sms'), `feedback needs 'sms': the survey to text, one of ${SMS_SURVEY_KINDS.join(', ')}; found ${describe(kind)}`);
  }
  const from =
    o.from === undefined
      ? r.error(path, `feedback needs 'from': the number (E.164) or Messaging Service (MG…) that sends the survey`)
      : r.text(o.from, at('from'), 'from');
  if (from && !E164.test(from) && !MESSAGING_SERVICE.test(from)) {
    r.error(
      at('from'),
      `from must be an E.164 number such as +18005550100 or a Messaging Service SID (MG followed by 32 hex digits), found "${from}"`,
    );
  }
  const delaySeconds = o.delay_seconds === undefined ? 60 : r.int(o.delay_seconds, at('delay_seconds'), 'delay_seconds', 0, 7 * 24 * 3600);
  const windowHours = o.window_hours === undefined ? 24 : r.int(o.window_hours, at('window_hours'), 'window_hours', 1, 24 * 30);
  const afterAbandoned = o.after_abandoned === undefined ? false : r.bool(o.after_abandoned, at('after_abandoned'), 'after_abandoned');
  const texts: Record<Language, Record<string, string>> = {};
  const t = r.obj(o.texts ?? {}, at('texts'), 'texts');
  for (const [lang, perKey] of Object.entries(t ?? {})) {
    const p = [...path, 'texts', lang];
    if (!languages.includes(lang)) {
      r.error(p, `'${lang}' is not one of the flow's languages (${languages.join(', ')})`, true);
      continue;
    }
    const k = r.obj(perKey, p, `the ${lang} texts`);
    if (!k) continue;
    r.onlyFields(k, p, SMS_TEXT_KEYS, `the ${lang} texts`);
    texts[lang] = {};
    for (const [key, text] of Object.entries(k)) {
      const s = r.text(text, [...p, key], `the ${lang} ${key} text`);
      if (s) texts[lang][key] = s;
    }
  }
  for (const lang of languages) {
    if (hasBuiltInSmsTexts(lang)) continue;
    const missing = SMS_TEXT_KEYS.filter((k) => !texts[lang]?.[k]);
    if (missing.length) r.error(at('texts'), `there are no built-in texts in ${lang}: give feedback.texts.${lang} (${missing.join(', ')})`);
  }
  if (!from || delaySeconds === undefined || windowHours === undefined || afterAbandoned === undefined || !t) return undefined;
  return { kind: kind as SmsSurveyKind, from, delaySeconds, windowHours, afterAbandoned, texts };
}
