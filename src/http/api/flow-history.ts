import { Router } from 'express';
import type { Pool } from '../../db/pool.js';
import { listFlowVersions } from '../../db/queries/flows.js';
import { flowToMermaid, stepTrouble, type FlowTraffic } from '../../flows/graph.js';
import type { FlowRegistry } from '../../flows/registry.js';
import { InputError, invalidField } from '../../input-error.js';
import { parseFlowReportQuery } from '../../reports/report-params.js';
import { buildFlowReport } from '../../reports/reports.js';

/**
 * The flows page's reads (supervisors): a flow's version history, and its diagram for one version
 * with what callers did over a range drawn on it, from the flow report's step figures
 * (flow_step_kpis, migration 017), so the diagram and the report can never disagree.
 */
export function flowHistoryRoutes(pool: Pool, registry: FlowRegistry, timezone: () => string): Router {
  const router = Router();
  router.get('/flows/:id/versions', async (req, res) => {
    const versions = await listFlowVersions(pool, req.params.id);
    if (!versions.length) throw new InputError('not-found', `no flow '${req.params.id}' has ever been loaded`);
    const current = registry.currentVersions().find((cf) => cf.flow.id === req.params.id)?.hash ?? null;
    res.json({ flowId: req.params.id, current, versions });
  });
  router.get('/flows/:id/diagram', async (req, res) => {
    const { version, ...range } = req.query as Record<string, unknown>;
    if (version !== undefined && (typeof version !== 'string' || !/^[0-9a-f]{6,128}$/.test(version)))
      throw invalidField('version', "must be a version's hash, as GET /api/flows/:id/versions lists them");
    const hash = version ?? registry.currentVersions().find((cf) => cf.flow.id === req.params.id)?.hash;
    if (!hash) throw new InputError('not-found', `flow '${req.params.id}' is not loaded now; name a version`);
    const compiled = await registry.byHash(hash);
    if (!compiled || compiled.flow.id !== req.params.id)
      throw new InputError('not-found', `flow '${req.params.id}' has no version ${hash}`);
    const params = parseFlowReportQuery({ interval: 'day', ...range, flow: req.params.id, format: 'json' }, timezone());
    const report = await buildFlowReport(pool, params);
    const steps: FlowTraffic['steps'] = {};
    for (const s of report.steps.filter((s) => s.flowVersion === hash))
      steps[s.step] = { entered: s.entered, hungUp: s.hungUp, failed: s.noInput + s.invalid, exits: s.exits };
    const edges = Object.entries(steps).flatMap(([from, s]) => Object.entries(s.exits).map(([to, calls]) => ({ from, to, calls })));
    res.json({
      flowId: req.params.id,
      version: hash,
      from: report.from,
      to: report.to,
      timezone: report.timezone,
      start: compiled.flow.start,
      steps: Object.keys(compiled.flow.steps).map((step) => ({
        step,
        kind: compiled.flow.steps[step].kind,
        entered: steps[step]?.entered ?? 0,
        hungUp: steps[step]?.hungUp ?? 0,
        failed: steps[step]?.failed ?? 0,
        trouble: stepTrouble(steps[step]) ?? null,
      })),
      edges,
      mermaid: flowToMermaid(compiled.flow, { steps }),
    });
  });
  return router;
}
