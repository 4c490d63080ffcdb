import type { Language, Step } from './model.js';
import { readPrompt, type PromptContext } from './read-prompt.js';
import type { Reader } from './reader.js';
import type { StepReader } from './read-steps.js';
import type { Path } from './source.js';

const E164 = /^\+[1-9]\d{6,14}$/;
const MESSAGING_SERVICE = /^MG[0-9a-fA-F]{32}$/;
/** A text message is cut by carriers past ten segments; a flow's text is kept well under Twilio's 1600 characters. */
export const MAX_TEXT_LENGTH = 1000;

/** A `text:` step's message: like a prompt, a text per language (one text when the flow speaks one), with `{variables}`. */
export function readTextBody(r: Reader, v: unknown, path: Path, ctx: PromptContext): Record<Language, string> | undefined {
  if (Array.isArray(v)) return r.error(path, `text is one message: a text, or a text per language`);
  const prompt = readPrompt(r, v, path, ctx);
  const item = prompt?.[0];
  if (!prompt || prompt.length !== 1 || !item || !('say' in item)) {
    return prompt ? r.error(path, `text is the message to send: a text, or a text per language (${ctx.languages.join(', ')})`) : undefined;
  }
  const body: Record<Language, string> = {};
  for (const lang of ctx.languages) body[lang] = item.say[lang] ?? Object.values(item.say)[0];
  for (const [lang, text] of Object.entries(body)) {
    if (text.length > MAX_TEXT_LENGTH)
      return r.error(path, `the ${lang} text is ${text.length} characters; keep it under ${MAX_TEXT_LENGTH}`);
  }
  return body;
}

/** `from:` of a text step: an E.164 number or a Messaging Service SID. */
export function readSender(r: Reader, v: unknown, path: Path): string | undefined {
  const from = r.text(v, path, 'from');
  if (from && !E164.test(from) && !MESSAGING_SERVICE.test(from)) {
    return r.error(path, `from must be an E.164 number such as +18005550100 or a Messaging Service SID (MG…), found "${from}"`);
  }
  return from;
}

/** A `text:` step: the message per language, its sender, what is said, and where the call goes either way. */
export function readTextStep(s: StepReader): Step | undefined {
  const body = readTextBody(s.r, s.o.text, s.at('text'), s.ctx);
  const from = s.o.from === undefined ? undefined : readSender(s.r, s.o.from, s.at('from'));
  const prompt = s.prompt('say');
  const then = s.target('then', 'where the call goes once the text is sent');
  const unavailable = s.o.unavailable === undefined ? undefined : s.readTarget(s.o.unavailable, s.at('unavailable'));
  if (!body || (s.o.from !== undefined && !from) || !prompt || !then || (s.o.unavailable !== undefined && !unavailable)) return undefined;
  return { kind: 'text', body, ...(from ? { from } : {}), prompt, then, ...(unavailable ? { unavailable } : {}) };
}
