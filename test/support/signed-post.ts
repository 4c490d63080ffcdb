import twilio from 'twilio';
import { ACCOUNT_SID, AUTH_TOKEN, type TestServer } from './server.js';

export const sid = (n: number) => 'CA' + n.toString(16).padStart(32, '0');

/** Twilio's common voice parameters for a call from `from` to `to`. */
export function voiceParams(callSid: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    CallSid: callSid,
    AccountSid: ACCOUNT_SID,
    From: '+15551230000',
    To: '+18005550100',
    CallStatus: 'in-progress',
    ApiVersion: '2010-04-01',
    Direction: 'inbound',
    ...extra,
  };
}

/** One raw webhook, signed as Twilio would sign it (or not, or wrongly, as a test needs). */
export async function signedPost(
  server: TestServer,
  pathAndQuery: string,
  params: Record<string, string>,
  opts: {
    token?: string;
    signedUrl?: string;
    signedParams?: Record<string, string>;
    signature?: string | null;
    idempotencyToken?: string;
  } = {},
): Promise<{ status: number; body: string; contentType: string }> {
  const signedUrl = opts.signedUrl ?? server.config.publicBaseUrl + pathAndQuery;
  const signature =
    opts.signature === undefined
      ? twilio.getExpectedTwilioSignature(opts.token ?? AUTH_TOKEN, signedUrl, opts.signedParams ?? params)
      : opts.signature;
  const res = await fetch(server.url + pathAndQuery, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature !== null ? { 'x-twilio-signature': signature } : {}),
      ...(opts.idempotencyToken ? { 'i-twilio-idempotency-token': opts.idempotencyToken } : {}),
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '' };
}
