import type { CallEvent } from './call-types.js';
import type { Language, Prompt } from './model.js';
import { yesNoWords } from './speech.js';

/** What a survey step measures: satisfaction 1…scale, Net Promoter 0–10, or whether the issue was resolved. */
export const SURVEY_KINDS = ['csat', 'nps', 'resolved'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

/** The highest score of each kind: CSAT's is the step's scale; a resolved answer is stored 1 (yes) or 0 (no). */
export const NPS_TOP = 10;
export const RESOLVED_KEYS = { yes: '1', no: '2' } as const;

/**
 * The score an answer at a survey step means, or undefined when it means none (the step's invalid
 * rule). Keys: CSAT one key 1…scale; NPS 0–10, where 10 is two keys ("10"; spaces between keys
 * allowed, as the simulator types them); resolved 1 = yes (stored 1), 2 = no (stored 0). Speech:
 * yes or no for the resolved question, "no" winning ("no, it was not" is a no).
 */
export function surveyScore(step: { surveyKind: SurveyKind; scale: number }, event: CallEvent, language: Language): number | undefined {
  if (event.type === 'DIGITS') {
    const keys = event.digits.replace(/\s+/g, '');
    switch (step.surveyKind) {
      case 'csat':
        return /^[1-9]$/.test(keys) && Number(keys) <= step.scale ? Number(keys) : undefined;
      case 'nps':
        return /^(?:10|[0-9])$/.test(keys) ? Number(keys) : undefined;
      case 'resolved':
        return keys === RESOLVED_KEYS.yes ? 1 : keys === RESOLVED_KEYS.no ? 0 : undefined;
    }
  }
  if (event.type === 'SPEECH' && step.surveyKind === 'resolved') {
    const words = yesNoWords(language);
    const said = event.speech
      .toLowerCase()
      .split(/[^\p{L}\p{N}']+/u)
      .filter(Boolean);
    if (said.some((w) => words.no.includes(w))) return 0;
    if (said.some((w) => words.yes.includes(w))) return 1;
  }
  return undefined;
}

/** The confirmation with the score filled in (`{score}`); other placeholders are the flow's variables. */
export function confirmWithScore(confirm: Prompt, score: number): Prompt {
  return confirm.map((item) =>
    'say' in item
      ? { ...item, say: Object.fromEntries(Object.entries(item.say).map(([l, t]) => [l, t.replaceAll('{score}', String(score))])) }
      : item,
  );
}
