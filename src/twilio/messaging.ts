import { twilioRestClient } from './rest-client.js';

/** What Switchboard asks of Twilio's Messaging API: one message sent. Small on purpose: tests and the demo use a stand-in. */
export interface Messaging {
  /** Sends a text (Messages.create); returns Twilio's MessageSid and first status (queued, accepted). */
  send(m: { to: string; from: string; body: string; statusCallback: string }): Promise<{ sid: string; status: string }>;
}

/** Twilio's error for a number that replied STOP: it will not deliver to it until they reply START. */
export const UNSUBSCRIBED_RECIPIENT = 21610;

/** Whether a REST error will go away if the send is tried again later (Twilio unreachable, rate-limited, failing). */
export function sendMayWorkLater(err: unknown): boolean {
  const status = (err as { status?: unknown })?.status;
  return typeof status !== 'number' || status === 429 || status >= 500;
}

/** Twilio's Messaging API, or whatever TWILIO_API_BASE_URL points at (the REST client is built as for calls). */
export function twilioMessaging(opts: { accountSid: string; authToken: string; apiBaseUrl: string; timeoutMs?: number }): Messaging {
  const client = twilioRestClient({ ...opts, timeoutMs: opts.timeoutMs ?? 10_000 });
  return {
    async send(m) {
      // A Messaging Service (MG…) picks the sending number itself.
      const sender = m.from.startsWith('MG') ? { messagingServiceSid: m.from } : { from: m.from };
      const created = await client.messages.create({ to: m.to, body: m.body, statusCallback: m.statusCallback, ...sender });
      return { sid: created.sid, status: created.status };
    },
  };
}
