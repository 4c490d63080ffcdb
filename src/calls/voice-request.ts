import { z } from 'zod';
import type { CallEvent } from '../flows/call-types.js';

/** The webhook URLs we hand Twilio in TwiML, besides the fixed /voice/incoming, /status, /fallback. */
export const EVENT_ROUTES = ['gather', 'no-input', 'queue-wait', 'queue-key', 'queue-result', 'connect', 'dial-result', 'recorded', 'overflow'] as const;
export type EventRoute = (typeof EVENT_ROUTES)[number];
export type VoiceRoute = 'incoming' | EventRoute;

/** Routes Twilio requests while the caller is in its queue: their TwiML runs as waitUrl TwiML. */
export const IN_QUEUE_ROUTES: ReadonlySet<string> = new Set<EventRoute>(['queue-wait', 'queue-key']);

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be ${prefix} followed by 32 hex digits`);
// From/To are E.164 numbers for phone calls, but client:…, sip:… or "anonymous" happen too.
const party = z.string().max(256).regex(/^[^\x00-\x1f]*$/, 'must not contain control characters');
const count = z.coerce.number().int().min(0).max(10_000_000);

const common = z.object({ CallSid: sid('CA'), AccountSid: sid('AC'), From: party.default(''), To: party.default('') });

const byRoute = {
  gather: z.object({
    Digits: z.string().regex(/^[0-9*#]{0,64}$/, 'must be keypad digits').optional(),
    SpeechResult: z.string().max(2000).optional(),
    Confidence: z.coerce.number().min(0).max(1).optional(),
  }),
  'queue-wait': z.object({ QueuePosition: count.optional(), QueueTime: count.optional() }),
  'queue-result': z.object({ QueueResult: z.string().regex(/^[a-z-]{1,40}$/, 'must be a Twilio queue result') }),
  'dial-result': z.object({
    DialCallStatus: z.enum(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled']),
    DialCallDuration: count.optional(),
  }),
  recorded: z.object({ RecordingUrl: z.url({ protocol: /^https?$/ }), RecordingDuration: count.default(0) }),
};

const status = z.object({
  CallStatus: z.enum(['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled']),
  CallDuration: count.optional(),
});

export const TERMINAL_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

export class InvalidRequest extends Error {}

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

function check<T extends z.ZodType>(schema: T, params: Record<string, unknown>): z.infer<T> {
  const r = schema.safeParse(params);
  if (!r.success) throw new InvalidRequest(r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return r.data;
}

export interface VoiceCall {
  callSid: string;
  accountSid: string;
  from: string;
  to: string;
}

/** Checks a voice webhook's parameters and turns them into the call's identity and one event. */
export function parseVoiceRequest(route: VoiceRoute, params: Record<string, unknown>, at: number): { call: VoiceCall; event: CallEvent } {
  const c = check(common, params);
  const call = { callSid: c.CallSid, accountSid: c.AccountSid, from: c.From, to: c.To };
  const event = ((): CallEvent => {
    switch (route) {
      case 'incoming':
        return { type: 'CALL_STARTED', at, caller: c.From, dialled: c.To };
      case 'gather': {
        const g = check(byRoute.gather, params);
        if (g.Digits) return { type: 'DIGITS', at, digits: g.Digits };
        if (g.SpeechResult?.trim()) return { type: 'SPEECH', at, speech: g.SpeechResult, ...(g.Confidence !== undefined ? { confidence: g.Confidence } : {}) };
        return { type: 'NO_INPUT', at };
      }
      case 'no-input':
        return { type: 'NO_INPUT', at };
      case 'queue-key':
        return { type: 'QUEUE_KEY', at, digits: check(byRoute.gather, params).Digits ?? '' };
      case 'overflow':
        // Whether the caller is due to overflow, and how, is filled in from their entry (see enrichEvent).
        return { type: 'QUEUE_OVERFLOW', at };
      case 'connect':
        // Which agent is filled in from the assignment the URL names (see enrichEvent).
        return { type: 'CONNECT_AGENT', at, assignmentId: 0, agent: { kind: 'phone', contact: '' }, timeout: 0 };
      case 'queue-wait': {
        const q = check(byRoute['queue-wait'], params);
        return { type: 'QUEUE_WAIT', at, ...(q.QueuePosition !== undefined ? { position: q.QueuePosition } : {}), ...(q.QueueTime !== undefined ? { queueTime: q.QueueTime } : {}) };
      }
      case 'queue-result':
        return { type: 'QUEUE_RESULT', at, result: check(byRoute['queue-result'], params).QueueResult };
      case 'dial-result': {
        const d = check(byRoute['dial-result'], params);
        // CallStatus is the caller's own call: completed means they hung up during the dial.
        const callerGone = params.CallStatus === 'completed';
        return { type: 'DIAL_RESULT', at, status: d.DialCallStatus, ...(d.DialCallDuration !== undefined ? { duration: d.DialCallDuration } : {}), ...(callerGone ? { callerGone } : {}) };
      }
      case 'recorded': {
        const r = check(byRoute.recorded, params);
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
  const c = check(common, params);
  const s = check(status, params);
  return { call: { callSid: c.CallSid, accountSid: c.AccountSid, from: c.From, to: c.To }, status: s.CallStatus, durationSeconds: s.CallDuration ?? null };
}

/** The schemas the agent leg's webhooks (routing/agent-leg-request.ts) and the fallback routes are checked with too. */
export const voiceSchemas = { call: common, count, keypad: byRoute.gather.shape.Digits, dialResult: byRoute['dial-result'], status };
export { check as checkParams };
