import { z } from 'zod';
import { checkParams, twilioParams } from '../twilio/webhook-params.js';

/** The webhooks of an agent's leg (see agentLegUrls), each under /voice/agent/. */
export const AGENT_LEG_ROUTES = ['whisper', 'whisper-accept', 'callback', 'callback-accept', 'callback-result', 'status'] as const;
export type AgentLegRoute = (typeof AGENT_LEG_ROUTES)[number];

interface Common {
  /** The agent offer the URL names (`?assignment=`). */
  assignmentId: number;
  /** The agent's own call. */
  callSid: string;
}

/** One checked agent-leg webhook, by route. */
export type AgentLegRequest =
  | (Common & { route: 'whisper' | 'callback' })
  | (Common & { route: 'whisper-accept' | 'callback-accept'; digits: string })
  | (Common & { route: 'callback-result'; dialStatus: z.infer<typeof twilioParams.dialResult>['DialCallStatus'] })
  | (Common & { route: 'status'; callStatus: z.infer<typeof twilioParams.status>['CallStatus'] });

const query = z.object({ assignment: z.string().regex(/^[1-9]\d{0,14}$/, 'must be an assignment number') });
const keys = z.object({ Digits: twilioParams.keypad });

/** Checks an agent-leg webhook's query and parameters (InvalidRequest names what is wrong). */
export function parseAgentLegRequest(
  route: AgentLegRoute,
  queryParams: Record<string, unknown>,
  params: Record<string, string>,
): AgentLegRequest {
  const common: Common = {
    assignmentId: Number(checkParams(query, queryParams).assignment),
    callSid: checkParams(twilioParams.call, params).CallSid,
  };
  switch (route) {
    case 'whisper':
    case 'callback':
      return { ...common, route };
    case 'whisper-accept':
    case 'callback-accept':
      return { ...common, route, digits: checkParams(keys, params).Digits ?? '' };
    case 'callback-result':
      return { ...common, route, dialStatus: checkParams(twilioParams.dialResult, params).DialCallStatus };
    case 'status':
      return { ...common, route, callStatus: checkParams(twilioParams.status, params).CallStatus };
  }
}
