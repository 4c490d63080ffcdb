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
    if (signature && twilio.validateRequest(opts.authToken, signature, url, req.body ?? {})) return next();
    res.status(403).type('text/plain').send(signature ? 'Twilio signature does not match this request' : 'X-Twilio-Signature header is missing');
  };
}
