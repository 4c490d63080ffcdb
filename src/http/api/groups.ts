import { Router } from 'express';
import type { Pool } from '../../db/pool.js';
import * as directory from '../../admin/directory.js';

export function groupRoutes(pool: Pool): Router {
  const router = Router();
  router.get('/groups', async (_req, res) => {
    res.json(await directory.listGroups(pool));
  });
  router.get('/groups/:name', async (req, res) => {
    res.json(await directory.getGroup(pool, req.params.name));
  });
  router.post('/groups', async (req, res) => {
    res.status(201).json(await directory.createGroup(pool, req.body));
  });
  router.patch('/groups/:name', async (req, res) => {
    res.json(await directory.updateGroup(pool, req.params.name, req.body));
  });
  router.delete('/groups/:name', async (req, res) => {
    await directory.removeGroup(pool, req.params.name);
    res.status(204).end();
  });
  return router;
}
