import { Router, type Request, type Response } from 'express';
import { InvalidRequest } from '../calls/voice-request.js';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { AGENT_LEG_ROUTES, parseAgentLegRequest, type AgentLegRequest, type AgentLegRoute } from '../routing/agent-leg-request.js';
import { answerAgentLegOnce, DeadlinePassed, type AgentLegOutcome } from '../routing/agent-leg-webhooks.js';
import { renderHangup } from '../twiml/render.js';
import { bodyParams, DEFAULT_DEADLINE_MS, requestHash } from './voice-routes.js';

/**
 * Webhooks of agents' legs (signed by Twilio like every /voice route): the whisper before an
 * inbound call is bridged, the agent-first leg of a callback, and that leg's status callback.
 * One choke point for all of them: the request is checked, answered once (a retry gets the first
 * answer), within the deadline, and measured. Any fault hangs up the agent's leg, which sends the
 * caller back to their place in line; a status callback that could not be recorded gets a 503 so
 * that Twilio sends it again.
 */
export function agentRoutes(pool: Pool, baseUrl: string, log: Logger, metrics: Metrics, limits: { deadlineMs?: number } = {}): Router {
  const router = Router();
  const deadlineMs = limits.deadlineMs ?? DEFAULT_DEADLINE_MS;

  const send = (res: Response, route: AgentLegRoute, twiml: string) => (route === 'status' ? res.status(204).end() : res.status(200).type('text/xml').send(twiml));
  const refuse = (res: Response, route: AgentLegRoute, status: 400 | 503, problem: string) =>
    route === 'status' ? res.status(status).type('text/plain').send(problem) : res.status(200).type('text/xml').send(renderHangup());

  const handle = (route: AgentLegRoute) => async (req: Request, res: Response) => {
    const label = `agent/${route}`;
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    const observe = (outcome: AgentLegOutcome | 'invalid' | 'timeout' | 'fault') => metrics.webhookSeconds.observe({ route: label, outcome }, seconds());
    const params = bodyParams(req);
    const legLog = log.child({ route: label, callSid: params.CallSid, assignment: req.query.assignment });

    let request: AgentLegRequest;
    try {
      request = parseAgentLegRequest(route, req.query, params);
    } catch (err) {
      if (!(err instanceof InvalidRequest)) throw err;
      metrics.errors.inc({ where: 'agent-webhook-invalid' });
      observe('invalid');
      legLog.warn({ problem: err.message }, 'invalid agent leg webhook; refused');
      return void refuse(res, route, 400, `Bad request: ${err.message}`);
    }

    let timer: NodeJS.Timeout | undefined;
    let expired = false;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        expired = true;
        resolve('timeout');
      }, deadlineMs);
    });
    const key = { requestHash: requestHash(baseUrl + req.originalUrl, params), idempotencyToken: req.header('i-twilio-idempotency-token') || null };
    const work = answerAgentLegOnce(pool, baseUrl, request, key, () => expired);
    try {
      const done = await Promise.race([work, deadline]);
      if (done === 'timeout') {
        metrics.errors.inc({ where: 'agent-webhook-deadline' });
        observe('timeout');
        legLog.error({ ms: deadlineMs }, 'agent leg webhook took too long; answered as a fault, its change will not be kept');
        work.catch((err) => {
          if (!(err instanceof DeadlinePassed)) legLog.error({ err }, 'late agent leg webhook failed');
        });
        return void refuse(res, route, 503, 'Not recorded in time; send it again');
      }
      observe(done.outcome);
      // The agent-first leg of a callback: its ring ended unanswered or declined.
      if (done.missed) metrics.routingMisses.inc({ kind: 'callback', outcome: done.missed });
      legLog[done.outcome === 'unknown-assignment' ? 'warn' : 'info']({ outcome: done.outcome, ms: Math.round(seconds() * 1e5) / 100 }, 'agent leg webhook');
      send(res, route, done.answer);
    } catch (err) {
      metrics.errors.inc({ where: 'agent-webhook' });
      observe('fault');
      legLog.error({ err }, 'agent leg webhook failed; answered as a fault');
      refuse(res, route, 503, 'Not recorded; send it again');
    } finally {
      clearTimeout(timer);
    }
  };

  for (const route of AGENT_LEG_ROUTES) router.post(`/${route}`, handle(route));
  return router;
}
