import { Router, type Response } from 'express';
import twilio from 'twilio';
import { consoleSnapshot, type FlowOf } from '../../db/queries/console.js';
import { actorOf, type Principal } from '../../db/queries/people.js';
import type { Pool } from '../../db/pool.js';
import type { Config } from '../../config.js';
import type { LiveHub } from '../../live/live-hub.js';
import { requestStatus } from '../../admin/directory.js';
import { listChoices } from '../../routing/floor-choices.js';
import { parseInput } from '../../input-error.js';
import { endWrapUp } from '../../routing/lifecycle/index.js';
import { agentWrapUpInput, saveAgentWrapUp } from '../../routing/wrap-ups.js';
import { openLiveStream } from '../sse.js';
import { transferFromConsole, transferGroups, type TransferDeps } from '../../routing/transfers.js';

const agentOf = (res: Response) => (res.locals.principal as Extract<Principal, { role: 'agent' }>).agentId;

/** The agent's own console API: who they are, their state, the call on their screen, wrap-up, softphone token. */
export function meRoutes(
  pool: Pool,
  hub: LiveHub,
  voice: Config['voice'],
  accountSid: string,
  wrapUpEditMinutes = 15,
  flowOf?: FlowOf,
  transfers?: Omit<TransferDeps, 'pool'>,
): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.json(await consoleSnapshot(pool, agentOf(res), flowOf));
  });

  router.get('/events', (req, res) => openLiveStream(req, res, (stream) => hub.subscribeAgent(agentOf(res), stream)));

  // What the console offers: the centre's break reasons and dispositions, in order.
  router.get('/choices', async (_req, res) => {
    const [breakReasons, dispositions] = await Promise.all([listChoices(pool, 'break-reasons'), listChoices(pool, 'dispositions')]);
    const brief = (cs: typeof breakReasons) => cs.map(({ name, label }) => ({ name, label }));
    res.json({ breakReasons: brief(breakReasons), dispositions: brief(dispositions) });
  });

  router.post('/status', async (req, res) => {
    const { status, pending } = await requestStatus(pool, agentOf(res), req.body, actorOf(res.locals.principal));
    hub.changed();
    res.status(pending ? 202 : 200).json(status);
  });

  router.post('/wrap-up', async (req, res) => {
    const w = parseInput(agentWrapUpInput, req.body);
    const agentId = agentOf(res);
    await saveAgentWrapUp(pool, res.locals.principal, w, wrapUpEditMinutes);
    if (w.done) await endWrapUp(pool, agentId);
    hub.changed();
    res.json(await consoleSnapshot(pool, agentId, flowOf));
  });

  // Blind transfer of the caller the agent is talking to: to another group's queue, or an allowed number.
  router.get('/transfer-targets', async (_req, res) => {
    res.json({ groups: await transferGroups(pool), numbersAllowed: (transfers?.numbers.length ?? 0) > 0 });
  });
  router.post('/transfer', async (req, res) => {
    if (!transfers) return void res.status(503).json({ error: 'transfers are not available on this server' });
    const to = await transferFromConsole({ ...transfers, pool }, agentOf(res), req.body);
    hub.changed();
    res.status(202).json({ transferring: to });
  });

  // A Twilio Voice JS softphone needs an access token with a VoiceGrant for the agent's identity.
  router.get('/voice-token', async (_req, res) => {
    if (!voice) {
      return void res
        .status(503)
        .json({ error: 'softphone not configured: set TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET and TWILIO_TWIML_APP_SID' });
    }
    const snap = await consoleSnapshot(pool, agentOf(res));
    const identity = snap?.agent.contact.kind === 'client' ? snap.agent.contact.value : `agent-${agentOf(res)}`;
    const { AccessToken } = twilio.jwt;
    const token = new AccessToken(accountSid, voice.apiKeySid, voice.apiKeySecret, { identity, ttl: 3600 });
    token.addGrant(new AccessToken.VoiceGrant({ outgoingApplicationSid: voice.twimlAppSid, incomingAllow: true }));
    res.json({ identity, token: token.toJwt(), expiresInSeconds: 3600 });
  });
  return router;
}
