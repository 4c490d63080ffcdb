import { Router } from 'express';
import type { Pool } from '../../db/pool.js';
import { listChoices, removeChoice, setChoice, type ChoiceKind } from '../../routing/floor-choices.js';

/** /api/break-reasons and /api/dispositions: what the console offers agents (supervisors set them). */
export function floorChoiceRoutes(pool: Pool): Router {
  const router = Router();
  for (const kind of ['break-reasons', 'dispositions'] as ChoiceKind[]) {
    // ?all=true lists the removed ones too (still named by past breaks and wrap-ups).
    router.get(`/${kind}`, async (req, res) => {
      res.json(await listChoices(pool, kind, { activeOnly: req.query.all !== 'true' }));
    });
    router.put(`/${kind}/:name`, async (req, res) => {
      res.json(await setChoice(pool, kind, req.params.name, req.body));
    });
    router.delete(`/${kind}/:name`, async (req, res) => {
      await removeChoice(pool, kind, req.params.name);
      res.status(204).end();
    });
  }
  return router;
}
