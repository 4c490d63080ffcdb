import { Router } from 'express';
import type { Pool } from '../db/pool.js';
import type { Principal } from '../db/queries/people.js';
import { SignInRefused, signIn, signOut } from '../routing/logins.js';
import { cookie, principalOf, SESSION_COOKIE } from './api-auth.js';

/** Sign-in for the console (agents) and the dashboard (supervisors): an HttpOnly session cookie. */
export function authRoutes(pool: Pool, secureCookies: boolean): Router {
  const router = Router();
  const flags = `Path=/; HttpOnly; SameSite=Strict${secureCookies ? '; Secure' : ''}`;

  router.post('/login', async (req, res) => {
    try {
      const { token, principal } = await signIn(pool, req.body);
      res.set('set-cookie', `${SESSION_COOKIE}=${token}; ${flags}; Max-Age=${12 * 3600}`).json(describe(principal));
    } catch (err) {
      if (!(err instanceof SignInRefused)) throw err;
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
    if (!p || p === 'revoked') return void res.status(401).json({ error: 'not signed in' });
    res.json(describe(p));
  });
  return router;
}

const describe = (p: Principal) => ({ role: p.role, name: p.name, ...(p.role === 'agent' ? { agentId: p.agentId } : {}) });
