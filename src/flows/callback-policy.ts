import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode, type NumberType } from 'libphonenumber-js/max';

/**
 * The centre's callback policy: which numbers Switchboard may call a customer back on. A callback
 * is a call the centre pays for, so a number a caller keys in (or their caller ID) is dialled only
 * when it is a valid E.164 number, in an allowed country, outside the blocked ranges.
 */
export interface CallbackRules {
  /** ISO 3166-1 alpha-2 countries callbacks may go to; unset: the country of the number the caller dialled. */
  countries?: CountryCode[];
  /** E.164 prefixes never called back: the built-in premium-rate and satellite ranges, and any configured. */
  blockedPrefixes: string[];
}

/**
 * Ranges a caller could use to make the centre pay (toll fraud): NANP premium rate (900) and
 * pay-per-call (976); international premium rate (+979) and shared cost (+808); satellite and
 * international networks (+870 Inmarsat, +881 GMSS, +882/+883 international networks); +878 UPT
 * and +888 (OCHA), which reach no ordinary subscriber.
 */
export const DEFAULT_BLOCKED_PREFIXES: readonly string[] = [
  '+1900',
  '+1976',
  '+979',
  '+808',
  '+870',
  '+881',
  '+882',
  '+883',
  '+878',
  '+888',
];

/** Number types (as libphonenumber knows them) that cost more than a call or reach no customer. */
export const BLOCKED_NUMBER_TYPES: ReadonlySet<NumberType> = new Set<NumberType>([
  'PREMIUM_RATE',
  'SHARED_COST',
  'PERSONAL_NUMBER',
  'PAGER',
  'VOICEMAIL',
]);

export const DEFAULT_CALLBACK_RULES: CallbackRules = { blockedPrefixes: [...DEFAULT_BLOCKED_PREFIXES] };

/** Why a callback number was refused (the label of switchboard_callback_refusals_total). */
export type CallbackRefusal = 'invalid' | 'country' | 'blocked-prefix' | 'number-type';

export type CallbackVerdict = { ok: true; number: string } | { ok: false; reason: CallbackRefusal; number?: string };

export const isCountryCode = (s: string): s is CountryCode => /^[A-Z]{2}$/.test(s) && isSupportedCountry(s);

/** The country a call's keyed digits are read in: that of the number the caller dialled, else the first allowed one. */
export function homeCountry(dialled: string, rules: CallbackRules): CountryCode | undefined {
  return parsePhoneNumberFromString(dialled)?.country ?? rules.countries?.[0];
}

/** Checks an E.164 number against the policy, for a call to `dialled` (the centre's number). */
export function checkCallbackNumber(e164: string, rules: CallbackRules, dialled: string): CallbackVerdict {
  const parsed = /^\+[1-9]\d{1,14}$/.test(e164) ? parsePhoneNumberFromString(e164) : undefined;
  if (!parsed?.isValid() || parsed.number !== e164) return { ok: false, reason: 'invalid' };
  const number = parsed.number;
  if (rules.blockedPrefixes.some((p) => number.startsWith(p))) return { ok: false, reason: 'blocked-prefix', number };
  const type = parsed.getType();
  if (type && BLOCKED_NUMBER_TYPES.has(type)) return { ok: false, reason: 'number-type', number };
  const home = homeCountry(dialled, rules);
  const allowed = rules.countries ?? (home ? [home] : []);
  // Non-geographic numbers (+881 …) have no country, so they are never in an allowed list.
  if (!parsed.country || !allowed.includes(parsed.country)) return { ok: false, reason: 'country', number };
  return { ok: true, number };
}

/**
 * Digits a caller keyed in for a callback (a trailing # allowed): read as a number of the home
 * country first (national form, or with its international prefix such as 011), then as a full
 * international number without the +, and checked against the policy.
 */
export function callbackNumberFromKeys(digits: string, rules: CallbackRules, dialled: string): CallbackVerdict {
  const d = digits.replace(/#$/, '');
  if (!/^\d{3,20}$/.test(d)) return { ok: false, reason: 'invalid' };
  const home = homeCountry(dialled, rules);
  const candidates = [home && parsePhoneNumberFromString(d, home), parsePhoneNumberFromString(`+${d}`)];
  const valid = candidates.find((n) => n && n.isValid());
  return valid ? checkCallbackNumber(valid.number, rules, dialled) : { ok: false, reason: 'invalid' };
}
