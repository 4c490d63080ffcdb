import { Router } from 'express';
import { z } from 'zod';
import type { ServiceLevelFormula } from '../../config.js';
import { dashboardAgents, dashboardSnapshot } from '../../db/queries/dashboard.js';
import type { Pool } from '../../db/pool.js';
import { flowToMermaid } from '../../flows/graph.js';
import type { FlowRegistry } from '../../flows/registry.js';
import type { LiveHub } from '../../live/live-hub.js';
import { parseInput } from '../../input-error.js';
import { AGENT_STATES } from '../../routing/lifecycle/states.js';
import { openLiveStream } from '../sse.js';

/** The dashboard's agent search, from a query string: a part of the name, a state, how many rows. */
const agentSearchQuery = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  state: z.enum(AGENT_STATES).optional(),
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500').default(100),
});

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
  // Agents beyond the live snapshot's rows (a big centre's), found by name or state, on demand.
  router.get('/dashboard/agents', async (req, res) => {
    res.json(await dashboardAgents(pool, parseInput(agentSearchQuery, req.query)));
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
