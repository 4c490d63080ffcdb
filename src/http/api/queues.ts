import { Router } from 'express';
import type { Pool } from '../../db/pool.js';
import { queueSummary } from '../../admin/directory.js';

/** Live queues: the callers waiting in each group, and the agents who could take them. */
export function queueRoutes(pool: Pool): Router {
  const router = Router();
  router.get('/queues', async (_req, res) => {
    res.json(await queueSummary(pool));
  });
  return router;
}
