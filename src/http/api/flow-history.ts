import { Router } from 'express';
import type { Pool } from '../../db/pool.js';
import { listFlowVersions } from '../../db/queries/flows.js';
import { flowTransitions } from '../../db/queries/flow-transitions.js';
import { flowToMermaid, stepTrouble, type FlowTraffic } from '../../flows/graph.js';
import type { FlowRegistry } from '../../flows/registry.js';
import { InputError, invalidField } from '../../input-error.js';
import { parseFlowReportQuery } from '../../reports/report-params.js';
import { buildFlowReport } from '../../reports/reports.js';

/**
 * The flows page's reads (supervisors): a flow's version history, and its diagram for one version
 * with what callers did over a range drawn on it: the flow report's step figures (flow_step_kpis,
 * migration 017) on the steps, and every hop calls made (flow_step_transitions, migration 024) on
 * the arrows, pass-through steps included.
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
    const transitions = await flowTransitions(pool, { from: new Date(report.from), to: new Date(report.to) }, hash);
    const exitsOf = (step: string) => Object.fromEntries(transitions.filter((t) => t.from === step).map((t) => [t.to, t.times]));
    const steps: FlowTraffic['steps'] = {};
    for (const s of report.steps.filter((s) => s.flowVersion === hash))
      steps[s.step] = { entered: s.entered, hungUp: s.hungUp, failed: s.noInput + s.invalid, exits: exitsOf(s.step) };
    const edges = transitions.map((t) => ({ from: t.from, to: t.to, times: t.times, calls: t.calls }));
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
      mermaid: flowToMermaid(compiled.flow, { steps, started: exitsOf('$start')[compiled.flow.start] ?? 0 }),
    });
  });
  return router;
}
