import type { Verb } from '../../src/emulator/twiml-document.js';

/**
 * Text-to-speech pace: ~150 words a minute, the usual figure for conversational English speech
 * (Polly and Twilio's voices read a prompt at about that rate at the default `rate`).
 */
export const WORDS_PER_MINUTE = 150;
/** A <Play>'s length is the audio file's, unknown without fetching it: assumed 30 s, a typical hold-music clip. */
export const PLAY_SECONDS = 30;
/**
 * `loop="0"` plays until something else happens (a dequeue, a redirect, a hang-up); played out
 * after 10 minutes here, so every document ends. The bench's server sends none.
 */
export const ENDLESS_PLAY_SECONDS = 600;
/** Twilio's <Gather> waits this long after its prompts when `timeout` is not given. */
export const GATHER_TIMEOUT_SECONDS = 5;

/** How long Twilio takes to play a <Say>, <Play> or <Pause>, in seconds. */
export function playSeconds(verb: Verb): number {
  const loops = verb.attrs.loop === undefined ? 1 : Number(verb.attrs.loop);
  const once =
    verb.name === 'Say'
      ? (verb.text.split(/\s+/).filter(Boolean).length / WORDS_PER_MINUTE) * 60
      : verb.name === 'Play'
        ? PLAY_SECONDS
        : Number(verb.attrs.length ?? 1);
  if (verb.name === 'Pause') return once;
  return loops === 0 ? ENDLESS_PLAY_SECONDS : once * loops;
}

/** How long Twilio listens after a <Gather>'s prompts before going on without input, in seconds. */
export function gatherTimeoutSeconds(attrs: Record<string, string>): number {
  return attrs.timeout === undefined ? GATHER_TIMEOUT_SECONDS : Number(attrs.timeout);
}
