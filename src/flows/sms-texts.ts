import type { Language } from './model.js';

/** The kinds of SMS survey (the same as the keypad's: survey_responses.kind). */
export const SMS_SURVEY_KINDS = ['nps', 'csat', 'resolved'] as const;
export type SmsSurveyKind = (typeof SMS_SURVEY_KINDS)[number];

/**
 * What the SMS survey says, per language. `question_<kind>` asks the score; `{name}` is the flow's
 * name. Flows may override any of them (feedback.texts); a language with no built-in texts must
 * give them all.
 */
export const SMS_TEXT_KEYS = [
  'question_nps',
  'question_csat',
  'question_resolved',
  'follow_up',
  'thanks',
  'clarify_nps',
  'clarify_csat',
  'clarify_resolved',
  'closed',
  'unknown',
] as const;
export type SmsTextKey = (typeof SMS_TEXT_KEYS)[number];
export type SmsTexts = Record<SmsTextKey, string>;

const BUILT_IN: Record<string, SmsTexts> = {
  'en-US': {
    question_nps:
      'Thanks for calling {name}. How likely are you to recommend us to a friend? Reply with a number from 0 (not at all) to 10 (extremely). Reply STOP to opt out.',
    question_csat:
      'Thanks for calling {name}. How satisfied were you with your call? Reply with a number from 1 (very unsatisfied) to 5 (very satisfied). Reply STOP to opt out.',
    question_resolved: 'Thanks for calling {name}. Did we solve what you called about? Reply YES or NO. Reply STOP to opt out.',
    follow_up: 'Thank you! What is the main reason for your score?',
    thanks: 'Thank you for your feedback.',
    clarify_nps: 'Sorry, we did not understand. Please reply with a single number from 0 to 10.',
    clarify_csat: 'Sorry, we did not understand. Please reply with a single number from 1 to 5.',
    clarify_resolved: 'Sorry, we did not understand. Please reply YES or NO.',
    closed: 'Thank you for your message. This survey has closed; please call us if you need help.',
    unknown: 'Thank you for your message. This number cannot read replies; please call us if you need help.',
  },
  'es-MX': {
    question_nps:
      'Gracias por llamar a {name}. ¿Qué tan probable es que nos recomiende a un amigo? Responda con un número del 0 (nada probable) al 10 (muy probable). Responda STOP para no recibir más mensajes.',
    question_csat:
      'Gracias por llamar a {name}. ¿Qué tan satisfecho quedó con su llamada? Responda con un número del 1 (muy insatisfecho) al 5 (muy satisfecho). Responda STOP para no recibir más mensajes.',
    question_resolved:
      'Gracias por llamar a {name}. ¿Resolvimos el motivo de su llamada? Responda SÍ o NO. Responda STOP para no recibir más mensajes.',
    follow_up: '¡Gracias! ¿Cuál es la razón principal de su calificación?',
    thanks: 'Gracias por sus comentarios.',
    clarify_nps: 'Disculpe, no le entendimos. Responda con un solo número del 0 al 10.',
    clarify_csat: 'Disculpe, no le entendimos. Responda con un solo número del 1 al 5.',
    clarify_resolved: 'Disculpe, no le entendimos. Responda SÍ o NO.',
    closed: 'Gracias por su mensaje. Esta encuesta ya cerró; llámenos si necesita ayuda.',
    unknown: 'Gracias por su mensaje. Este número no lee respuestas; llámenos si necesita ayuda.',
  },
};

export const hasBuiltInSmsTexts = (language: Language): boolean => language in BUILT_IN;

/** The texts of one language: the flow's overrides over the built-in ones (English for a language without them). */
export function smsTexts(language: Language, overrides: Record<Language, Partial<SmsTexts>> = {}): SmsTexts {
  return { ...(BUILT_IN[language] ?? BUILT_IN['en-US']), ...overrides[language] };
}
