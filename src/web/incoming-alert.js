// An incoming call must be impossible to miss (issue 14 item 9): a ring tone, a browser
// notification, an aria-live announcement and the tab title, all started together when an offer
// rings and stopped together when it stops ringing.
import { $ } from './common.js';

const RING_EVERY_MS = 3000; // one two-tone burst every 3 s: heard, not a siren
let audio; // an AudioContext, made on the agent's first click (browsers refuse sound before a gesture)
let ringTimer;
let ringingFor;
let notification;
const titleAtRest = document.title;

/** Called on the agent's first click anywhere: the sound and the notification permission need a gesture. */
export function unlockAlerts() {
  audio ??= typeof AudioContext === 'function' ? new AudioContext() : undefined;
  audio?.resume?.();
  if (typeof Notification === 'function' && Notification.permission === 'default') Notification.requestPermission().catch(() => {});
}

function burst() {
  if (!audio || audio.state !== 'running') return;
  const gain = audio.createGain();
  gain.gain.value = 0.15;
  gain.connect(audio.destination);
  for (const hz of [440, 480]) {
    const tone = audio.createOscillator();
    tone.frequency.value = hz;
    tone.connect(gain);
    tone.start();
    tone.stop(audio.currentTime + 0.8);
  }
}

/** The alert for a ringing offer (`call` from the console snapshot), or none when `call` is not ringing. */
export function alertFor(call) {
  const ringing = call?.state === 'ringing' ? call : undefined;
  if (ringing?.assignmentId === ringingFor) return;
  stop();
  if (!ringing) return;
  ringingFor = ringing.assignmentId;
  const what = `Incoming ${ringing.group} call from ${ringing.caller}`;
  $('#announce').textContent = `${what}. Answer your phone and press 1.`;
  document.title = `Ringing: ${ringing.group} call — ${titleAtRest}`;
  $('#ringer').dataset.state = 'ringing';
  burst();
  ringTimer = setInterval(burst, RING_EVERY_MS);
  if (typeof Notification === 'function' && Notification.permission === 'granted' && !document.hasFocus()) {
    notification = new Notification(what, {
      body: 'Answer your phone and press 1.',
      tag: `offer-${ringing.assignmentId}`,
      requireInteraction: true,
    });
    notification.onclick = () => (window.focus(), notification?.close());
  }
}

function stop() {
  ringingFor = undefined;
  clearInterval(ringTimer);
  notification?.close();
  notification = undefined;
  document.title = titleAtRest;
  $('#ringer').dataset.state = 'quiet';
}
