import type { Catalogue } from './catalogue.js';

/** Canadian French, "vous": "le carré" for #, "l’étoile" for *, "appuyez sur le 1", "présentement". */
export const frCA: Catalogue = {
  position: 'Vous êtes le numéro {position} dans la file d’attente.',
  firstInLine: 'Votre appel sera le prochain à être traité.',
  waitMinutes: {
    one: 'Le temps d’attente prévu est d’environ une minute.',
    other: 'Le temps d’attente prévu est d’environ {minutes} minutes.',
  },
  waitUnderMinute: 'Le temps d’attente prévu est de moins d’une minute.',
  waitUnknown: 'Nous vous répondrons dès qu’un agent sera disponible.',
  options:
    'Pour être rappelé sans perdre votre place dans la file d’attente, appuyez sur l’étoile. Pour laisser un message, appuyez sur le 1.',
  offerCallback:
    'Pour être rappelé au {number}, appuyez sur le 1. Pour être rappelé à un autre numéro, composez-le maintenant, suivi du carré.',
  offerCallbackKeyIn: 'Pour être rappelé, composez maintenant votre numéro de téléphone, suivi du carré.',
  badNumber: 'Désolé, ce numéro n’est pas valide.',
  callbackCountry: 'Désolé, nous ne pouvons pas rappeler les numéros de ce pays.',
  callbackBlocked: 'Désolé, nous ne pouvons pas rappeler les numéros surfacturés, à frais partagés ou satellites.',
  callbackRetry: 'Veuillez composer un autre numéro, suivi du carré, ou appuyez sur l’étoile pour revenir en attente.',
  callbackBooked: 'Merci. Nous vous rappellerons au {number}, et vous conservez votre place dans la file d’attente. Au revoir.',
  unavailable: 'Aucun agent n’est disponible présentement.',
  voicemail: 'Veuillez laisser votre message après le signal sonore, puis appuyez sur le carré.',
  voicemailThanks: 'Merci pour votre message. Au revoir.',
  reconnect: 'Nous n’avons pas pu joindre d’agent. Veuillez rester en ligne; vous conservez votre place dans la file d’attente.',
  connecting: 'Nous vous transférons à un agent.',
  ringingAgent: 'Un agent va prendre votre appel. Veuillez rester en ligne.',
  transferring: 'Veuillez patienter pendant que je transfère votre appel.',
  transferFailed: "Le numéro n'a pas répondu. Veuillez rester en ligne pour le prochain agent.",
  confirmChoice: 'Avez-vous dit {choice}? Appuyez sur le 1 ou dites oui. Appuyez sur le 2 ou dites non.',
  npsConfirm: 'Vous nous avez donné {score}. Merci.',
  textUnavailable: 'Désolés, nous ne pouvons pas envoyer de texto au numéro à partir duquel vous appelez.',
  whisper: 'Appel {group} du {number}. Appuyez sur le 1 pour accepter.',
  whisperLanguage: 'Appel {group} du {number}, en {language}. Appuyez sur le 1 pour accepter.',
  callbackIntro: 'Rappel pour {group} : {number}, en attente depuis {since}. Appuyez sur le 1 pour appeler maintenant.',
  recoveryCallbackIntro:
    'Rappel de récupération pour le dossier {case}, {group} : {number}, en attente depuis {since}. Appuyez sur le 1 pour appeler maintenant.',
  callingCustomer: 'Appel du client en cours.',
  callbackEnded: 'L’appel est terminé.',
  callbackNotReached: 'Le client n’a pas répondu. Il conserve sa place et sera rappelé plus tard.',
  fallback: 'Nous sommes désolés, nous éprouvons des difficultés techniques. Veuillez patienter, nous vous transférons.',
};
