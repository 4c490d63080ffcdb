import twilio from 'twilio';

/** What routing asks of Twilio's REST API. Small on purpose: tests and the demo use a stand-in. */
export interface CallControl {
  /** Makes a live call fetch and run the TwiML at `url` (takes a queued caller out of the queue). */
  redirect(callSid: string, url: string): Promise<void>;
  /** Places an outbound call (a callback: the agent first). Returns its CallSid. */
  placeCall(call: { to: string; from: string; url: string; statusCallback: string; timeoutSeconds: number }): Promise<string>;
  /** The call's current status (queued, ringing, in-progress, completed, busy, failed, no-answer, canceled). */
  status(callSid: string): Promise<string>;
}

/** Calls Twilio's REST API, or whatever TWILIO_API_BASE_URL points at, with the real request building and auth. */
export function twilioCallControl(opts: { accountSid: string; authToken: string; apiBaseUrl: string; timeoutMs?: number }): CallControl {
  const inner = new twilio.RequestClient({ timeout: opts.timeoutMs ?? 5000, keepAlive: true });
  const base = opts.apiBaseUrl.replace(/\/+$/, '');
  // Every request goes where TWILIO_API_BASE_URL says, with the rest of the URI unchanged.
  const httpClient = Object.assign(Object.create(inner) as typeof inner, {
    request: (req: Parameters<typeof inner.request>[0]) => inner.request({ ...req, uri: req.uri.replace(/^https:\/\/api\.twilio\.com/, base) }),
  });
  const client = twilio(opts.accountSid, opts.authToken, { httpClient });
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
  };
}
