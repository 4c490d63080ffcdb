import type { RequestHandler, Response } from 'express';
import type { Queryable } from '../db/pool.js';
import type { Credential, Principal } from '../db/queries/people.js';
import { authenticateApiToken } from '../auth/api-tokens.js';
import { hashSecretToken } from '../auth/secret-token.js';
import { sessionPrincipal } from '../auth/logins.js';

export const SESSION_COOKIE = 'sb_session';

function refuse(res: Response, error: string): void {
  res.status(401).set('WWW-Authenticate', 'Bearer').json({ error });
}

/** The value of one cookie from the Cookie header; a malformed one counts as absent. */
export function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Who is asking, from `Authorization: Bearer <token>` (API tokens) or the console/dashboard session cookie. */
export async function principalOf(
  db: Queryable,
  authorization: string | undefined,
  cookieHeader: string | undefined,
): Promise<Principal | 'revoked' | 'wallboard' | undefined> {
  const bearer = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  if (bearer) {
    const found = await authenticateApiToken(db, bearer[1]);
    if (found.status === 'revoked') return 'revoked';
    if (found.status !== 'ok') return undefined;
    if (found.role === 'wallboard') return 'wallboard';
    return found.role === 'agent'
      ? { role: 'agent', agentId: found.agentId!, name: found.name }
      : { role: 'supervisor', supervisorId: null, name: found.name };
  }
  const session = cookie(cookieHeader, SESSION_COOKIE);
  return session ? sessionPrincipal(db, session) : undefined;
}

/** The credential a request carries (by hash), so a live stream can re-check it while it stays open. */
export function credentialOf(authorization: string | undefined, cookieHeader: string | undefined): Credential | undefined {
  const bearer = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  if (bearer) return { kind: 'token', hash: hashSecretToken(bearer[1]) };
  const session = cookie(cookieHeader, SESSION_COOKIE);
  return session ? { kind: 'session', hash: hashSecretToken(session) } : undefined;
}

/**
 * /api needs a token made by `switchboard tokens create` (`Authorization: Bearer <token>`) or a
 * signed-in session; who it is goes into `res.locals.principal`, and what proved it into
 * `res.locals.credential`.
 */
export function requireApiToken(db: Queryable): RequestHandler {
  return async (req, res, next) => {
    try {
      const hasBearer = /^Bearer +(\S+) *$/i.test(req.get('authorization') ?? '');
      const principal = await principalOf(db, req.get('authorization'), req.get('cookie'));
      if (principal === 'revoked') return refuse(res, 'this API token has been revoked');
      if (principal === 'wallboard')
        return void res.status(403).json({ error: 'a wallboard token opens only the wallboard (/wallboard); use an API token here' });
      if (!principal) {
        return refuse(
          res,
          hasBearer
            ? 'unknown API token'
            : 'missing API token: send Authorization: Bearer <token> (create one with switchboard tokens create)',
        );
      }
      res.locals.principal = principal;
      res.locals.credential = credentialOf(req.get('authorization'), req.get('cookie'));
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Only a supervisor may go on: an agent's token or session gets 403. */
export const requireSupervisor: RequestHandler = (_req, res, next) => {
  if ((res.locals.principal as Principal | undefined)?.role === 'supervisor') return next();
  res.status(403).json({ error: 'this needs a supervisor; you are signed in as an agent' });
};

/** Only an agent may go on (their own console's API). */
export const requireAgent: RequestHandler = (_req, res, next) => {
  if ((res.locals.principal as Principal | undefined)?.role === 'agent') return next();
  res.status(403).json({ error: "this is an agent's own API; sign in as an agent" });
};
