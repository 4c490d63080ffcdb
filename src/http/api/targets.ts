import { Router } from 'express';
import type { Pool } from '../../db/pool.js';
import * as targets from '../../admin/targets.js';
import type { Principal } from '../../db/queries/people.js';

/** KPI targets (supervisors only, like all of /api but /api/me): the centre's defaults and each group's own. */
export function targetRoutes(pool: Pool): Router {
  const router = Router();
  const by = (locals: Record<string, unknown>) => (locals.principal as Principal | undefined)?.name ?? null;
  router.get('/targets', async (_req, res) => {
    res.json(await targets.listTargets(pool));
  });
  router.put('/targets', async (req, res) => {
    res.json(await targets.setCentreTargets(pool, req.body, by(res.locals)));
  });
  router.get('/groups/:name/targets', async (req, res) => {
    res.json(await targets.getGroupTargets(pool, req.params.name));
  });
  router.put('/groups/:name/targets', async (req, res) => {
    res.json(await targets.setGroupTargets(pool, req.params.name, req.body, by(res.locals)));
  });
  return router;
}
