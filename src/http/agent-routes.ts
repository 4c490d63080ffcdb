import { Router } from 'express';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { AGENT_LEG_ROUTES, parseAgentLegRequest, type AgentLegRequest, type AgentLegRoute } from '../routing/agent-leg-request.js';
import { answerAgentLegOnce, DeadlinePassed, type FlowForNumber } from '../routing/agent-leg-webhooks.js';
import { renderHangup } from '../twiml/render.js';
import { statusCallbackAnswers, webhookRoute, type FaultPolicy, type WebhookInput } from './webhook.js';

interface AgentLegWebhook {
  request: AgentLegRequest;
  /** How a retry of this request is recognised (it gets the first answer). */
  key: { requestHash: string; idempotencyToken: string | null };
}

const parseAgentLegWebhook = (route: AgentLegRoute, input: WebhookInput): AgentLegWebhook => ({
  request: parseAgentLegRequest(route, input.query, input.params),
  key: { requestHash: input.requestHash, idempotencyToken: input.idempotencyToken ?? null },
});

/** Any fault hangs up the agent's leg, which sends the caller back to their place in line; a status callback gets a 503 so Twilio sends it again. */
const agentLegFaults = (route: AgentLegRoute): FaultPolicy<AgentLegWebhook> => ({
  where: { invalid: 'agent-webhook-invalid', deadline: 'agent-webhook-deadline', fault: 'agent-webhook' },
  outcome: { invalid: 'invalid', fault: 'fault' },
  ...(route === 'status'
    ? statusCallbackAnswers(400)
    : { invalid: () => ({ twiml: renderHangup() }), fault: () => ({ twiml: renderHangup() }) }),
  // Its transaction saw the deadline and rolled back: Twilio already has the fault answer.
  keptNothing: (err) => err instanceof DeadlinePassed,
});

/**
 * Webhooks of agents' legs (signed by Twilio like every /voice route): the whisper before an
 * inbound call is bridged, the agent-first leg of a callback, and that leg's status callback.
 * Each is answered once (a retry gets the first answer), through the webhook choke point.
 */
export function agentRoutes(
  pool: Pool,
  baseUrl: string,
  log: Logger,
  metrics: Metrics,
  limits: { deadlineMs?: number } = {},
  flowFor?: FlowForNumber,
): Router {
  const router = Router();
  const deps = { baseUrl, log, metrics, deadlineMs: limits.deadlineMs };
  for (const route of AGENT_LEG_ROUTES) {
    router.post(
      `/${route}`,
      webhookRoute(deps, {
        name: `agent/${route}`,
        parse: (input) => parseAgentLegWebhook(route, input),
        handle: async ({ request, key }, { expired }) => {
          const done = await answerAgentLegOnce(pool, baseUrl, request, key, expired, flowFor);
          // The agent-first leg of a callback: its ring ended unanswered or declined.
          if (done.missed) metrics.routingMisses.inc({ kind: 'callback', outcome: done.missed });
          const answer = route === 'status' ? { status: 204 as const } : { twiml: done.answer };
          return { answer, outcome: done.outcome, unusual: done.outcome === 'unknown-assignment' };
        },
        faults: agentLegFaults(route),
      }),
    );
  }
  return router;
}
