import type { Catalogue } from './catalogue.js';

/** Mexican Spanish, "usted": "oprima", "la tecla de número" for #. */
export const esMX: Catalogue = {
  position: 'Usted es el número {position} en la fila.',
  firstInLine: 'Su llamada es la siguiente en ser atendida.',
  waitMinutes: {
    one: 'Su tiempo de espera estimado es de aproximadamente un minuto.',
    other: 'Su tiempo de espera estimado es de unos {minutes} minutos.',
  },
  waitUnderMinute: 'Su tiempo de espera estimado es de menos de un minuto.',
  waitUnknown: 'Le atenderemos en cuanto un agente esté disponible.',
  options: 'Para que le devolvamos la llamada sin perder su lugar, oprima asterisco. Para dejar un mensaje, oprima 1.',
  offerCallback:
    'Para que le llamemos al {number}, oprima 1. Para que le llamemos a otro número, márquelo ahora, seguido de la tecla de número.',
  offerCallbackKeyIn: 'Para que le devolvamos la llamada, marque su número de teléfono ahora, seguido de la tecla de número.',
  badNumber: 'Lo siento, ese número no es válido.',
  callbackCountry: 'Lo siento, no podemos devolver llamadas a números de ese país.',
  callbackBlocked: 'Lo siento, no podemos devolver llamadas a números de tarifa especial, de costo compartido ni satelitales.',
  callbackRetry: 'Por favor marque otro número, seguido de la tecla de número, u oprima asterisco para volver a la espera.',
  callbackBooked: 'Gracias. Le llamaremos al {number} y conservará su lugar en la fila. Adiós.',
  unavailable: 'En este momento ninguno de nuestros agentes está disponible.',
  voicemail: 'Por favor deje un mensaje después del tono y luego oprima la tecla de número.',
  voicemailThanks: 'Gracias por su mensaje. Adiós.',
  reconnect: 'No pudimos comunicarle con un agente. Por favor permanezca en la línea; conserva su lugar en la fila.',
  connecting: 'Le estamos comunicando con un agente.',
  ringingAgent: 'Le estamos comunicando con un agente. Por favor no cuelgue.',
  transferring: 'Por favor espere mientras transfiero su llamada.',
  transferFailed: 'El número no contestó. Por favor no cuelgue; le atenderá el siguiente agente.',
  confirmChoice: '¿Dijo {choice}? Oprima 1 o diga sí. Oprima 2 o diga no.',
  npsConfirm: 'Nos dio {score}. Gracias.',
  textUnavailable: 'Lo siento, no podemos enviar un mensaje de texto al número desde el que llama.',
  whisper: 'Llamada de {group} del {number}. Oprima 1 para aceptar.',
  whisperLanguage: 'Llamada de {group} del {number}, en {language}. Oprima 1 para aceptar.',
  callbackIntro: 'Devolución de llamada de {group}: {number}, en espera desde las {since}. Oprima 1 para llamar ahora.',
  recoveryCallbackIntro:
    'Devolución de llamada de recuperación del caso {case}, {group}: {number}, en espera desde las {since}. Oprima 1 para llamar ahora.',
  callingCustomer: 'Llamando al cliente.',
  callbackEnded: 'La llamada terminó.',
  callbackNotReached: 'El cliente no contestó. Conserva su lugar y se le volverá a llamar más tarde.',
  fallback: 'Lo sentimos, estamos teniendo problemas técnicos. Por favor espere mientras le comunicamos.',
};
