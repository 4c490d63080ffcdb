import { Router } from 'express';
import type { Pool } from '../../db/pool.js';
import { createWallboardToken, listApiTokens, revokeApiToken } from '../../auth/api-tokens.js';
import { InputError } from '../../input-error.js';

/** Supervisors make, list and revoke wallboard tokens (the CLI: `switchboard tokens create <name> --wallboard`). */
export function wallboardTokenRoutes(pool: Pool, publicBaseUrl: string): Router {
  const router = Router();
  const wallboards = async () => (await listApiTokens(pool)).filter((t) => t.role === 'wallboard');
  router.get('/wallboard-tokens', async (_req, res) => {
    res.json({ tokens: await wallboards() });
  });
  router.post('/wallboard-tokens', async (req, res) => {
    const { token, info } = await createWallboardToken(pool, req.body);
    // Shown once: only its hash is kept.
    res.status(201).json({ ...info, token, url: `${publicBaseUrl}/wallboard#token=${token}` });
  });
  router.delete('/wallboard-tokens/:id', async (req, res) => {
    if (!(await wallboards()).some((t) => String(t.id) === req.params.id))
      throw new InputError('not-found', `no wallboard token with id ${req.params.id}`);
    const { token, alreadyRevoked } = await revokeApiToken(pool, req.params.id);
    res.json({ ...token, alreadyRevoked });
  });
  return router;
}
