import { Router } from 'express';
import type { Pool } from '../../db/pool.js';
import { invalidField } from '../../input-error.js';
import {
  addCaseNote,
  assignCase,
  caseSettings,
  changeCaseState,
  createCase,
  deleteFeedbackRule,
  getCase,
  listCases,
  listFeedbackRules,
  saveFeedbackRule,
  updateCaseSettings,
} from '../../routing/cases/index.js';

const idOf = (raw: string) => {
  if (!/^\d{1,15}$/.test(raw)) throw invalidField('id', 'must be a case number (a positive integer)');
  return Number(raw);
};

/**
 * Complaint cases, for supervisors and agents alike (mounted before the supervisor check): agents
 * see and update only the cases they own (403 otherwise) and cannot assign or open one by hand.
 */
export function caseRoutes(pool: Pool): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await listCases(pool, res.locals.principal, req.query));
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await createCase(pool, res.locals.principal, req.body));
  });
  router.get('/:id', async (req, res) => {
    res.json(await getCase(pool, res.locals.principal, idOf(req.params.id)));
  });
  router.post('/:id/state', async (req, res) => {
    res.json(await changeCaseState(pool, res.locals.principal, idOf(req.params.id), req.body));
  });
  router.post('/:id/assign', async (req, res) => {
    res.json(await assignCase(pool, res.locals.principal, idOf(req.params.id), req.body));
  });
  router.post('/:id/notes', async (req, res) => {
    res.status(201).json(await addCaseNote(pool, res.locals.principal, idOf(req.params.id), req.body));
  });
  return router;
}

/** The centre's feedback rules and case settings (supervisors). */
export function feedbackRuleRoutes(pool: Pool): Router {
  const router = Router();
  router.get('/feedback-rules', async (_req, res) => {
    res.json(await listFeedbackRules(pool));
  });
  router.put('/feedback-rules/:name', async (req, res) => {
    res.json(await saveFeedbackRule(pool, req.params.name, req.body));
  });
  router.delete('/feedback-rules/:name', async (req, res) => {
    await deleteFeedbackRule(pool, req.params.name);
    res.status(204).end();
  });
  router.get('/case-settings', async (_req, res) => {
    res.json(await caseSettings(pool));
  });
  router.patch('/case-settings', async (req, res) => {
    res.json(await updateCaseSettings(pool, req.body));
  });
  return router;
}
