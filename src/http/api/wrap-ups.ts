import { Router } from 'express';
import type { Pool } from '../../db/pool.js';
import { invalidField } from '../../input-error.js';
import { correctWrapUp, wrapUpHistory } from '../../routing/wrap-ups.js';

const idOf = (raw: string) => {
  if (!/^\d{1,15}$/.test(raw)) throw invalidField('id', 'must be an assignment id (a positive integer)');
  return Number(raw);
};

/** Supervisors read a call's wrap-up with its history, and correct it (the correction is recorded too). */
export function wrapUpRoutes(pool: Pool): Router {
  const router = Router();
  router.get('/assignments/:id/wrap-up', async (req, res) => {
    res.json(await wrapUpHistory(pool, idOf(req.params.id)));
  });
  router.patch('/assignments/:id/wrap-up', async (req, res) => {
    const id = idOf(req.params.id);
    await correctWrapUp(pool, res.locals.principal, id, req.body);
    res.json(await wrapUpHistory(pool, id));
  });
  return router;
}
