import twilio from 'twilio';
import { spokenNumber } from '../flows/queue-messages.js';
import { renderHangup } from './render.js';
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

export function dialString(kind: 'phone' | 'client' | 'sip', contact: string): string {
  return kind === 'client' ? `client:${contact}` : contact;
}

const sinceText = (d: Date) => d.toISOString().slice(11, 16) + ' UTC';

/** What the agent hears before an inbound call is bridged; only pressing 1 bridges it. */
export function whisperTwiml(a: OfferForAgent | undefined, urls: AgentLegUrls): string {
  if (!a || a.state !== 'ringing') return renderHangup();
  const r = new VoiceResponse();
  const g = r.gather({ input: ['dtmf'], numDigits: 1, timeout: 8, action: urls.whisperAccept, method: 'POST' });
  g.say(
    { language: 'en-US' },
    `${a.group} call from ${spokenNumber(a.callerNumber)}${a.language && a.language !== 'en-US' ? `, language ${a.language}` : ''}. Press 1 to accept.`,
  );
  // No key: the agent's leg hangs up, the call is not bridged, and the caller goes back in line.
  r.hangup();
  return r.toString();
}

/** After the agent's key: an empty document bridges the call; anything but 1 refuses it. */
export function whisperAcceptTwiml(accepted: boolean): string {
  return accepted ? new VoiceResponse().toString() : renderHangup();
}

/** A callback: the agent is called first and told who they will call. */
export function callbackIntroTwiml(a: OfferForAgent | undefined, urls: AgentLegUrls): string {
  if (!a || a.state !== 'ringing' || !a.callbackNumber) return renderHangup();
  const r = new VoiceResponse();
  const g = r.gather({ input: ['dtmf'], numDigits: 1, timeout: 8, action: urls.callbackAccept, method: 'POST' });
  g.say(
    { language: 'en-US' },
    `${a.recoveryCaseId ? `Recovery callback for case ${a.recoveryCaseId}, ${a.group}` : `Callback for ${a.group}`}: ${spokenNumber(a.callbackNumber)}, waiting since ${sinceText(a.firstEnteredAt)}. Press 1 to call them now.`,
  );
  r.hangup();
  return r.toString();
}

/** The agent accepted the callback: dial the customer from the centre's number. */
export function callbackDialTwiml(a: OfferForAgent, accepted: boolean, urls: AgentLegUrls): string {
  if (!accepted || !a.callbackNumber) return renderHangup();
  const r = new VoiceResponse();
  r.say({ language: 'en-US' }, 'Calling the customer.');
  r.dial({ action: urls.callbackResult, method: 'POST', timeout: 30, callerId: a.centreNumber }).number(a.callbackNumber);
  return r.toString();
}

export function callbackResultTwiml(reached: boolean): string {
  const r = new VoiceResponse();
  r.say(
    { language: 'en-US' },
    reached ? 'The call has ended.' : 'The customer did not answer. They keep their place and will be called again later.',
  );
  r.hangup();
  return r.toString();
}
