import { Router, type Request, type Response } from 'express';
import { acceptAssignment, assignmentDetails, callbackNotReached, completeAssignment, missAssignment, MISS_OUTCOMES, noteAgentCallSid } from '../db/queries/assignments.js';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../log.js';
import { agentLegUrls, callbackDialTwiml, callbackIntroTwiml, callbackResultTwiml, whisperAcceptTwiml, whisperTwiml } from '../routing/agent-legs.js';
import { renderHangup } from '../twiml/render.js';

/**
 * Webhooks of agents' legs (signed by Twilio like every /voice route): the whisper before an
 * inbound call is bridged, and the agent-first leg of a callback. Any fault hangs up the agent's
 * leg, which sends the caller back to their place in line.
 */
export function agentRoutes(pool: Pool, baseUrl: string, log: Logger): Router {
  const router = Router();
  const twiml = (make: (id: number, p: Record<string, string>) => Promise<string>) => async (req: Request, res: Response) => {
    const id = Number(req.query.assignment);
    const p = (req.body ?? {}) as Record<string, string>;
    let body: string;
    try {
      body = Number.isSafeInteger(id) && id > 0 ? await make(id, p) : renderHangup();
    } catch (err) {
      log.error({ err, assignment: id, callSid: p.CallSid }, 'agent leg webhook failed; hanging up the agent leg');
      body = renderHangup();
    }
    res.status(200).type('text/xml').send(body);
  };
  const urls = (id: number) => agentLegUrls(baseUrl, id);

  router.post('/whisper', twiml(async (id) => whisperTwiml(await assignmentDetails(pool, id), urls(id))));
  router.post('/whisper-accept', twiml(async (id, p) => whisperAcceptTwiml(p.Digits === '1' && (await acceptAssignment(pool, id, p.CallSid ?? null)))));

  router.post('/callback', twiml(async (id, p) => {
    await noteAgentCallSid(pool, id, p.CallSid ?? null);
    return callbackIntroTwiml(await assignmentDetails(pool, id), urls(id));
  }));
  router.post('/callback-accept', twiml(async (id, p) => {
    const a = await assignmentDetails(pool, id);
    if (!a) return renderHangup();
    const accepted = p.Digits === '1' && (await acceptAssignment(pool, id, p.CallSid ?? null));
    if (!accepted) await missAssignment(pool, id, 'rejected');
    return callbackDialTwiml(a, accepted, urls(id));
  }));
  router.post('/callback-result', twiml(async (id, p) => {
    const reached = p.DialCallStatus === 'completed' || p.DialCallStatus === 'answered';
    if (reached) await completeAssignment(pool, id);
    else await callbackNotReached(pool, id);
    return callbackResultTwiml(reached);
  }));

  // Status callback of the agent's own call (callbacks): a ring nobody answered is a miss; a call
  // that ends while connected is over. Both are safe to receive twice.
  router.post('/status', async (req, res) => {
    const id = Number(req.query.assignment);
    const status = String((req.body ?? {}).CallStatus ?? '');
    try {
      const a = Number.isSafeInteger(id) ? await assignmentDetails(pool, id) : undefined;
      if (a?.state === 'ringing' && MISS_OUTCOMES[status]) await missAssignment(pool, id, MISS_OUTCOMES[status]);
      else if (a?.state === 'connected' && status === 'completed') await completeAssignment(pool, id);
    } catch (err) {
      log.error({ err, assignment: id }, 'agent status callback not recorded');
    }
    res.status(204).end();
  });
  return router;
}
