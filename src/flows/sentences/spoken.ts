import type { Hours, Language } from '../model.js';

/** Plural categories of Intl.PluralRules: which form of a sentence a count takes in a language. */
export const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
export type PluralCategory = (typeof PLURAL_CATEGORIES)[number];

const pluralRules = new Map<string, Intl.PluralRules>();
/** The plural category of `count` in `language` ("one" for 1 in English; for 0 and 1 in French). */
export function pluralOf(count: number, language: Language): PluralCategory {
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
  return rules.select(count);
}

/** A phone number read out digit by digit ("5 5 5, 1 2 3, 4 5 6 7"), not as one huge number. */
export function spokenDigits(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  const groups = national.length === 10 ? [national.slice(0, 3), national.slice(3, 6), national.slice(6)] : [national];
  return groups.map((g) => g.split('').join(' ')).join(', ');
}

/** Voices that read SSML (Amazon Polly and Google voices); Twilio's basic man, woman and alice do not. */
export const speaksSsml = (voice: string | undefined): boolean => !!voice && /^(Polly|Google)\./.test(voice);

const base = (language: Language) => language.split('-')[0];

/** A clock time (minutes after midnight) the way it is said in the language: "8 a.m.", "18 h 30", "8 Uhr", "18h30". */
export function spokenTime(minute: number, language: Language): string {
  const h = Math.floor(minute / 60) % 24;
  const m = minute % 60;
  const mm = String(m).padStart(2, '0');
  switch (base(language)) {
    case 'en': {
      if (m === 0 && h === 12) return 'noon';
      if (m === 0 && h === 0) return 'midnight';
      const h12 = h % 12 === 0 ? 12 : h % 12;
      return `${h12}${m ? `:${mm}` : ''} ${h < 12 ? 'a.m.' : 'p.m.'}`;
    }
    case 'fr':
      return m ? `${h} h ${mm}` : `${h} h`;
    case 'de':
      return m ? `${h}:${mm} Uhr` : `${h} Uhr`;
    case 'pt':
      return m ? `${h}h${mm}` : `${h}h`;
    default:
      return `${h}:${mm}`;
  }
}

/** An instant's clock time in a zone, said in the language (the agent hears how long a callback has waited). */
export function spokenClock(at: Date, timezone: string, language: Language): string {
  const p = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).formatToParts(
    at,
  );
  const part = (t: string) => Number(p.find((x) => x.type === t)?.value ?? 0);
  return spokenTime(part('hour') * 60 + part('minute'), language);
}

/** How days, day ranges and time ranges are put into words in each language. */
interface HoursWords {
  days(from: string, to: string): string;
  day(name: string): string;
  range(from: string, to: string): string;
  /** Open the whole day (00:00-24:00). */
  allDay: string;
  and: string;
  group(days: string, ranges: string): string;
}

const WORDS: Record<string, HoursWords> = {
  en: {
    days: (a, b) => `${a} to ${b}`,
    day: (d) => d,
    range: (a, b) => `${a} to ${b}`,
    allDay: 'around the clock',
    and: ' and ',
    group: (d, r) => `${d}, ${r}`,
  },
  fr: {
    days: (a, b) => `du ${a} au ${b}`,
    day: (d) => `le ${d}`,
    range: (a, b) => `de ${a} à ${b}`,
    allDay: '24 heures sur 24',
    and: ' et ',
    group: (d, r) => `${d}, ${r}`,
  },
  es: {
    days: (a, b) => `de ${a} a ${b}`,
    // Weekly hours: "los sábados"; lunes … viernes are the same in the plural.
    day: (d) => `los ${d.endsWith('s') ? d : `${d}s`}`,
    range: (a, b) => `de ${a} a ${b}`,
    allDay: 'las 24 horas',
    and: ' y ',
    group: (d, r) => `${d}, ${r}`,
  },
  de: {
    days: (a, b) => `${a} bis ${b}`,
    day: (d) => d,
    range: (a, b) => `von ${a} bis ${b}`,
    allDay: 'rund um die Uhr',
    and: ' und ',
    group: (d, r) => `${d} ${r}`,
  },
  pt: {
    days: (a, b) => `de ${a} a ${b}`,
    // Weekly hours: "às segundas-feiras", "aos sábados".
    day: (d) => (d.endsWith('-feira') ? `às ${d.replace(/-feira$/, 's-feiras')}` : `aos ${d}s`),
    range: (a, b) => `das ${a} às ${b}`,
    allDay: '24 horas por dia',
    and: ' e ',
    group: (d, r) => `${d}, ${r}`,
  },
};

/** Weekday names in the language, Monday first (index 0 = Sunday, as in Hours). */
function weekdayNames(language: Language): string[] {
  const f = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' });
  // 2026-11-22 is a Sunday.
  return [0, 1, 2, 3, 4, 5, 6].map((d) => f.format(Date.UTC(2026, 10, 22 + d)));
}

const MONDAY_FIRST = [1, 2, 3, 4, 5, 6, 0];

/**
 * Weekly opening hours in words: "Monday to Friday, 8 a.m. to 6 p.m.; Saturday, 9 a.m. to noon" /
 * "du lundi au vendredi, de 8 h à 18 h". Days with the same hours next to each other are grouped.
 * Closed days are left out (the caller hears when they can call); closed dates are exceptions, not said.
 */
export function spokenHours(hours: Hours, language: Language): string {
  const words = WORDS[base(language)] ?? WORDS.en;
  const names = weekdayNames(language);
  const key = (d: number) => hours.weekly[d].map(([a, b]) => `${a}-${b}`).join(',');
  const groups: number[][] = [];
  for (const d of MONDAY_FIRST) {
    if (hours.weekly[d].length === 0) continue;
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    if (last && MONDAY_FIRST.indexOf(prev) === MONDAY_FIRST.indexOf(d) - 1 && key(prev) === key(d)) last.push(d);
    else groups.push([d]);
  }
  return groups
    .map((g) => {
      const days = g.length === 1 ? words.day(names[g[0]]) : words.days(names[g[0]], names[g[g.length - 1]]);
      const ranges = hours.weekly[g[0]]
        .map(([a, b]) => (a === 0 && b === 24 * 60 ? words.allDay : words.range(spokenTime(a, language), spokenTime(b, language))))
        .join(words.and);
      return words.group(days, ranges);
    })
    .join('; ');
}

/**
 * The wait a caller hears for an estimate: "about N minutes" (N ≥ 1, to the nearest minute) or,
 * under a minute, "less than a minute" (minutes 0). `seconds` is the figure the wait-estimate report
 * scores: N minutes, or 30 s for "less than a minute" (the middle of [0, 60), as N minutes is the
 * middle of what is rounded to N).
 */
export function spokenWait(etaSeconds: number): { minutes: number; seconds: number } {
  if (etaSeconds < 60) return { minutes: 0, seconds: 30 };
  const minutes = Math.max(1, Math.round(etaSeconds / 60));
  return { minutes, seconds: minutes * 60 };
}
