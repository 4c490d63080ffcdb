import { Router, type Request, type Response } from 'express';
import type { ServiceLevelFormula } from '../../config.js';
import type { Pool } from '../../db/pool.js';
import { requireSupervisor } from '../api-auth.js';
import { agentReportCsv, flowReportCsv, groupReportCsv, waitEstimateReportCsv } from '../../reports/report-csv.js';
import {
  parseAgentReportQuery,
  parseFlowReportQuery,
  parseGroupReportQuery,
  parseWaitEstimateReportQuery,
} from '../../reports/report-params.js';
import { buildAgentReport, buildFlowReport, buildGroupReport, buildWaitEstimateReport } from '../../reports/reports.js';

/** CSV when asked by `format=csv`, or by an Accept header that prefers text/csv (format=json wins). */
function wantsCsv(req: Request, format: 'json' | 'csv' | undefined): boolean {
  return format ? format === 'csv' : req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

/** The local day of the range's last instant: a range to midnight ends the day before. */
function lastDay(toIso: string): string {
  if (toIso.slice(11, 19) !== '00:00:00') return toIso.slice(0, 10);
  const [y, m, d] = toIso.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

function sendCsv(res: Response, name: string, report: { from: string; to: string; interval: string }, body: string): void {
  res
    .type('text/csv; charset=utf-8')
    .attachment(`switchboard-${name}-${report.from.slice(0, 10)}-to-${lastDay(report.to)}-${report.interval}.csv`)
    .send(body);
}

/**
 * Call-centre reports (under /api, behind its token check; supervisors only, here too, so that
 * where the router is mounted cannot open them to agents): KPIs per skill group and per agent,
 * per interval, self-service (IVR) KPIs per flow and step, and how right the announced wait
 * estimates were per group, as JSON or CSV. `timezone` gives the
 * centre's zone, used when none is asked for; `serviceLevelFormula` the centre's formula, likewise.
 */
export function reportRoutes(pool: Pool, timezone: () => string, serviceLevelFormula: ServiceLevelFormula): Router {
  const router = Router();
  router.use('/reports', requireSupervisor);
  router.get('/reports/groups', async (req, res) => {
    const params = parseGroupReportQuery(req.query, timezone(), serviceLevelFormula);
    const report = await buildGroupReport(pool, params);
    if (wantsCsv(req, params.format)) sendCsv(res, 'groups', report, groupReportCsv(report));
    else res.json(report);
  });
  router.get('/reports/agents', async (req, res) => {
    const params = parseAgentReportQuery(req.query, timezone());
    const report = await buildAgentReport(pool, params);
    if (wantsCsv(req, params.format)) sendCsv(res, 'agents', report, agentReportCsv(report));
    else res.json(report);
  });
  router.get('/reports/flows', async (req, res) => {
    const params = parseFlowReportQuery(req.query, timezone());
    const report = await buildFlowReport(pool, params);
    if (wantsCsv(req, params.format))
      sendCsv(res, params.table === 'steps' ? 'flow-steps' : 'flows', report, flowReportCsv(report, params.table));
    else res.json(report);
  });
  router.get('/reports/wait-estimates', async (req, res) => {
    const params = parseWaitEstimateReportQuery(req.query, timezone());
    const report = await buildWaitEstimateReport(pool, params);
    if (wantsCsv(req, params.format)) sendCsv(res, 'wait-estimates', report, waitEstimateReportCsv(report));
    else res.json(report);
  });
  return router;
}
