import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The caller's number when it names one customer: a valid E.164 phone number. Withheld and
 * anonymous caller IDs (Twilio's "anonymous", +266696687 and the like), browser clients and SIP
 * addresses are no one in particular: they are never recognised, deduplicated or called back.
 */
export function customerNumber(from: string | null | undefined): string | null {
  if (!from || !/^\+[1-9]\d{6,14}$/.test(from)) return null;
  const parsed = parsePhoneNumberFromString(from);
  return parsed?.isValid() && parsed.number === from ? from : null;
}
