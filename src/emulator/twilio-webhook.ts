import twilio from 'twilio';

/** One webhook as Twilio sent it, with what came back. */
export interface SentRequest {
  url: string;
  params: Record<string, string>;
  idempotencyToken: string;
  status: number;
  body: string;
  ms: number;
}

/** An error Twilio would log for the call (its error code, e.g. 11200 HTTP retrieval failure). */
export interface TwilioFault {
  code: number;
  url: string;
  message: string;
}

/**
 * POSTs a webhook the way Twilio does: form-encoded, signed on `url` (the configured URL), with
 * an idempotency token, a 15 s limit. `target` is where it really goes (a tunnel, another
 * instance). A 200 that is not XML is a fault Twilio reports (12300).
 */
export async function sendWebhook(o: {
  url: string;
  target: string;
  params: Record<string, string>;
  authToken: string;
  idempotencyToken: string;
}): Promise<{ sent: SentRequest; fault?: TwilioFault }> {
  const signature = twilio.getExpectedTwilioSignature(o.authToken, o.url, o.params);
  const t0 = performance.now();
  let status = 0;
  let body = '';
  let fault: TwilioFault | undefined;
  try {
    const res = await fetch(o.target, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
        'i-twilio-idempotency-token': o.idempotencyToken,
        'user-agent': 'TwilioProxy/1.1',
      },
      body: new URLSearchParams(o.params).toString(),
      signal: AbortSignal.timeout(15_000),
    });
    status = res.status;
    body = await res.text();
    if (res.ok && res.status !== 204 && !/[/+]xml/.test(res.headers.get('content-type') ?? '')) {
      fault = { code: 12300, url: o.url, message: `invalid Content-Type ${res.headers.get('content-type')}` };
    }
  } catch (err) {
    body = String((err as Error).message);
  }
  return {
    sent: { url: o.url, params: o.params, idempotencyToken: o.idempotencyToken, status, body, ms: performance.now() - t0 },
    ...(fault ? { fault } : {}),
  };
}
