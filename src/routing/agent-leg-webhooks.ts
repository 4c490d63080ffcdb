import { lockAssignment, saveAgentLegAnswer, storedAgentLegAnswer, type AgentLegRequestKey } from '../db/queries/agent-leg-answers.js';
import { assignmentDetails } from '../db/queries/assignments.js';
import { inPipelinedTransaction, type Pool, type Queryable } from '../db/pool.js';
import { renderHangup } from '../twiml/render.js';
import { agentLegUrls } from '../twiml/urls.js';
import {
  callbackDialTwiml,
  callbackIntroTwiml,
  callbackResultTwiml,
  whisperAcceptTwiml,
  whisperTwiml,
  type AgentFlow,
} from '../twiml/agent-leg.js';
import type { AgentLegRequest } from './agent-leg-request.js';
import { acceptOffer, answerCallbackOffer, endAgentCall, endCallbackDial, noteAgentCallSid, type MissOutcome } from './lifecycle/index.js';

export type AgentLegOutcome = 'answered' | 'replayed' | 'unknown-assignment';

/** The flow answering a centre number, whose sentences (and language) the agent hears; none: English. */
export type FlowForNumber = (centreNumber: string) => AgentFlow;
const noFlow: FlowForNumber = () => undefined;

/** Thrown inside a webhook's transaction whose deadline passed: Twilio has its answer already, so nothing is kept. */
export class DeadlinePassed extends Error {}

/** What an agent-leg webhook answers when its assignment does not exist: the leg hangs up (the status callback: nothing). */
const noAssignmentAnswer = (r: Pick<AgentLegRequest, 'route'>) => (r.route === 'status' ? '' : renderHangup());

/**
 * The change one agent-leg webhook makes, and its answer (TwiML; empty for the status callback).
 * `seen.missed` is set when the agent's ring ended as a miss.
 */
async function operate(
  db: Queryable,
  baseUrl: string,
  r: AgentLegRequest,
  seen: { missed?: MissOutcome },
  flowFor: FlowForNumber,
): Promise<string> {
  const id = r.assignmentId;
  const urls = agentLegUrls(baseUrl, id);
  switch (r.route) {
    case 'whisper': {
      const a = await assignmentDetails(db, id);
      return whisperTwiml(a, urls, a && flowFor(a.centreNumber));
    }
    case 'whisper-accept':
      // Anything but 1 hangs up; the caller's Dial then ends and counts the refusal (endAgentDial).
      return whisperAcceptTwiml(r.digits === '1' && (await acceptOffer(db, id, r.callSid)));
    case 'callback': {
      await noteAgentCallSid(db, id, r.callSid);
      const a = await assignmentDetails(db, id);
      return callbackIntroTwiml(a, urls, a && flowFor(a.centreNumber));
    }
    case 'callback-accept': {
      const a = await assignmentDetails(db, id);
      if (!a) return renderHangup();
      const answer = await answerCallbackOffer(db, id, r.digits, r.callSid);
      if (answer.missed) seen.missed = answer.missed;
      return callbackDialTwiml(a, answer.accepted, urls, flowFor(a.centreNumber));
    }
    case 'callback-result': {
      const reached = await endCallbackDial(db, id, r.dialStatus);
      const a = await assignmentDetails(db, id);
      return callbackResultTwiml(reached, a && flowFor(a.centreNumber));
    }
    case 'status': {
      const end = await endAgentCall(db, id, r.callStatus);
      if (end.missed) seen.missed = end.missed;
      return '';
    }
  }
}

/**
 * Runs one agent-leg webhook once: in one transaction that locks the assignment, a request already
 * answered (Twilio's retry: the same idempotency token, or the same URL and parameters) gets its
 * first answer again and changes nothing; a new one makes its change and stores its answer with it.
 * `expired` says whether the webhook's deadline passed meanwhile: then the change is rolled back
 * (one that was already on its way to COMMIT when the deadline passed is kept: a window of one round trip).
 */
export function answerAgentLegOnce(
  pool: Pool,
  baseUrl: string,
  r: AgentLegRequest,
  key: Omit<AgentLegRequestKey, 'assignmentId' | 'route'>,
  expired: () => boolean,
  flowFor: FlowForNumber = noFlow,
): Promise<{ answer: string; outcome: AgentLegOutcome; missed?: MissOutcome }> {
  const k: AgentLegRequestKey = { ...key, assignmentId: r.assignmentId, route: r.route };
  return inPipelinedTransaction(
    pool,
    (tx) => lockAssignment(tx, r.assignmentId),
    async (tx, exists, last) => {
      if (!exists) return { answer: noAssignmentAnswer(r), outcome: 'unknown-assignment' as const };
      const stored = await storedAgentLegAnswer(tx, k);
      if (stored !== undefined) return { answer: stored, outcome: 'replayed' as const };
      const seen: { missed?: MissOutcome } = {};
      const answer = await operate(tx, baseUrl, r, seen, flowFor);
      if (expired()) throw new DeadlinePassed('the webhook answered at its deadline; its change is not kept');
      last(() => saveAgentLegAnswer(tx, k, answer));
      return { answer, outcome: 'answered' as const, ...seen };
    },
  );
}
