import { z } from 'zod';
import { CALL_STATUSES, DIAL_STATUSES } from './call-status.js';

// The parameters of Twilio's Voice webhooks as Twilio sends them (form fields, all strings), one
// schema each; checked at the one edge where a webhook comes in (src/http/webhook.ts), for the
// caller's leg (src/calls/voice-request.ts) and the agent's (src/routing/agent-leg-request.ts).

/** A webhook whose parameters are not what Twilio sends: the message names each field at fault. */
export class InvalidRequest extends Error {}

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be ${prefix} followed by 32 hex digits`);
// From/To are E.164 numbers for phone calls, but client:…, sip:… or "anonymous" happen too.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL_FREE = /^[^\x00-\x1f]*$/;
const party = z.string().max(256).regex(CONTROL_FREE, 'must not contain control characters');
const count = z.coerce.number().int().min(0).max(10_000_000);
const keypad = z
  .string()
  .regex(/^[0-9*#]{0,64}$/, 'must be keypad digits')
  .optional();

export const twilioParams = {
  /** Every webhook: which call, which account, between whom. */
  call: z.object({ CallSid: sid('CA'), AccountSid: sid('AC'), From: party.default(''), To: party.default('') }),
  count,
  keypad,
  /** A <Gather>'s action: keys, or speech with Twilio's confidence. */
  gather: z.object({
    Digits: keypad,
    SpeechResult: z.string().max(2000).optional(),
    // Twilio sometimes sends Confidence empty: that is no confidence given, not 0.
    Confidence: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().min(0).max(1).optional()),
  }),
  /** An <Enqueue>'s waitUrl. */
  queueWait: z.object({ QueuePosition: count.optional(), QueueTime: count.optional() }),
  /** An <Enqueue>'s action. */
  queueResult: z.object({ QueueResult: z.string().regex(/^[a-z-]{1,40}$/, 'must be a Twilio queue result') }),
  /** A <Dial>'s action. */
  dialResult: z.object({ DialCallStatus: z.enum(DIAL_STATUSES), DialCallDuration: count.optional() }),
  /** A <Record>'s action. */
  recorded: z.object({ RecordingUrl: z.url({ protocol: /^https?$/ }), RecordingDuration: count.default(0) }),
  /** A status callback. */
  status: z.object({ CallStatus: z.enum(CALL_STATUSES), CallDuration: count.optional() }),
};

/** Twilio's Messaging webhooks: a message we were sent, and a message's status. */
export const messagingParams = {
  /** An incoming text (SM…, or MM… with media). Its Body is kept whole, however long: only NUL is not storable. */
  incoming: z.object({
    MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'must be SM or MM followed by 32 hex digits'),
    AccountSid: sid('AC'),
    From: party.min(1, 'must name the sender'),
    To: party.default(''),
    Body: z.string().max(100_000).default(''),
  }),
  /** A MessageStatus callback for a message we sent. */
  status: z.object({
    MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'must be SM or MM followed by 32 hex digits'),
    AccountSid: sid('AC'),
    MessageStatus: z.enum([
      'accepted',
      'scheduled',
      'queued',
      'sending',
      'sent',
      'delivered',
      'undelivered',
      'failed',
      'read',
      'canceled',
      'receiving',
      'received',
    ]),
    ErrorCode: z
      .string()
      .regex(/^\d{1,6}$/, 'must be a Twilio error code')
      .optional(),
  }),
};

/** The parameters as `schema` reads them, or InvalidRequest naming every field at fault. */
export function checkParams<T extends z.ZodType>(schema: T, params: Record<string, unknown>): z.infer<T> {
  const r = schema.safeParse(params);
  if (!r.success) throw new InvalidRequest(r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return r.data;
}
