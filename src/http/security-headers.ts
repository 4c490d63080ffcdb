import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers for every page and API answer (helmet): a Content-Security-Policy the console
 * and dashboard run under (scripts and styles only from our own files, no inline script, no
 * framing), nosniff, no referrer, and HSTS when the public URL is https.
 *
 * The one exception to "no inline style" is the dashboard: Mermaid draws a flow diagram by
 * inserting a <style> element and style="" attributes into the live page while it lays the diagram
 * out, and it has no way to carry a nonce, so its pages (the dashboard, /flows) allow inline styles (never inline script).
 * With img-src, font-src and connect-src kept to 'self', an injected style could not send anything
 * elsewhere, and the pages escape every value they show, so injecting one would take an HTML
 * injection first.
 */
export function securityHeaders(opts: { https: boolean }): RequestHandler {
  const policy = (styleSrc: string[]) =>
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: styleSrc,
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(opts.https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      // Older browsers that do not read frame-ancestors.
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      // Sent over plain http it would be ignored anyway; over https it pins the browser to https.
      strictTransportSecurity: opts.https ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    });
  const strict = policy(["'self'"]);
  const withMermaid = policy(["'self'", "'unsafe-inline'"]);
  return (req, res, next) => (req.path === '/dashboard' || req.path === '/flows' ? withMermaid : strict)(req, res, next);
}
