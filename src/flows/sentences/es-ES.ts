import type { Catalogue } from './catalogue.js';

/** Spanish of Spain, "usted": "pulse", "la tecla almohadilla" for #, "su turno". */
export const esES: Catalogue = {
  position: 'Su llamada ocupa el puesto número {position} en la cola.',
  firstInLine: 'Su llamada es la siguiente en ser atendida.',
  waitMinutes: {
    one: 'El tiempo de espera estimado es de aproximadamente un minuto.',
    other: 'El tiempo de espera estimado es de aproximadamente {minutes} minutos.',
  },
  waitUnderMinute: 'El tiempo de espera estimado es inferior a un minuto.',
  waitUnknown: 'Le atenderemos en cuanto haya un agente disponible.',
  options: 'Si desea que le devolvamos la llamada sin perder su turno, pulse asterisco. Para dejar un mensaje, pulse 1.',
  offerCallback:
    'Para que le llamemos al {number}, pulse 1. Para que le llamemos a otro número, márquelo ahora, seguido de la tecla almohadilla.',
  offerCallbackKeyIn: 'Para que le devolvamos la llamada, marque ahora su número de teléfono, seguido de la tecla almohadilla.',
  badNumber: 'Lo sentimos, ese número no es válido.',
  callbackCountry: 'Lo sentimos, no podemos devolver llamadas a números de ese país.',
  callbackBlocked: 'Lo sentimos, no podemos devolver llamadas a números de tarificación adicional, de coste compartido ni por satélite.',
  callbackRetry: 'Por favor, marque otro número, seguido de la tecla almohadilla, o pulse asterisco para volver a la espera.',
  callbackBooked: 'Gracias. Le llamaremos al {number} y conservará su turno. Adiós.',
  unavailable: 'En este momento no hay ningún agente disponible.',
  voicemail: 'Por favor, deje su mensaje después de la señal y, a continuación, pulse la tecla almohadilla.',
  voicemailThanks: 'Gracias por su mensaje. Adiós.',
  reconnect: 'No hemos podido contactar con un agente. Por favor, no cuelgue; conserva su turno.',
  connecting: 'Le pasamos con un agente.',
  ringingAgent: 'Le estamos pasando con un agente. Por favor, no cuelgue.',
  transferring: 'Por favor, espere mientras transfiero su llamada.',
  transferFailed: 'El número no ha contestado. Por favor, no cuelgue; le atenderá el próximo agente.',
  confirmChoice: '¿Ha dicho {choice}? Pulse 1 o diga sí. Pulse 2 o diga no.',
  npsConfirm: 'Nos ha dado un {score}. Gracias.',
  textUnavailable: 'Lo sentimos, no podemos enviar un SMS al número desde el que llama.',
  whisper: 'Llamada de {group} del {number}. Pulse 1 para aceptarla.',
  whisperLanguage: 'Llamada de {group} del {number}, en {language}. Pulse 1 para aceptarla.',
  callbackIntro: 'Devolución de llamada de {group}: {number}, en espera desde las {since}. Pulse 1 para llamar ahora.',
  recoveryCallbackIntro:
    'Devolución de llamada de recuperación del caso {case}, {group}: {number}, en espera desde las {since}. Pulse 1 para llamar ahora.',
  callingCustomer: 'Llamando al cliente.',
  callbackEnded: 'La llamada ha finalizado.',
  callbackNotReached: 'El cliente no ha contestado. Conserva su turno y se le volverá a llamar más tarde.',
  fallback: 'Lo sentimos, estamos teniendo problemas técnicos. Por favor, espere mientras le pasamos la llamada.',
};
