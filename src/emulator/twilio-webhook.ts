import http from 'node:http';
import https from 'node:https';
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
    const res = await post(o.target, new URLSearchParams(o.params).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
      'i-twilio-idempotency-token': o.idempotencyToken,
      'user-agent': 'TwilioProxy/1.1',
    });
    status = res.status;
    body = res.body;
    if (status >= 200 && status < 300 && status !== 204 && !/[/+]xml/.test(res.contentType)) {
      fault = { code: 12300, url: o.url, message: `invalid Content-Type ${res.contentType || null}` };
    }
  } catch (err) {
    body = String((err as Error).message);
  }
  return {
    sent: { url: o.url, params: o.params, idempotencyToken: o.idempotencyToken, status, body, ms: performance.now() - t0 },
    ...(fault ? { fault } : {}),
  };
}

/**
 * Kept-alive connections, as Twilio keeps them. node:http costs a quarter of the CPU `fetch` does
 * per request (measured 0.07 against 0.33 ms, client and server on one machine), which matters to
 * the capacity bench's load generator. Idle sockets close after 4 s, before a server's usual 5 s
 * keep-alive time-out can close one under a request being sent.
 */
const agents = { http: new http.Agent({ keepAlive: true, timeout: 4000 }), https: new https.Agent({ keepAlive: true, timeout: 4000 }) };
/** Twilio gives up on a webhook after 15 s. */
const WEBHOOK_TIMEOUT_MS = 15_000;

function post(
  target: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; contentType: string }> {
  return new Promise((resolve, reject) => {
    const secure = target.startsWith('https:');
    const req = (secure ? https : http).request(target, { method: 'POST', agent: secure ? agents.https : agents.http, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: text, contentType: String(res.headers['content-type'] ?? '') });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`)), WEBHOOK_TIMEOUT_MS);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(body);
  });
}
