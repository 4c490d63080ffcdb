// Which numbers Switchboard texts. Without a carrier lookup (Twilio Lookup's line type, a paid
// request per number) a number is "mobile-looking": an E.164 number that is not withheld and not,
// by its prefix, a line that cannot take text messages. Twilio reports the rest (error 21614
// "not a mobile number") and the message is then recorded as failed.

const E164 = /^\+[1-9]\d{7,14}$/;

/** What Twilio puts in From for a caller who withheld their number (and the lines that map to it). */
const WITHHELD = new Set(['+266696687', '+7378742833', '+2562533', '+8656696', '+86282452253', 'anonymous', 'restricted', 'unknown']);

/**
 * North American (+1) area codes that are never mobile: toll-free (8XX), premium (900) and the
 * N11 service codes; and the 555-01XX numbers reserved for fiction are fine (the demo uses them).
 */
const NANP_NOT_MOBILE = /^\+1(8(00|33|44|55|66|77|88)|900|[2-9]11)/;
/** UK (+44) numbers other than 07 mobiles; and freephone/premium ranges of a few common countries. */
const NOT_MOBILE_ELSEWHERE = [/^\+44(?!7)/, /^\+61(?!4)/, /^\+49(800|900|180)/, /^\+33(8|9)/, /^\+52(800|900)/];

/** Whether the caller ID is one of those Twilio gives a caller who withheld their number. */
export const isWithheldNumber = (number: string | null | undefined): boolean => !number || WITHHELD.has(number.trim().toLowerCase());

/** Whether Switchboard would text this number: a mobile-looking E.164 number (see the rule above). */
export function isTextableNumber(number: string): boolean {
  const n = number.trim();
  if (isWithheldNumber(n) || !E164.test(n)) return false;
  if (NANP_NOT_MOBILE.test(n)) return false;
  return !NOT_MOBILE_ELSEWHERE.some((re) => re.test(n));
}
