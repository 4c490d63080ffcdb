import { Router, type ErrorRequestHandler } from 'express';
import type { ServiceLevelFormula } from '../../config.js';
import type { Pool } from '../../db/pool.js';
import type { Logger } from '../../log.js';
import { InputError } from '../../input-error.js';
import { agentRoutes } from './agents.js';
import { feedbackRuleRoutes } from './cases.js';
import { floorChoiceRoutes } from './floor-choices.js';
import { forecastRoutes } from './forecast.js';
import { groupRoutes } from './groups.js';
import { queueRoutes } from './queues.js';
import { reportRoutes } from './reports.js';
import { skillRoutes } from './skills.js';
import { targetRoutes } from './targets.js';
import { wrapUpRoutes } from './wrap-ups.js';

/** The management API (mounted at /api behind the token check and the JSON body parser). */
export function apiRoutes(pool: Pool, timezone: () => string, serviceLevelFormula: ServiceLevelFormula): Router {
  const router = Router();
  router.use(
    skillRoutes(pool),
    agentRoutes(pool),
    groupRoutes(pool),
    queueRoutes(pool, timezone, serviceLevelFormula),
    targetRoutes(pool),
    reportRoutes(pool, timezone, serviceLevelFormula),
    wrapUpRoutes(pool),
    feedbackRuleRoutes(pool),
    floorChoiceRoutes(pool),
  );
  router.use(forecastRoutes(pool, timezone));
  router.use((req, res) => {
    res.status(404).json({ error: `no such endpoint: ${req.method} ${req.baseUrl}${req.path}` });
  });
  return router;
}

const STATUS = { invalid: 400, 'not-found': 404, conflict: 409 } as const;

/** Every API failure is JSON `{ error }`: refusals with their status, a bad body as 400, a fault as 500. */
export function apiErrors(log: Logger): ErrorRequestHandler {
  return (err: Error & { status?: number; type?: string }, req, res, _next) => {
    if (err instanceof InputError) {
      res.status(STATUS[err.kind]).json({ error: err.message });
    } else if (err.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'body: is not valid JSON' });
    } else if (err.type === 'entity.too.large') {
      res.status(413).json({ error: 'body: is larger than 100kb' });
    } else if ((err as { code?: string }).code === '22021' || (err as { code?: string }).code === '22P05') {
      // Text PostgreSQL cannot store (a NUL character), in a body field or a path.
      res.status(400).json({ error: 'text: contains a character that cannot be stored (NUL)' });
    } else if (err.status && err.status >= 400 && err.status < 500) {
      res.status(err.status).json({ error: err.message });
    } else {
      log.error({ err, path: req.path }, 'API request failed');
      res.status(500).json({ error: 'internal error' });
    }
  };
}
