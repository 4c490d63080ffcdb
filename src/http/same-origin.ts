import type { RequestHandler } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The origins our own pages are served from: PUBLIC_BASE_URL's (and its loopback aliases for a local demo). */
function ownOrigins(publicBaseUrl: string): Set<string> {
  const base = new URL(publicBaseUrl);
  const origins = new Set([base.origin]);
  if (LOOPBACK.has(base.hostname)) {
    for (const host of LOOPBACK) origins.add(`${base.protocol}//${host}${base.port ? `:${base.port}` : ''}`);
  }
  return origins;
}

// A form can only send urlencoded, multipart or text/plain; a JSON type needs script (and CORS).
const isJson = (type: string | undefined) => (type ?? '').split(';')[0].trim().toLowerCase() === 'application/json';

/**
 * Cross-site request forgery guard for state-changing requests (/auth, /api). A browser always
 * sends `Origin` on a cross-site POST, so one that is present must be ours. Without it (curl, a
 * server-side client), the request must be one a plain HTML form cannot make: a JSON body or a
 * bearer token. Twilio's webhooks (/voice) are signed instead and are not mounted behind this.
 */
export function requireSameOrigin(publicBaseUrl: string): RequestHandler {
  const allowed = ownOrigins(publicBaseUrl);
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get('origin');
    if (origin !== undefined) {
      if (allowed.has(origin)) return next();
      return void res.status(403).json({ error: `cross-origin request refused: Origin ${origin} is not ${[...allowed][0]}` });
    }
    if (isJson(req.get('content-type')) || /^Bearer +\S+ *$/i.test(req.get('authorization') ?? '')) return next();
    res.status(403).json({
      error: 'request refused: send Content-Type: application/json (or an Authorization: Bearer token) with no cross-site Origin',
    });
  };
}
