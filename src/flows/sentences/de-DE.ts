import type { Catalogue } from './catalogue.js';

/** German, "Sie": "die Rautetaste" for #, "die Sterntaste" for *, "Warteschleife". */
export const deDE: Catalogue = {
  position: 'Sie befinden sich an Position {position} der Warteschleife.',
  firstInLine: 'Sie sind als Nächstes an der Reihe.',
  waitMinutes: {
    one: 'Ihre voraussichtliche Wartezeit beträgt etwa eine Minute.',
    other: 'Ihre voraussichtliche Wartezeit beträgt etwa {minutes} Minuten.',
  },
  waitUnderMinute: 'Ihre voraussichtliche Wartezeit beträgt weniger als eine Minute.',
  waitUnknown: 'Der nächste freie Mitarbeiter ist gleich für Sie da.',
  options:
    'Wenn Sie zurückgerufen werden möchten, ohne Ihren Platz in der Warteschleife zu verlieren, drücken Sie die Sterntaste. Um eine Nachricht zu hinterlassen, drücken Sie die 1.',
  offerCallback:
    'Um unter {number} zurückgerufen zu werden, drücken Sie die 1. Um unter einer anderen Nummer zurückgerufen zu werden, geben Sie diese jetzt ein und drücken Sie anschließend die Rautetaste.',
  offerCallbackKeyIn: 'Um zurückgerufen zu werden, geben Sie jetzt Ihre Telefonnummer ein und drücken Sie anschließend die Rautetaste.',
  badNumber: 'Diese Nummer ist leider ungültig.',
  callbackCountry: 'Nummern in diesem Land können wir leider nicht zurückrufen.',
  callbackBlocked: 'Sonderrufnummern und Satellitennummern können wir leider nicht zurückrufen.',
  callbackRetry:
    'Bitte geben Sie eine andere Nummer ein und drücken Sie anschließend die Rautetaste, oder drücken Sie die Sterntaste, um in die Warteschleife zurückzukehren.',
  callbackBooked: 'Vielen Dank. Wir rufen Sie unter {number} zurück, und Sie behalten Ihren Platz in der Warteschleife. Auf Wiederhören.',
  unavailable: 'Leider ist zurzeit keiner unserer Mitarbeiter erreichbar.',
  voicemail: 'Bitte hinterlassen Sie nach dem Signalton Ihre Nachricht und drücken Sie anschließend die Rautetaste.',
  voicemailThanks: 'Vielen Dank für Ihre Nachricht. Auf Wiederhören.',
  reconnect:
    'Wir konnten leider keinen Mitarbeiter erreichen. Bitte bleiben Sie in der Leitung; Sie behalten Ihren Platz in der Warteschleife.',
  connecting: 'Wir verbinden Sie mit einem Mitarbeiter.',
  ringingAgent: 'Sie werden jetzt mit einem Mitarbeiter verbunden. Bitte bleiben Sie in der Leitung.',
  transferring: 'Bitte bleiben Sie dran, ich verbinde Sie weiter.',
  transferFailed: 'Unter der Nummer hat sich niemand gemeldet. Bitte bleiben Sie dran, der nächste Mitarbeiter ist gleich für Sie da.',
  confirmChoice: 'Haben Sie {choice} gesagt? Drücken Sie die 1 oder sagen Sie Ja. Drücken Sie die 2 oder sagen Sie Nein.',
  npsConfirm: 'Sie haben uns {score} gegeben. Vielen Dank.',
  textUnavailable: 'Leider können wir an die Nummer, von der Sie anrufen, keine SMS senden.',
  whisper: 'Anruf für {group} von {number}. Drücken Sie die 1, um anzunehmen.',
  whisperLanguage: 'Anruf für {group} von {number}, Sprache: {language}. Drücken Sie die 1, um anzunehmen.',
  callbackIntro: 'Rückruf für {group}: {number}, wartet seit {since}. Drücken Sie die 1, um jetzt anzurufen.',
  recoveryCallbackIntro: 'Rückruf zur Reklamation {case}, {group}: {number}, wartet seit {since}. Drücken Sie die 1, um jetzt anzurufen.',
  callingCustomer: 'Der Kunde wird angerufen.',
  callbackEnded: 'Das Gespräch ist beendet.',
  callbackNotReached: 'Der Kunde hat nicht abgenommen. Er behält seinen Platz und wird später erneut angerufen.',
  fallback: 'Es tut uns leid, wir haben gerade technische Schwierigkeiten. Bitte bleiben Sie dran, wir verbinden Sie.',
};
