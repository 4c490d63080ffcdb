import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import twilio from 'twilio';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

type WebhookRefusal = 'no-signature' | 'bad-signature' | 'account' | 'call-mismatch';

/**
 * Rejects requests that Twilio did not sign for our account. The URL checked is the configured
 * public base URL plus the path and query, never the Host header, which is wrong behind a
 * TLS-terminating proxy. Every refusal is logged and counted.
 */
export function requireTwilioSignature(opts: {
  authToken: string;
  accountSid: string;
  publicBaseUrl: string;
  enabled: boolean;
  log: Logger;
  metrics: Metrics;
}): RequestHandler {
  return (req, res, next) => {
    if (!opts.enabled) return next();
    const signature = req.header('x-twilio-signature');
    const url = opts.publicBaseUrl + req.originalUrl;
    const params = (req.body ?? {}) as Record<string, string>;
    const refuse = (reason: WebhookRefusal, text: string) => {
      opts.metrics.webhookRefusals.inc({ reason });
      opts.log.warn(
        { path: req.originalUrl, reason, callSid: typeof params.CallSid === 'string' ? params.CallSid : undefined },
        'Twilio webhook refused',
      );
      res.status(403).type('text/plain').send(text);
    };
    if (!signature) return refuse('no-signature', 'X-Twilio-Signature header is missing');
    if (!signedAs(opts.authToken, signature, url, params)) return refuse('bad-signature', 'Twilio signature does not match this request');
    // A signature made with our token over a request naming another account is not ours to act on.
    if (params.AccountSid !== opts.accountSid) return refuse('account', 'AccountSid is not this account');
    next();
  };
}

/**
 * The URL exactly as configured, and Twilio's documented variants of it: the default port (443
 * for https, 80 for http) added when absent or removed when present. No other port is dropped,
 * and the query is not re-encoded: we wrote every URL Twilio calls.
 */
function signedUrlVariants(url: string): string[] {
  const m = /^(https?):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!m) return [url];
  const [, scheme, authority, rest] = m;
  const defaultPort = scheme.toLowerCase() === 'https' ? '443' : '80';
  const hostPort = /^(.*?)(?::(\d+))?$/.exec(authority)!;
  const [, host, port] = hostPort;
  if (port === undefined) return [url, `${scheme}://${host}:${defaultPort}${rest}`];
  if (port === defaultPort) return [url, `${scheme}://${host}${rest}`];
  return [url];
}

function signedAs(authToken: string, signature: string, url: string, params: Record<string, string>): boolean {
  const given = Buffer.from(signature);
  return signedUrlVariants(url).some((candidate) => {
    const expected = Buffer.from(twilio.getExpectedTwilioSignature(authToken, candidate, params));
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
