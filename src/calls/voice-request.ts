import type { CallEvent } from '../flows/call-types.js';
import { checkParams as check, twilioParams } from '../twilio/webhook-params.js';
import type { EventRoute } from '../twiml/urls.js';

export type VoiceRoute = 'incoming' | EventRoute;

/**
 * A signed request whose identity parameters differ from the call's: Twilio signs names and values
 * joined without separators, so a captured request can be re-split across keys (From swallowing To)
 * with the same signature. Refused, never answered as the call.
 */
export class ForgedRequest extends Error {}

/** Throws ForgedRequest unless AccountSid, From and To are those the call started with. */
export function assertSameCall(stored: { accountSid: string; fromNumber: string; toNumber: string }, call: VoiceCall): void {
  const differ = [
    ...(stored.accountSid !== call.accountSid ? ['AccountSid'] : []),
    ...(stored.fromNumber !== call.from ? ['From'] : []),
    ...(stored.toNumber !== call.to ? ['To'] : []),
  ];
  if (differ.length) throw new ForgedRequest(`${differ.join(', ')} ${differ.length > 1 ? 'do' : 'does'} not match this call`);
}

export interface VoiceCall {
  callSid: string;
  accountSid: string;
  from: string;
  to: string;
}

/** Checks a voice webhook's parameters and turns them into the call's identity and one event. */
export function parseVoiceRequest(route: VoiceRoute, params: Record<string, unknown>, at: number): { call: VoiceCall; event: CallEvent } {
  const c = check(twilioParams.call, params);
  const call = { callSid: c.CallSid, accountSid: c.AccountSid, from: c.From, to: c.To };
  const event = ((): CallEvent => {
    switch (route) {
      case 'incoming':
        return { type: 'CALL_STARTED', at, caller: c.From, dialled: c.To };
      case 'gather': {
        const g = check(twilioParams.gather, params);
        if (g.Digits) return { type: 'DIGITS', at, digits: g.Digits };
        if (g.SpeechResult?.trim())
          return { type: 'SPEECH', at, speech: g.SpeechResult, ...(g.Confidence !== undefined ? { confidence: g.Confidence } : {}) };
        return { type: 'NO_INPUT', at };
      }
      case 'no-input':
        return { type: 'NO_INPUT', at };
      case 'queue-key':
        return { type: 'QUEUE_KEY', at, digits: check(twilioParams.gather, params).Digits ?? '' };
      case 'transfer':
        // Which offer and where to are the URL's (see parseCallerWebhook); checked against the call in enrichEvent.
        return { type: 'TRANSFER', at, assignmentId: 0, to: { group: '' } };
      case 'overflow':
        // Whether the caller is due to overflow, and how, is filled in from their entry (see enrichEvent).
        return { type: 'QUEUE_OVERFLOW', at };
      case 'connect':
        // Which agent is filled in from the assignment the URL names (see enrichEvent).
        return { type: 'CONNECT_AGENT', at, assignmentId: 0, agent: { kind: 'phone', contact: '' }, timeout: 0 };
      case 'queue-wait': {
        const q = check(twilioParams.queueWait, params);
        return {
          type: 'QUEUE_WAIT',
          at,
          ...(q.QueuePosition !== undefined ? { position: q.QueuePosition } : {}),
          ...(q.QueueTime !== undefined ? { queueTime: q.QueueTime } : {}),
        };
      }
      case 'queue-result':
        return { type: 'QUEUE_RESULT', at, result: check(twilioParams.queueResult, params).QueueResult };
      case 'dial-result': {
        const d = check(twilioParams.dialResult, params);
        // CallStatus is the caller's own call: completed means they hung up during the dial.
        const callerGone = params.CallStatus === 'completed';
        return {
          type: 'DIAL_RESULT',
          at,
          status: d.DialCallStatus,
          ...(d.DialCallDuration !== undefined ? { duration: d.DialCallDuration } : {}),
          ...(callerGone ? { callerGone } : {}),
        };
      }
      case 'recorded': {
        const r = check(twilioParams.recorded, params);
        return { type: 'RECORDED', at, url: r.RecordingUrl, duration: r.RecordingDuration };
      }
    }
  })();
  return { call, event };
}

export interface StatusCallback {
  call: VoiceCall;
  status: string;
  durationSeconds: number | null;
}

export function parseStatusCallback(params: Record<string, unknown>): StatusCallback {
  const c = check(twilioParams.call, params);
  const s = check(twilioParams.status, params);
  return {
    call: { callSid: c.CallSid, accountSid: c.AccountSid, from: c.From, to: c.To },
    status: s.CallStatus,
    durationSeconds: s.CallDuration ?? null,
  };
}
