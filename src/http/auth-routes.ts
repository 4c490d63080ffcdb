import { Router, type Request } from 'express';
import type { Pool } from '../db/pool.js';
import type { Principal } from '../db/queries/people.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { changeOwnPassword, SignInRefused, SignInThrottled, signIn, signOut } from '../auth/logins.js';
import { cookie, principalOf, SESSION_COOKIE } from './api-auth.js';

/** Sign-in for the console (agents) and the dashboard (supervisors): an HttpOnly session cookie. */
export function authRoutes(deps: { pool: Pool; secureCookies: boolean; log: Logger; metrics: Metrics }): Router {
  const { pool, log, metrics } = deps;
  const router = Router();
  const flags = `Path=/; HttpOnly; SameSite=Strict${deps.secureCookies ? '; Secure' : ''}`;
  const sessionCookie = (token: string) => `${SESSION_COOKIE}=${token}; ${flags}; Max-Age=${12 * 3600}`;
  // The client's address as Express sees it: the socket's, or (with TRUST_PROXY) the proxy's X-Forwarded-For.
  const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

  router.post('/login', async (req, res) => {
    const address = addressOf(req);
    try {
      const { token, principal } = await signIn(pool, req.body, address);
      res.set('set-cookie', sessionCookie(token)).json(describe(principal));
    } catch (err) {
      const who = { username: req.body?.username, role: req.body?.role, address };
      if (err instanceof SignInThrottled) {
        metrics.signInRefusals.inc({ reason: 'throttled' });
        log.warn({ ...who, retryAfterSeconds: err.retryAfterSeconds }, 'sign-in throttled');
        return void res
          .status(429)
          .set('retry-after', String(err.retryAfterSeconds))
          .json({ error: err.message, retryAfterSeconds: err.retryAfterSeconds });
      }
      if (!(err instanceof SignInRefused)) throw err;
      metrics.signInRefusals.inc({ reason: 'wrong-credentials' });
      log.warn({ ...who, ...(err.retryAfterSeconds ? { retryAfterSeconds: err.retryAfterSeconds } : {}) }, 'sign-in refused');
      if (err.retryAfterSeconds) res.set('retry-after', String(err.retryAfterSeconds));
      res.status(401).json({ error: err.message });
    }
  });

  router.post('/logout', async (req, res) => {
    const token = cookie(req.get('cookie'), SESSION_COOKIE);
    if (token) await signOut(pool, token);
    res.set('set-cookie', `${SESSION_COOKIE}=; ${flags}; Max-Age=0`).status(204).end();
  });

  router.get('/me', async (req, res) => {
    const p = await principalOf(pool, undefined, req.get('cookie'));
    if (!p || typeof p === 'string') return void res.status(401).json({ error: 'not signed in' });
    res.json(describe(p));
  });

  // A signed-in person's own password: every session of theirs ends, this one continues on a new cookie.
  router.post('/password', async (req, res) => {
    const p = await principalOf(pool, undefined, req.get('cookie'));
    if (!p || typeof p === 'string') return void res.status(401).json({ error: 'not signed in' });
    try {
      const token = await changeOwnPassword(pool, p, req.body);
      log.info({ role: p.role, name: p.name }, 'password changed; other sessions ended');
      res.set('set-cookie', sessionCookie(token)).status(204).end();
    } catch (err) {
      if (!(err instanceof SignInRefused)) throw err;
      res.status(403).json({ error: err.message });
    }
  });
  return router;
}

const describe = (p: Principal) => ({ role: p.role, name: p.name, ...(p.role === 'agent' ? { agentId: p.agentId } : {}) });
