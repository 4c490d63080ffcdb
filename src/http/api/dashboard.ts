import { Router } from 'express';
import type { ServiceLevelFormula } from '../../config.js';
import { dashboardSnapshot } from '../../db/queries/dashboard.js';
import type { Pool } from '../../db/pool.js';
import { flowToMermaid } from '../../flows/graph.js';
import type { FlowRegistry } from '../../flows/registry.js';
import type { LiveHub } from '../../live/live-hub.js';
import { openLiveStream } from '../sse.js';

/** What the supervisors' dashboard reads: the live snapshot (also as a stream) and the flows. */
export function dashboardRoutes(
  pool: Pool,
  hub: LiveHub,
  registry: FlowRegistry,
  timezone: () => string,
  serviceLevelFormula: ServiceLevelFormula,
): Router {
  const router = Router();
  router.get('/dashboard', async (_req, res) => {
    res.json(await dashboardSnapshot(pool, timezone(), serviceLevelFormula));
  });
  router.get('/dashboard/events', (req, res) => openLiveStream(req, res, (stream) => hub.subscribeDashboard(stream)));
  // What the last reload could not load: the previous versions of those flows keep serving.
  const problems = () => (registry.lastLoad?.diagnostics ?? []).map((d) => ({ ...d }));
  router.get('/flows/problems', (_req, res) => {
    res.json({ problems: problems() });
  });
  router.get('/flows', (_req, res) => {
    res.json({
      timezone: timezone(),
      flows: registry.currentVersions().map((cf) => ({
        id: cf.flow.id,
        name: cf.flow.name,
        version: cf.hash,
        numbers: cf.flow.numbers,
        isDefault: cf.flow.isDefault,
        languages: cf.flow.languages,
        steps: Object.keys(cf.flow.steps).length,
        mermaid: flowToMermaid(cf.flow),
      })),
      problems: problems(),
    });
  });
  return router;
}
