import { Router, type RequestHandler } from 'express';
import type { ServiceLevelFormula } from '../config.js';
import type { Queryable } from '../db/pool.js';
import { principalKey, type Credential } from '../db/queries/people.js';
import { authenticateApiToken, WALLBOARD_TOKEN_PATTERN } from '../auth/api-tokens.js';
import { hashSecretToken } from '../auth/secret-token.js';
import type { LiveHub } from '../live/live-hub.js';
import { wallboardSnapshot } from '../live/wallboard.js';
import { cookie, principalOf, SESSION_COOKIE } from './api-auth.js';
import { requireSameOrigin } from './same-origin.js';
import { eventStream } from './sse.js';

/** The TV's cookie: the wallboard token itself, sent only to /wallboard (so never to /api). */
export const WALLBOARD_COOKIE = 'sb_wallboard';

/**
 * The wallboard (a TV on the floor): its data and live stream open with a wallboard token (made by
 * a supervisor: `switchboard tokens create <name> --wallboard` or POST /api/wallboard-tokens), sent
 * as `Authorization: Bearer`, or kept in a cookie the page sets once from its link
 * (`/wallboard#token=…`, the fragment never reaching a server log). A signed-in supervisor may
 * look too. Nothing here changes anything; a wallboard token opens nothing else (403 at /api).
 */
export function wallboardRoutes(o: {
  pool: Queryable;
  hub: LiveHub;
  timezone: () => string;
  serviceLevelFormula: ServiceLevelFormula;
  publicBaseUrl: string;
}): Router {
  const router = Router();
  const secure = o.publicBaseUrl.startsWith('https:');
  const flags = `Path=/wallboard; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;

  /** Who may look: a valid wallboard token (bearer or cookie), or a supervisor's session. */
  const requireWallboard: RequestHandler = async (req, res, next) => {
    try {
      const bearer = /^Bearer +(\S+) *$/i.exec(req.get('authorization') ?? '')?.[1];
      const token = bearer ?? cookie(req.get('cookie'), WALLBOARD_COOKIE);
      if (token) {
        const found = await authenticateApiToken(o.pool, token);
        if (found.status === 'ok' && found.role === 'wallboard') {
          res.locals.wallboard = {
            credential: { kind: 'token', hash: hashSecretToken(token) } satisfies Credential,
            principal: 'wallboard',
          };
          return next();
        }
        if (found.status === 'ok') return void res.status(403).json({ error: 'this is not a wallboard token' });
        return void res
          .status(401)
          .json({ error: found.status === 'revoked' ? 'this wallboard token has been revoked' : 'unknown wallboard token' });
      }
      const session = cookie(req.get('cookie'), SESSION_COOKIE);
      const who = session ? await principalOf(o.pool, undefined, req.get('cookie')) : undefined;
      if (who && typeof who !== 'string' && who.role === 'supervisor') {
        res.locals.wallboard = { credential: { kind: 'session', hash: hashSecretToken(session!) }, principal: principalKey(who) };
        return next();
      }
      res.status(401).json({ error: 'the wallboard needs its token: open the link a supervisor made (/wallboard#token=sbw_…)' });
    } catch (err) {
      next(err);
    }
  };

  // The page trades the token in its link for the cookie, once; then the link can be forgotten.
  router.post('/wallboard/session', requireSameOrigin(o.publicBaseUrl), async (req, res, next) => {
    try {
      const token = /^Bearer +(\S+) *$/i.exec(req.get('authorization') ?? '')?.[1];
      if (!token || !WALLBOARD_TOKEN_PATTERN.test(token))
        return void res.status(401).json({ error: 'send the wallboard token as Authorization: Bearer sbw_…' });
      const found = await authenticateApiToken(o.pool, token);
      if (found.status !== 'ok' || found.role !== 'wallboard')
        return void res
          .status(401)
          .json({ error: found.status === 'revoked' ? 'this wallboard token has been revoked' : 'unknown wallboard token' });
      res
        .set('set-cookie', `${WALLBOARD_COOKIE}=${token}; ${flags}; Max-Age=${400 * 24 * 3600}`)
        .status(204)
        .end();
    } catch (err) {
      next(err);
    }
  });
  router.delete('/wallboard/session', requireSameOrigin(o.publicBaseUrl), (_req, res) => {
    res.set('set-cookie', `${WALLBOARD_COOKIE}=; ${flags}; Max-Age=0`).status(204).end();
  });
  router.get('/wallboard/data', requireWallboard, async (_req, res) => {
    res.set('cache-control', 'no-store').json(await wallboardSnapshot(o.pool, o.timezone(), o.serviceLevelFormula));
  });
  router.get('/wallboard/events', requireWallboard, (req, res) => {
    const { credential, principal } = res.locals.wallboard as { credential: Credential; principal: string };
    let unsubscribe = () => {};
    const events = eventStream(req, res, () => unsubscribe());
    unsubscribe = o.hub.subscribeWallboard({
      credential,
      principal,
      send: (snapshot) => events.send('snapshot', snapshot),
      end: () => {
        events.send('signed-out', { error: 'this wallboard can no longer look: its token was revoked, or the session ended' });
        events.end();
      },
    });
  });
  return router;
}
