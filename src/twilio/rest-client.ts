import twilio from 'twilio';

/**
 * The `twilio` package's REST client for our account, with every request sent where
 * TWILIO_API_BASE_URL says (Twilio itself, or the local stand-in) and the rest of the URI unchanged;
 * one per use, each with its own time-out (calls 5 s, messages 10 s).
 */
export function twilioRestClient(opts: { accountSid: string; authToken: string; apiBaseUrl: string; timeoutMs: number }) {
  const inner = new twilio.RequestClient({ timeout: opts.timeoutMs, keepAlive: true });
  const base = opts.apiBaseUrl.replace(/\/+$/, '');
  const httpClient = Object.assign(Object.create(inner) as typeof inner, {
    request: (req: Parameters<typeof inner.request>[0]) =>
      inner.request({ ...req, uri: req.uri.replace(/^https:\/\/api\.twilio\.com/, base) }),
  });
  return twilio(opts.accountSid, opts.authToken, { httpClient });
}
