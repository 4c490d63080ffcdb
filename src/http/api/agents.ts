import { Router } from 'express';
import type { Pool } from '../../db/pool.js';
import * as directory from '../../admin/directory.js';
import { actorOf } from '../../db/queries/people.js';

export function agentRoutes(pool: Pool): Router {
  const router = Router();
  router.get('/agents', async (_req, res) => {
    res.json(await directory.listAgents(pool));
  });
  router.get('/agents/:id', async (req, res) => {
    res.json(await directory.getAgent(pool, req.params.id));
  });
  router.get('/agents/:id/state-changes', async (req, res) => {
    res.json(await directory.agentStateHistory(pool, req.params.id));
  });
  router.post('/agents', async (req, res) => {
    res.status(201).json(await directory.createAgent(pool, req.body));
  });
  router.patch('/agents/:id', async (req, res) => {
    res.json(await directory.updateAgent(pool, req.params.id, req.body));
  });
  router.delete('/agents/:id', async (req, res) => {
    await directory.removeAgent(pool, req.params.id);
    res.status(204).end();
  });
  router.put('/agents/:id/skills/:skill', async (req, res) => {
    res.json(await directory.setAgentSkill(pool, req.params.id, req.params.skill, req.body));
  });
  router.delete('/agents/:id/skills/:skill', async (req, res) => {
    res.json(await directory.removeAgentSkill(pool, req.params.id, req.params.skill));
  });
  // 202 when the agent is on a call: the request is kept and applies after it.
  router.post('/agents/:id/status', async (req, res) => {
    const result = await directory.requestStatus(pool, req.params.id, req.body, actorOf(res.locals.principal));
    if (result.pending) res.status(202).json({ ...result.status, message: result.message });
    else res.json(result.status);
  });
  return router;
}
