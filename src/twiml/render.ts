import twilio from 'twilio';
import { assertNever } from '../assert-never.js';
import type { Utterance } from '../flows/call-types.js';
import { DEFAULT_HOLD_MUSIC, type Flow } from '../flows/model.js';
import { sentenceUtterances } from '../flows/sentences/sentence.js';
import { speaksSsml } from '../flows/sentences/spoken.js';
import type { GatherSpeech, Reply } from './reply.js';
import { fallbackUrls, type UrlFor } from './urls.js';

const { VoiceResponse } = twilio.twiml;
type Response = InstanceType<typeof VoiceResponse>;
type Container = Pick<Response, 'say' | 'play' | 'pause'>;

/**
 * Says, plays or pauses each utterance. A phone number is read with SSML `<say-as interpret-as="telephone">`
 * by voices that read SSML (Polly, Google); Twilio's basic voices get the digits spelled out instead.
 */
export function speak(into: Container, items: Utterance[]): void {
  for (const u of items) {
    if ('pause' in u) into.pause({ length: u.pause });
    else if ('play' in u) into.play(u.play);
    else {
      const attrs = { language: u.language as never, ...(u.voice ? { voice: u.voice as never } : {}) };
      if (!u.parts || !speaksSsml(u.voice)) {
        into.say(attrs, u.say);
        continue;
      }
      const said = into.say(attrs, '');
      for (const p of u.parts) {
        if (typeof p === 'string') said.addText(p);
        else said.sayAs({ 'interpret-as': 'telephone' }, p.telephone);
      }
    }
  }
}

/** Turns an engine reply into the TwiML document Twilio runs next. */
/** A <Gather>'s speech attributes; bargeIn is Twilio's default, so only its opposite is written. */
function speechAttributes(s: GatherSpeech) {
  return {
    language: s.language as never,
    ...(s.hints.length ? { hints: s.hints.join(', ') } : {}),
    speechTimeout: String(s.endTimeout),
    ...(s.model ? { speechModel: s.model } : {}),
    ...(s.enhanced ? { enhanced: true } : {}),
    ...(s.bargeIn ? {} : { bargeIn: false }),
  };
}

export function renderReply(reply: Reply, url: UrlFor): string {
  const r = new VoiceResponse();
  const w = reply.wait;
  if (w.kind === 'hold') {
    // Everything on hold is inside a one-key <Gather>, so * or 1 works at any moment; when this
    // document ends Twilio asks the waitUrl again.
    const g = r.gather({ input: ['dtmf'], numDigits: 1, timeout: 1, action: url('queue-key'), method: 'POST' });
    speak(g, [...reply.utterances, ...w.prompt]);
    g.play(w.music);
    return r.toString();
  }
  speak(r, reply.utterances);
  switch (w.kind) {
    case 'gather': {
      const g = r.gather({
        input: w.speech ? ['dtmf', 'speech'] : ['dtmf'],
        action: url(w.inQueue ? 'queue-key' : 'gather'),
        method: 'POST',
        timeout: w.timeout,
        ...(w.numDigits ? { numDigits: w.numDigits } : {}),
        ...(w.finishOnKey ? { finishOnKey: w.finishOnKey } : {}),
        ...(w.speech ? speechAttributes(w.speech) : {}),
      });
      speak(g, w.prompt);
      // Twilio runs the next verb when the caller presses nothing: that is our no-input event. In
      // the queue, the document simply ends and Twilio asks the waitUrl again.
      if (!w.inQueue) r.redirect({ method: 'POST' }, url('no-input'));
      break;
    }
    case 'leave':
      r.leave();
      break;
    case 'connect': {
      const d = r.dial({ action: url('dial-result'), method: 'POST', timeout: w.timeout, callerId: w.callerId });
      const whisper = { url: url.whisper(w.assignmentId), method: 'POST' as const };
      if (w.agent.kind === 'phone') d.number(whisper, w.agent.contact);
      else if (w.agent.kind === 'client') d.client(whisper, w.agent.contact);
      else d.sip(whisper, w.agent.contact);
      break;
    }
    case 'enqueue':
      r.enqueue({ waitUrl: url('queue-wait'), waitUrlMethod: 'POST', action: url('queue-result'), method: 'POST' }, w.group);
      break;
    case 'dial':
      r.dial({ action: url('dial-result'), method: 'POST', timeout: w.timeout, ...(w.callerId ? { callerId: w.callerId } : {}) }).number(
        w.to,
      );
      break;
    case 'record':
      speak(r, w.prompt);
      r.record({ action: url('recorded'), method: 'POST', maxLength: w.maxLength, finishOnKey: w.finishOnKey, playBeep: true });
      // An empty recording does not call the action; Twilio goes on to this redirect instead.
      r.redirect({ method: 'POST' }, url('no-input'));
      break;
    case 'hangup':
      r.hangup();
      break;
    case 'lookup':
    case 'text-check':
      throw new Error(`cannot answer Twilio while ${w.kind} '${w.step}' is pending`);
    default:
      assertNever(w, 'wait');
  }
  return r.toString();
}

export type Fallback = { queue: string } | { number: string };

/**
 * What a caller gets when something inside Switchboard fails: a short apology, then a number, or a
 * Twilio queue that holds them while we are unwell. Its waitUrl asks us how we are; once we answer
 * again the caller leaves that queue and the <Redirect> after it resumes their call.
 */
export function renderFallback(
  fallback: Fallback,
  baseUrl: string,
  flow?: Pick<Flow, 'messages' | 'languages' | 'voices' | 'hours'>,
): string {
  const r = new VoiceResponse();
  // In the language of the flow that answers the number called, when we know it; else English.
  speak(r, sentenceUtterances(flow, 'fallback'));
  if ('number' in fallback) r.dial(fallback.number);
  else {
    const urls = fallbackUrls(baseUrl);
    r.enqueue({ waitUrl: urls.wait, waitUrlMethod: 'POST' }, fallback.queue);
    r.redirect({ method: 'POST' }, urls.recover);
  }
  return r.toString();
}

/** The fallback queue's hold: music while we are unwell, <Leave/> once we are well again. */
export function renderFallbackWait(recovered: boolean): string {
  const r = new VoiceResponse();
  if (recovered) r.leave();
  else r.play(DEFAULT_HOLD_MUSIC);
  return r.toString();
}

export function renderHangup(): string {
  const r = new VoiceResponse();
  r.hangup();
  return r.toString();
}
