import { twilioRestClient } from './rest-client.js';

/** What routing asks of Twilio's REST API. Small on purpose: tests and the demo use a stand-in. */
export interface CallControl {
  /** Makes a live call fetch and run the TwiML at `url` (takes a queued caller out of the queue). */
  redirect(callSid: string, url: string): Promise<void>;
  /** Places an outbound call (a callback: the agent first). Returns its CallSid. */
  placeCall(call: { to: string; from: string; url: string; statusCallback: string; timeoutSeconds: number }): Promise<string>;
  /** The call's current status (queued, ringing, in-progress, completed, busy, failed, no-answer, canceled). */
  status(callSid: string): Promise<string>;
}

/** A recording Twilio holds for a call (a voicemail whose webhook may have been lost). */
export interface TwilioRecording {
  sid: string;
  accountSid: string;
  callSid: string;
  /** Seconds; Twilio says -1 (or nothing) while it is still processing. */
  durationSeconds: number;
  status: string;
}

/** Twilio's list of a call's recordings, to recover voicemails whose webhook was lost. */
export interface RecordingSource {
  recordings(callSid: string): Promise<TwilioRecording[]>;
}

/**
 * Whether a Twilio REST error says the call is over: not found (HTTP 404, code 20404) or no longer
 * in progress (code 21220, HTTP 400, e.g. a redirect of a call that has ended). The twilio package
 * throws a RestException carrying Twilio's `status` and `code`.
 */
export function callIsOver(err: unknown): boolean {
  const e = err as { status?: unknown; code?: unknown } | undefined;
  return e?.status === 404 || e?.code === 20404 || e?.code === 21220;
}

/** A REST error as a log line can show it. */
export function restError(err: unknown): { status?: unknown; code?: unknown; message: string } {
  const e = err as { status?: unknown; code?: unknown; message?: string };
  return { status: e?.status, code: e?.code, message: String(e?.message ?? err) };
}

/** Calls Twilio's REST API, or whatever TWILIO_API_BASE_URL points at, with the real request building and auth. */
export function twilioCallControl(opts: {
  accountSid: string;
  authToken: string;
  apiBaseUrl: string;
  timeoutMs?: number;
}): CallControl & RecordingSource {
  const client = twilioRestClient({ ...opts, timeoutMs: opts.timeoutMs ?? 5000 });
  return {
    async redirect(callSid, url) {
      await client.calls(callSid).update({ url, method: 'POST' });
    },
    async placeCall(c) {
      const created = await client.calls.create({
        to: c.to,
        from: c.from,
        url: c.url,
        method: 'POST',
        statusCallback: c.statusCallback,
        statusCallbackMethod: 'POST',
        statusCallbackEvent: ['completed'],
        timeout: c.timeoutSeconds,
      });
      return created.sid;
    },
    async status(callSid) {
      return (await client.calls(callSid).fetch()).status;
    },
    async recordings(callSid) {
      const list = await client.recordings.list({ callSid, limit: 100 });
      return list.map((r) => ({
        sid: r.sid,
        accountSid: r.accountSid,
        callSid: r.callSid,
        durationSeconds: Number(r.duration ?? -1),
        status: r.status,
      }));
    },
  };
}
