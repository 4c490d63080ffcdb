import { Router } from 'express';
import type { Pool } from '../db/pool.js';
import type { FlowRegistry } from '../flows/registry.js';
import type { Logger } from '../log.js';
import type { Drain } from './drain.js';

/** Why an instance should not be sent work now; anything else is `ready`. */
export type Readiness = 'ready' | 'draining' | 'database-unreachable' | 'no-flows';

/**
 * Probes for load balancers and orchestrators (Kubernetes conventions). Both are public, so the
 * bodies name only the state; why is in the log (the driver's error names hosts and databases).
 *
 * - `/health` is liveness: the process answers. It checks nothing outside the process, on purpose:
 *   a liveness probe that followed the database would have every instance restarted during a
 *   database outage (none can fix it, all lose their in-flight webhooks and come back to the same
 *   outage), and one that failed while draining would have the instance killed before the calls in
 *   flight were answered.
 * - `/ready` is readiness: send this instance calls only while its database answers, it has flows
 *   loaded (without them every call gets the fallback) and it is not draining. On SIGTERM it fails
 *   first, so the balancer stops sending work while the webhooks in flight are still answered.
 */
export function healthRoutes(deps: { pool: Pool; registry: Pick<FlowRegistry, 'currentVersions'>; drain: Drain; log: Logger }): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'alive' });
  });
  router.get('/ready', async (_req, res) => {
    const state = await readiness(deps);
    res.status(state === 'ready' ? 200 : 503).json({ status: state });
  });
  return router;
}

async function readiness(deps: Parameters<typeof healthRoutes>[0]): Promise<Readiness> {
  if (deps.drain.draining) return 'draining';
  try {
    await deps.pool.query('SELECT 1');
  } catch (err) {
    deps.log.error({ err }, 'readiness: the database does not answer');
    return 'database-unreachable';
  }
  if (deps.registry.currentVersions().length === 0) {
    deps.log.error('readiness: no valid flow is loaded; every call would get the fallback');
    return 'no-flows';
  }
  return 'ready';
}
