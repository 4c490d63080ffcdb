import { Router, type Response } from 'express';
import twilio from 'twilio';
import { z } from 'zod';
import { requestAgentState, REQUESTABLE_STATES } from '../../db/queries/agent-status.js';
import { consoleSnapshot, saveWrapUp } from '../../db/queries/console.js';
import type { Principal } from '../../db/queries/people.js';
import type { Pool } from '../../db/pool.js';
import type { Config } from '../../config.js';
import type { LiveHub } from '../../live/live-hub.js';
import { DirectoryError, parseInput } from '../../routing/directory-input.js';
import { eventStream } from '../sse.js';

const statusInput = z.strictObject({ state: z.enum(REQUESTABLE_STATES), reason: z.string().trim().max(80).optional() });
const wrapUpInput = z.strictObject({
  assignmentId: z.number().int().positive(),
  disposition: z.string().trim().min(1, 'choose a disposition').max(64),
  notes: z.string().max(4000).default(''),
  /** Done: leave wrap-up now (available, or the state asked for during the call). */
  done: z.boolean().default(false),
});

const agentOf = (res: Response) => (res.locals.principal as Extract<Principal, { role: 'agent' }>).agentId;

/** The agent's own console API: who they are, their state, the call on their screen, wrap-up, softphone token. */
export function meRoutes(pool: Pool, hub: LiveHub, voice: Config['voice'], accountSid: string): Router {
  const router = Router();

  router.get('/', async (_req, res, next) => {
    try {
      res.json(await consoleSnapshot(pool, agentOf(res)));
    } catch (err) {
      next(err);
    }
  });

  router.get('/events', (req, res) => {
    let unsubscribe = () => {};
    const send = eventStream(req, res, () => unsubscribe());
    unsubscribe = hub.subscribeAgent(agentOf(res), (s) => send('snapshot', s));
  });

  router.post('/status', async (req, res, next) => {
    try {
      const { state, reason } = parseInput(statusInput, req.body);
      const status = await requestAgentState(pool, agentOf(res), state, reason ?? null);
      hub.changed();
      res.status(status?.pendingState ? 202 : 200).json(status);
    } catch (err) {
      next(err);
    }
  });

  router.post('/wrap-up', async (req, res, next) => {
    try {
      const w = parseInput(wrapUpInput, req.body);
      const agentId = agentOf(res);
      if (!(await saveWrapUp(pool, agentId, w.assignmentId, w))) throw new DirectoryError('not-found', `no finished call ${w.assignmentId} of yours to wrap up`);
      if (w.done) {
        const snap = await consoleSnapshot(pool, agentId);
        if (snap?.agent.state === 'wrap-up') await requestAgentState(pool, agentId, (snap.agent.pendingState as 'available') ?? 'available');
      }
      hub.changed();
      res.json(await consoleSnapshot(pool, agentId));
    } catch (err) {
      next(err);
    }
  });

  // A Twilio Voice JS softphone needs an access token with a VoiceGrant for the agent's identity.
  router.get('/voice-token', async (_req, res, next) => {
    try {
      if (!voice) {
        return void res.status(503).json({ error: 'softphone not configured: set TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET and TWILIO_TWIML_APP_SID' });
      }
      const snap = await consoleSnapshot(pool, agentOf(res));
      const identity = snap?.agent.contact.kind === 'client' ? snap.agent.contact.value : `agent-${agentOf(res)}`;
      const { AccessToken } = twilio.jwt;
      const token = new AccessToken(accountSid, voice.apiKeySid, voice.apiKeySecret, { identity, ttl: 3600 });
      token.addGrant(new AccessToken.VoiceGrant({ outgoingApplicationSid: voice.twimlAppSid, incomingAllow: true }));
      res.json({ identity, token: token.toJwt(), expiresInSeconds: 3600 });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
