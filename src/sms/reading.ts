import type { SmsSurveyKind } from '../flows/sms-texts.js';

// What a customer's text message says, read without any state (the conversation is in sms_surveys).

/** Twilio's default opt-out and opt-in keywords (its Advanced Opt-Out also answers them itself). */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'] as const;
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;

/** A body as stored: PostgreSQL text holds no NUL, so each becomes U+FFFD (nothing else is changed or cut). */
export const storableBody = (body: string): string => body.replace(/\0/g, '\uFFFD');

/** A keyword message: the whole message, any case, surrounding spaces and punctuation ignored. */
export function keywordOf(body: string): { optOut: string } | { optIn: string } | undefined {
  const word = body
    .trim()
    .replace(/[.!\s]+$/u, '')
    .toUpperCase();
  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(word)) return { optOut: word };
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(word)) return { optIn: word };
  return undefined;
}

const YES = ['yes', 'y', 'si', 'sí', 'yeah', 'yep', 'solved', 'resolved'];
const NO = ['no', 'n', 'nope', 'not'];

/**
 * The score a reply gives for a survey of `kind`, and the words after it (taken as the comment):
 * "9 great help" → 9, "great help". NPS 0–10, CSAT 1–5, resolved YES/SÍ = 1, NO = 0 (or 1/0).
 * Undefined when the reply gives no score on the scale ("nine", "11", "maybe", only spaces).
 */
export function readScore(kind: SmsSurveyKind, body: string): { score: number; comment: string } | undefined {
  const text = body.trim();
  if (kind === 'resolved') {
    const m = /^([\p{L}]+|[01])(?=$|[\s.,!;:-])[\s.,!;:-]*(.*)$/su.exec(text);
    if (!m) return undefined;
    const word = m[1].toLowerCase();
    const score = YES.includes(word) || word === '1' ? 1 : NO.includes(word) || word === '0' ? 0 : undefined;
    return score === undefined ? undefined : { score, comment: m[2].trim() };
  }
  const m = /^(\d{1,2})(?:\s*\/\s*(?:10|5))?(?=$|[^\d])[\s.,!;:-]*(.*)$/su.exec(text);
  if (!m) return undefined;
  const score = Number(m[1]);
  const [min, max] = kind === 'nps' ? [0, 10] : [1, 5];
  return score >= min && score <= max ? { score, comment: m[2].trim() } : undefined;
}
