import type { Language, Prompt } from './model.js';

/** What callers hear while queued, per language. Flows in other languages fall back to English. */
const CATALOGUE = {
  'en-US': {
    position: 'You are number {position} in line.',
    waitMinutes: 'Your expected wait is about {minutes} minutes.',
    waitUnderMinute: 'Your expected wait is less than a minute.',
    options: 'To be called back without losing your place in line, press star. To leave a message, press 1.',
    offerCallback: 'To be called back at {number}, press 1. To be called back at another number, enter it now, followed by the pound key.',
    offerCallbackKeyIn: 'To be called back, enter your phone number now, followed by the pound key.',
    badNumber: 'Sorry, that number is not valid.',
    callbackCountry: 'Sorry, we cannot call back numbers in that country.',
    callbackBlocked: 'Sorry, we cannot call back premium-rate, shared-cost or satellite numbers.',
    callbackRetry: 'Please enter another number, followed by the pound key, or press star to go back to hold.',
    callbackBooked: 'Thank you. We will call you back at {number}, and you keep your place in line. Goodbye.',
    unavailable: 'All of our agents are unavailable right now.',
    voicemail: 'Please leave a message after the tone, then press the pound key.',
    voicemailThanks: 'Thank you for your message. Goodbye.',
    reconnect: 'We could not reach an agent. Please stay on the line; you keep your place in line.',
    connecting: 'Connecting you to an agent.',
    ringingAgent: 'An agent is being connected now. Please stay on the line.',
    firstInLine: 'You are next in line.',
    waitUnknown: 'We will answer as soon as an agent is free.',
    confirmChoice: 'Did you say {choice}? Press 1 or say yes. Press 2 or say no.',
  },
  'es-MX': {
    position: 'Usted es el número {position} en la fila.',
    waitMinutes: 'Su tiempo de espera estimado es de unos {minutes} minutos.',
    waitUnderMinute: 'Su tiempo de espera estimado es de menos de un minuto.',
    options: 'Para que le devolvamos la llamada sin perder su lugar, oprima asterisco. Para dejar un mensaje, oprima 1.',
    offerCallback:
      'Para que le llamemos al {number}, oprima 1. Para que le llamemos a otro número, márquelo ahora, seguido de la tecla de número.',
    offerCallbackKeyIn: 'Para que le devolvamos la llamada, marque su número de teléfono ahora, seguido de la tecla de número.',
    badNumber: 'Lo siento, ese número no es válido.',
    callbackCountry: 'Lo siento, no podemos devolver llamadas a números de ese país.',
    callbackBlocked: 'Lo siento, no podemos devolver llamadas a números de tarifa especial, de costo compartido ni satelitales.',
    callbackRetry: 'Por favor marque otro número, seguido de la tecla de número, u oprima asterisco para volver a la espera.',
    callbackBooked: 'Gracias. Le llamaremos al {number} y conservará su lugar en la fila. Adiós.',
    unavailable: 'Todos nuestros agentes no están disponibles en este momento.',
    voicemail: 'Por favor deje un mensaje después del tono y luego oprima la tecla de número.',
    voicemailThanks: 'Gracias por su mensaje. Adiós.',
    reconnect: 'No pudimos comunicarle con un agente. Por favor permanezca en la línea; conserva su lugar en la fila.',
    connecting: 'Le estamos comunicando con un agente.',
    ringingAgent: 'Le estamos comunicando con un agente en este momento. Por favor permanezca en la línea.',
    firstInLine: 'Usted es el siguiente en la fila.',
    waitUnknown: 'Le atenderemos en cuanto un agente esté disponible.',
    confirmChoice: '¿Dijo {choice}? Oprima 1 o diga sí. Oprima 2 o diga no.',
  },
} satisfies Record<string, Record<string, string>>;

export type QueueMessage = keyof (typeof CATALOGUE)['en-US'];

export const hasQueueMessages = (language: Language): boolean => language in CATALOGUE;

/** One catalogue message as a prompt in every language the flow speaks, with `{name}`s filled in. */
export function queueMessage(id: QueueMessage, languages: Language[], fill: Record<string, string> = {}): Prompt {
  const text = (l: Language) =>
    (CATALOGUE[l as keyof typeof CATALOGUE] ?? CATALOGUE['en-US'])[id].replace(/\{(\w+)\}/g, (m, k: string) => fill[k] ?? m);
  return [{ say: Object.fromEntries(languages.map((l) => [l, text(l)])) }];
}

/** A phone number read out digit by digit ("5 5 5, 1 2 3, 4 5 6 7"), not as one huge number. */
export function spokenNumber(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  const groups = national.length === 10 ? [national.slice(0, 3), national.slice(3, 6), national.slice(6)] : [national];
  return groups.map((g) => g.split('').join(' ')).join(', ');
}
