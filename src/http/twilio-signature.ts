import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import twilio from 'twilio';

/**
 * Rejects requests that Twilio did not sign. The URL checked is the configured public base URL plus
 * the path and query, never the Host header, which is wrong behind a TLS-terminating proxy.
 */
export function requireTwilioSignature(opts: { authToken: string; publicBaseUrl: string; enabled: boolean }): RequestHandler {
  return (req, res, next) => {
    if (!opts.enabled) return next();
    const signature = req.header('x-twilio-signature');
    const url = opts.publicBaseUrl + req.originalUrl;
    if (signature && signedAs(opts.authToken, signature, url, req.body ?? {})) return next();
    res.status(403).type('text/plain').send(signature ? 'Twilio signature does not match this request' : 'X-Twilio-Signature header is missing');
  };
}

/**
 * The URL exactly as configured first (one HMAC: what Twilio signs when PUBLIC_BASE_URL is its
 * Voice URL's base), then the twilio package's variants (port added or removed, query re-encoded).
 */
function signedAs(authToken: string, signature: string, url: string, params: Record<string, string>): boolean {
  const expected = Buffer.from(twilio.getExpectedTwilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  return twilio.validateRequest(authToken, signature, url, params);
}
