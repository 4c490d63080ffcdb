import express from 'express';
import type { CallSessions } from '../calls/sessions.js';
import type { Pool } from '../db/pool.js';
import type { FlowRegistry } from '../flows/registry.js';
import type { Logger } from '../log.js';
import { requireAgent, requireApiToken, requireSupervisor } from './api-auth.js';
import { apiErrors, apiRoutes } from './api/routes.js';
import { dashboardRoutes } from './api/dashboard.js';
import { meRoutes } from './api/me.js';
import { caseRoutes } from './api/cases.js';
import { authRoutes } from './auth-routes.js';
import { webRoutes } from './web-routes.js';
import type { LiveHub } from '../live/live-hub.js';
import type { Config } from '../config.js';
import type { Metrics } from '../metrics.js';
import type { Drain } from './drain.js';
import { healthRoutes } from './health-routes.js';
import { securityHeaders } from './security-headers.js';
import { requireTwilioSignature } from './twilio-signature.js';
import { requireSameOrigin } from './same-origin.js';
import { agentRoutes } from './agent-routes.js';
import { voiceRoutes } from './voice-routes.js';
import { smsRoutes } from './sms-routes.js';
import type { ReplyDeps } from '../sms/replies.js';
import { renderMessagingReply } from '../twiml/messaging.js';
import { voicemailRoutes } from './api/voicemails.js';
import { flowHistoryRoutes } from './api/flow-history.js';
import { wallboardTokenRoutes } from './api/wallboard-tokens.js';
import { wallboardRoutes } from './wallboard-routes.js';
import type { CallControl } from '../twilio/call-control.js';
import type { TransferRule } from '../routing/transfer-policy.js';
import { twilioRecordingMedia, type RecordingMediaSource } from '../twilio/recording-media.js';

export interface AppDeps {
  sessions: CallSessions;
  registry: FlowRegistry;
  pool: Pool;
  log: Logger;
  publicBaseUrl: string;
  authToken: string;
  signatureCheck: boolean;
  /** How long a voice webhook may take before the caller gets the fallback instead. */
  deadlineMs?: number;
  /** Voice webhooks in progress at once before more get the fallback. */
  maxInFlight?: number;
  /** More routes, mounted before the catch-all 404 (e.g. the local Twilio stand-in of the demo). */
  extraRoutes?: (app: express.Express) => void;
  hub: LiveHub;
  metrics: Metrics;
  voice?: Config['voice'];
  accountSid: string;
  /** The centre's time zone (it can follow the default flow, which may reload). */
  timezone: () => string;
  /** SERVICE_LEVEL_FORMULA: the dashboard's and the reports' service level. */
  serviceLevelFormula: Config['serviceLevelFormula'];
  /** Shutting down: webhooks in flight are counted, new calls get the fallback and /ready answers 503 draining. */
  drain: Drain;
  /** Express's `trust proxy` (TRUST_PROXY): whose X-Forwarded-For names the client. */
  trustProxy?: string | number;
  /** Minutes after wrap-up during which an agent may still change a call's disposition and notes. */
  wrapUpEditMinutes?: number;
  /** What answers customers' text messages (/sms/incoming). */
  sms: ReplyDeps;
  /** Blind transfers from the console: Twilio's REST API and the numbers the centre allows (TRANSFER_NUMBERS). */
  transfers?: { control: CallControl; numbers: readonly TransferRule[] };
  /** Where the voicemail inbox fetches recordings (default: Twilio's REST API with the account's credentials). */
  recordingMedia?: RecordingMediaSource;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // No ETag: webhooks are POSTs that are never revalidated, and it would hash every answer.
  app.set('etag', false);
  app.set('trust proxy', deps.trustProxy ?? false);

  app.use(
    '/voice',
    deps.drain.track,
    express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 500 }),
    requireTwilioSignature({
      authToken: deps.authToken,
      accountSid: deps.accountSid,
      publicBaseUrl: deps.publicBaseUrl,
      enabled: deps.signatureCheck,
      log: deps.log,
      metrics: deps.metrics,
    }),
  );
  app.use(
    '/voice/agent',
    // The agent hears the sentences of the flow answering the centre's number, in its language.
    agentRoutes(
      deps.pool,
      deps.publicBaseUrl,
      deps.log,
      deps.metrics,
      { deadlineMs: deps.deadlineMs },
      (n) => deps.registry.forNumber(n)?.flow,
    ),
  );
  app.use(
    '/voice',
    voiceRoutes(deps.sessions, deps.publicBaseUrl, deps.log, deps.metrics, {
      deadlineMs: deps.deadlineMs,
      maxInFlight: deps.maxInFlight,
      draining: () => deps.drain.draining,
    }),
  );
  // Twilio's Messaging webhooks: signed like the voice ones. A text is at most 1600 characters, but
  // a longer one (or a forged one) is still read and answered, never a 413 that loses it.
  app.use(
    '/sms',
    express.urlencoded({ extended: false, limit: '512kb', parameterLimit: 500 }),
    requireTwilioSignature({
      authToken: deps.authToken,
      accountSid: deps.accountSid,
      publicBaseUrl: deps.publicBaseUrl,
      enabled: deps.signatureCheck,
      log: deps.log,
      metrics: deps.metrics,
    }),
    smsRoutes({
      pool: deps.pool,
      replies: deps.sms,
      baseUrl: deps.publicBaseUrl,
      log: deps.log,
      metrics: deps.metrics,
      deadlineMs: deps.deadlineMs,
    }),
  );
  // Everything below is for browsers and API clients. TwiML goes only to Twilio, which reads no
  // page headers, so the webhooks above skip them (they are the hot path).
  app.use(securityHeaders({ https: deps.publicBaseUrl.startsWith('https:') }));

  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  app.use(healthRoutes({ pool: deps.pool, registry: deps.registry, drain: deps.drain, log: deps.log }));

  // The management API: token first (no body is read for strangers), then JSON bodies.
  app.use(['/auth', '/api'], requireSameOrigin(deps.publicBaseUrl));
  app.use(
    '/auth',
    express.json({ limit: '10kb' }),
    authRoutes({ pool: deps.pool, secureCookies: deps.publicBaseUrl.startsWith('https:'), log: deps.log, metrics: deps.metrics }),
    apiErrors(deps.log),
  );
  const recordingMedia =
    deps.recordingMedia ??
    twilioRecordingMedia({ accountSid: deps.accountSid, authToken: deps.authToken, apiBaseUrl: 'https://api.twilio.com' });
  const transfers = deps.transfers && { ...deps.transfers, baseUrl: deps.publicBaseUrl, log: deps.log };
  app.use(
    '/api',
    requireApiToken(deps.pool),
    express.json({ limit: '100kb' }),
    express.Router().use(
      '/me',
      requireAgent,
      meRoutes(
        deps.pool,
        deps.hub,
        deps.voice,
        deps.accountSid,
        deps.wrapUpEditMinutes,
        (hash) => deps.registry.byHash(hash).then((v) => v?.flow),
        transfers,
      ),
    ),
    // Cases: agents reach their own, supervisors all (the routes check who may do what).
    express.Router().use('/cases', caseRoutes(deps.pool), apiErrors(deps.log)),
    // Agents see the voicemails assigned to them; the router refuses the others itself.
    voicemailRoutes(deps.pool, recordingMedia, deps.log),
    requireSupervisor,
    dashboardRoutes(deps.pool, deps.hub, deps.registry, deps.timezone, deps.serviceLevelFormula),
    flowHistoryRoutes(deps.pool, deps.registry, deps.timezone),
    wallboardTokenRoutes(deps.pool, deps.publicBaseUrl),
    apiRoutes(deps.pool, deps.timezone, deps.serviceLevelFormula),
    apiErrors(deps.log),
  );
  app.use(
    wallboardRoutes({
      pool: deps.pool,
      hub: deps.hub,
      timezone: deps.timezone,
      serviceLevelFormula: deps.serviceLevelFormula,
      publicBaseUrl: deps.publicBaseUrl,
    }),
  );
  app.use(webRoutes());

  deps.extraRoutes?.(app);
  app.use((_req, res) => res.status(404).type('text/plain').send('Not found'));
  // Errors that escaped a route: a clear 4xx for bad requests (body too large, malformed), never
  // a stack trace; on a voice route never a 5xx either, but the fallback TwiML.
  app.use((err: Error & { status?: number }, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (req.path.startsWith('/sms/incoming')) {
      // A text that broke the parser (not Twilio's form) is answered like any messaging fault.
      deps.log.warn({ path: req.path, problem: err.message }, 'messaging webhook unreadable; answered with an empty Response');
      res.status(200).type('text/xml').send(renderMessagingReply(null));
      return;
    }
    if (status >= 500 && req.path.startsWith('/voice')) {
      deps.log.error({ err, path: req.path }, 'voice route failed; answered with the fallback');
      res
        .status(200)
        .type('text/xml')
        .send(deps.sessions.fallbackTwiml(req.path.replace(/^\/voice\//, '')));
      return;
    }
    deps.log[status >= 500 ? 'error' : 'warn']({ path: req.path, problem: err.message }, 'request failed');
    res
      .status(status)
      .type('text/plain')
      .send(status >= 500 ? 'Internal error' : `Bad request: ${err.message}`);
  });
  return app;
}
