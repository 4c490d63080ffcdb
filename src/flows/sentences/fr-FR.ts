import type { Catalogue } from './catalogue.js';

/** French of France, "vous": "la touche dièse" for #, "la touche étoile" for *, "conseiller". */
export const frFR: Catalogue = {
  position: 'Vous êtes en position {position} dans la file d’attente.',
  firstInLine: 'Votre appel est le prochain à être traité.',
  waitMinutes: {
    one: 'Votre temps d’attente estimé est d’environ une minute.',
    other: 'Votre temps d’attente estimé est d’environ {minutes} minutes.',
  },
  waitUnderMinute: 'Votre temps d’attente estimé est de moins d’une minute.',
  waitUnknown: 'Nous vous répondrons dès qu’un conseiller sera disponible.',
  options:
    'Pour être rappelé sans perdre votre place dans la file d’attente, appuyez sur la touche étoile. Pour laisser un message, appuyez sur 1.',
  offerCallback:
    'Pour être rappelé au {number}, appuyez sur 1. Pour être rappelé à un autre numéro, composez-le maintenant, suivi de la touche dièse.',
  offerCallbackKeyIn: 'Pour être rappelé, composez maintenant votre numéro de téléphone, suivi de la touche dièse.',
  badNumber: 'Nous sommes désolés, ce numéro n’est pas valide.',
  callbackCountry: 'Nous sommes désolés, nous ne pouvons pas rappeler les numéros de ce pays.',
  callbackBlocked: 'Nous sommes désolés, nous ne pouvons pas rappeler les numéros surtaxés, à coûts partagés ou satellites.',
  callbackRetry: 'Veuillez composer un autre numéro, suivi de la touche dièse, ou appuyez sur la touche étoile pour revenir en attente.',
  callbackBooked: 'Merci. Nous vous rappellerons au {number}, et vous conservez votre place dans la file d’attente. Au revoir.',
  unavailable: 'Tous nos conseillers sont actuellement indisponibles.',
  voicemail: 'Veuillez laisser votre message après le bip sonore, puis appuyez sur la touche dièse.',
  voicemailThanks: 'Merci pour votre message. Au revoir.',
  reconnect: 'Nous n’avons pas pu joindre de conseiller. Veuillez rester en ligne ; vous conservez votre place dans la file d’attente.',
  connecting: 'Nous vous mettons en relation avec un conseiller.',
  ringingAgent: 'Un conseiller va prendre votre appel. Veuillez rester en ligne.',
  transferring: 'Veuillez patienter pendant que je transfère votre appel.',
  transferFailed: "Le numéro n'a pas répondu. Veuillez rester en ligne pour le prochain conseiller.",
  confirmChoice: 'Avez-vous dit {choice} ? Appuyez sur 1 ou dites oui. Appuyez sur 2 ou dites non.',
  npsConfirm: 'Vous nous avez donné {score}. Merci.',
  textUnavailable: 'Désolés, nous ne pouvons pas envoyer de SMS au numéro depuis lequel vous appelez.',
  whisper: 'Appel {group} du {number}. Appuyez sur 1 pour accepter.',
  whisperLanguage: 'Appel {group} du {number}, en {language}. Appuyez sur 1 pour accepter.',
  callbackIntro: 'Rappel pour {group} : {number}, en attente depuis {since}. Appuyez sur 1 pour appeler maintenant.',
  recoveryCallbackIntro:
    'Rappel de reconquête pour le dossier {case}, {group} : {number}, en attente depuis {since}. Appuyez sur 1 pour appeler maintenant.',
  callingCustomer: 'Appel du client en cours.',
  callbackEnded: 'L’appel est terminé.',
  callbackNotReached: 'Le client n’a pas répondu. Il conserve sa place et sera rappelé plus tard.',
  fallback: 'Nous sommes désolés, nous rencontrons des difficultés techniques. Veuillez patienter, nous vous mettons en relation.',
};
