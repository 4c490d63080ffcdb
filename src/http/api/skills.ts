import { Router } from 'express';
import type { Pool } from '../../db/pool.js';
import { addSkill, listSkills } from '../../admin/directory.js';

export function skillRoutes(pool: Pool): Router {
  const router = Router();
  router.get('/skills', async (_req, res) => {
    res.json(await listSkills(pool));
  });
  router.post('/skills', async (req, res) => {
    res.status(201).json(await addSkill(pool, req.body));
  });
  return router;
}
