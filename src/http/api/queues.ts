import { Router } from 'express';
import type { ServiceLevelFormula } from '../../config.js';
import type { Pool } from '../../db/pool.js';
import { queuesWithTargets } from '../../admin/targets.js';

/** Live queues: the callers waiting in each group, the agents who could take them, and today against the group's targets. */
export function queueRoutes(pool: Pool, timezone: () => string, serviceLevelFormula: ServiceLevelFormula): Router {
  const router = Router();
  router.get('/queues', async (_req, res) => {
    res.json(await queuesWithTargets(pool, timezone(), serviceLevelFormula));
  });
  return router;
}
