import twilio from 'twilio';
import type { Flow } from '../flows/model.js';
import type { SentenceId } from '../flows/sentences/ids.js';
import { sentenceUtterances, type SentenceFill } from '../flows/sentences/sentence.js';
import { spokenClock } from '../flows/sentences/spoken.js';
import { renderHangup, speak } from './render.js';
import type { AgentLegUrls } from './urls.js';

const { VoiceResponse } = twilio.twiml;

/** What an agent's leg is told about the offer it rings for (an assignment's details). */
export interface OfferForAgent {
  state: 'ringing' | 'connected' | 'ended';
  group: string;
  callerNumber: string;
  centreNumber: string;
  callbackNumber: string | null;
  language: string | null;
  firstEnteredAt: Date;
  /** A recovery callback booked by a feedback rule: the case it is for. */
  recoveryCaseId?: number | null;
}

/** The flow whose sentences the agent hears (the one answering the centre's number), if any. */
export type AgentFlow = Pick<Flow, 'messages' | 'languages' | 'voices' | 'hours' | 'timezone'> | undefined;

export function dialString(kind: 'phone' | 'client' | 'sip', contact: string): string {
  return kind === 'client' ? `client:${contact}` : contact;
}

/** The agent hears the flow's sentences in its first language: the centre's working language. */
const said = (flow: AgentFlow, id: SentenceId, fill?: SentenceFill) => sentenceUtterances(flow, id, fill);
const workingLanguage = (flow: AgentFlow) => flow?.languages[0] ?? 'en-US';

/** A caller's language named in the agent's language ("Spanish (Mexico)", "espagnol (Mexique)"). */
function languageName(code: string, inLanguage: string): string {
  try {
    return new Intl.DisplayNames([inLanguage], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** What the agent hears before an inbound call is bridged; only pressing 1 bridges it. */
export function whisperTwiml(a: OfferForAgent | undefined, urls: AgentLegUrls, flow?: AgentFlow): string {
  if (!a || a.state !== 'ringing') return renderHangup();
  const r = new VoiceResponse();
  const g = r.gather({ input: ['dtmf'], numDigits: 1, timeout: 8, action: urls.whisperAccept, method: 'POST' });
  const working = workingLanguage(flow);
  const fill = { group: a.group, number: { telephone: a.callerNumber } };
  speak(
    g,
    a.language && a.language !== working
      ? said(flow, 'whisperLanguage', { ...fill, language: languageName(a.language, working) })
      : said(flow, 'whisper', fill),
  );
  // No key: the agent's leg hangs up, the call is not bridged, and the caller goes back in line.
  r.hangup();
  return r.toString();
}

/** After the agent's key: an empty document bridges the call; anything but 1 refuses it. */
export function whisperAcceptTwiml(accepted: boolean): string {
  return accepted ? new VoiceResponse().toString() : renderHangup();
}

/** A callback: the agent is called first and told who they will call, and since when they wait (the centre's clock). */
export function callbackIntroTwiml(a: OfferForAgent | undefined, urls: AgentLegUrls, flow?: AgentFlow): string {
  if (!a || a.state !== 'ringing' || !a.callbackNumber) return renderHangup();
  const r = new VoiceResponse();
  const g = r.gather({ input: ['dtmf'], numDigits: 1, timeout: 8, action: urls.callbackAccept, method: 'POST' });
  const since = spokenClock(a.firstEnteredAt, flow?.timezone ?? 'UTC', workingLanguage(flow));
  const number = { telephone: a.callbackNumber };
  speak(
    g,
    a.recoveryCaseId
      ? said(flow, 'recoveryCallbackIntro', { case: a.recoveryCaseId, group: a.group, number, since })
      : said(flow, 'callbackIntro', { group: a.group, number, since }),
  );
  r.hangup();
  return r.toString();
}

/** The agent accepted the callback: dial the customer from the centre's number. */
export function callbackDialTwiml(a: OfferForAgent, accepted: boolean, urls: AgentLegUrls, flow?: AgentFlow): string {
  if (!accepted || !a.callbackNumber) return renderHangup();
  const r = new VoiceResponse();
  speak(r, said(flow, 'callingCustomer'));
  r.dial({ action: urls.callbackResult, method: 'POST', timeout: 30, callerId: a.centreNumber }).number(a.callbackNumber);
  return r.toString();
}

export function callbackResultTwiml(reached: boolean, flow?: AgentFlow): string {
  const r = new VoiceResponse();
  speak(r, said(flow, reached ? 'callbackEnded' : 'callbackNotReached'));
  r.hangup();
  return r.toString();
}
