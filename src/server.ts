import type { AddressInfo } from 'node:net';
import http, { type Server } from 'node:http';
import type { Express } from 'express';
import { CallSessions } from './calls/sessions.js';
import { httpLookup, type Lookup } from './calls/lookup.js';
import { hostForUrl, type Config } from './config.js';
import { setRoutingPolicy } from './routing/lifecycle/policy.js';
import { migrate } from './db/migrate.js';
import { createPool, type Pool } from './db/pool.js';
import { listSkillGroupNames, loadFlowVersion, saveFlowVersion } from './db/queries/flows.js';
import { flowEnvPolicy } from './flows/flow-env.js';
import { FlowRegistry, type FlowVersionStore } from './flows/registry.js';
import { createApp } from './http/app.js';
import { Drain } from './http/drain.js';
import { mountLocalTwilio } from './emulator/local-twilio.js';
import type { Logger } from './log.js';
import { callStepUrls } from './twiml/urls.js';
import { twilioCallControl, type CallControl, type RecordingSource } from './twilio/call-control.js';
import { twilioRecordingMedia } from './twilio/recording-media.js';
import { reconcile } from './routing/reconciler.js';
import { checkCaseDeadlines } from './routing/cases/index.js';
import { Router } from './routing/router.js';
import { callbackDialCheck } from './routing/callback-dial-check.js';
import { LiveHub } from './live/live-hub.js';
import { Metrics } from './metrics.js';
import { findCall } from './db/queries/calls.js';
import { isOptedOut } from './db/queries/sms.js';
import { numberTextable } from './calls/advance.js';
import { SmsOutbox } from './sms/outbox.js';
import { twilioMessaging, type Messaging } from './twilio/messaging.js';

export interface RunningServer {
  url: string;
  port: number;
  pool: Pool;
  registry: FlowRegistry;
  sessions: CallSessions;
  router: Router;
  metrics: Metrics;
  /** The SMS outbox: `kick()` sends what is due now (tests drive it after moving their clock). */
  smsOutbox: SmsOutbox;
  /**
   * Stops taking new calls (they get the fallback; /ready answers 503 draining) and waits for the
   * webhooks in flight, at most `timeoutMs`; resolves with how many were still unanswered.
   */
  drain(timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

/** Twilio waits 15 s for a webhook's answer: nothing in flight matters longer than that. */
export const DRAIN_TIMEOUT_MS = 15_000;

export function postgresFlowStore(pool: Pool): FlowVersionStore {
  return {
    save: (v) => saveFlowVersion(pool, v),
    load: (hash) => loadFlowVersion(pool, hash),
    knownGroups: () => listSkillGroupNames(pool),
  };
}

/** SWITCHBOARD_CLOCK: calls are answered as if it were that moment (then time runs on), loudly. */
function overriddenClock(config: Config, log: Logger): (() => number) | undefined {
  if (!config.clockOverride) return undefined;
  const shift = config.clockOverride.startsAt - Date.now();
  log.warn(
    { clock: config.clockOverride.text },
    `!!! SWITCHBOARD_CLOCK is set: calls are answered as if it were ${config.clockOverride.text} (business hours, holidays), time running on from there. Unset it for real calls. !!!`,
  );
  return () => Date.now() + shift;
}

/**
 * Starts one Switchboard instance on an already running database: migrations, flows, webhooks.
 * Several instances can share one database; each answers any call's next webhook.
 */
export async function startServer(
  config: Config,
  opts: {
    databaseUrl: string;
    log: Logger;
    schema?: string;
    lookup?: Lookup;
    watchFlows?: boolean;
    now?: () => number;
    deadlineMs?: number;
    maxInFlight?: number;
    /** Twilio's REST API (default: the real one at TWILIO_API_BASE_URL). */
    callControl?: CallControl & RecordingSource;
    /** Run the router and reconciler on this instance (default on). */
    routing?: boolean;
    routingPollMs?: number;
    reconcileEveryMs?: number;
    /** Serve a stand-in for Twilio's REST API at /local-twilio (the zero-configuration demo). */
    localTwilio?: boolean;
    /** Twilio's Messaging API (default: the real one at TWILIO_API_BASE_URL). */
    messaging?: Messaging;
    /** Run the SMS outbox's worker on this instance (default on), every `smsEveryMs`. */
    smsOutbox?: boolean;
    smsEveryMs?: number;
  },
): Promise<RunningServer> {
  const { log } = opts;
  const now = opts.now ?? overriddenClock(config, log);
  setRoutingPolicy(config.routingPolicy);
  const pool = createPool(opts.databaseUrl, { schema: opts.schema, pipeline: true });
  try {
    const applied = await migrate(pool);
    if (applied.length) log.info({ migrations: applied }, 'database migrated');
    // The time zone follows the default flow, loaded below; it is read only when Prometheus scrapes.
    const metrics = new Metrics(pool, () => timezone(), config.serviceLevelFormula);
    const flowEnv = flowEnvPolicy(config.flowEnvAllow);
    const registry = new FlowRegistry(config.flowsDir, postgresFlowStore(pool), log, {
      removalGraceMs: config.flowRemovalGraceMs,
      flowEnv,
      compile: { callbacks: config.callbacks },
    });
    registry.on('reload', (r) => metrics.flowReloads.inc({ result: r.result }));
    const loaded = await registry.reload('start');
    if (loaded.versions.size === 0) log.error({ dir: config.flowsDir }, 'no valid flow loaded: every call will get the fallback');
    if (opts.watchFlows !== false) await registry.watch();
    const control =
      opts.callControl ??
      twilioCallControl({ accountSid: config.twilioAccountSid, authToken: config.twilioAuthToken, apiBaseUrl: config.twilioApiBaseUrl });
    const clock = now ?? Date.now;
    const messaging =
      opts.messaging ??
      twilioMessaging({ accountSid: config.twilioAccountSid, authToken: config.twilioAuthToken, apiBaseUrl: config.twilioApiBaseUrl });
    const smsOutbox = new SmsOutbox({
      pool,
      messaging,
      log,
      now: clock,
      statusCallback: `${config.publicBaseUrl}/sms/status`,
      count: (outcome) => metrics.smsMessages.inc({ outcome }),
    });
    const runSmsOutbox = opts.smsOutbox !== false;
    const sessions = new CallSessions({
      pool,
      registry,
      lookup: opts.lookup ?? httpLookup(flowEnv),
      baseUrl: config.publicBaseUrl,
      fallback: config.fallback,
      log,
      metrics,
      recordings: control,
      ...(now ? { now } : {}),
      sms: {
        // A mobile-looking number that has not opted out (the outbox checks the opt-outs again when it sends).
        textable: async (db, caller) => {
          const check = numberTextable(caller);
          if (!check.ok) return check;
          return (await isOptedOut(db, caller)) ? { ok: false, reason: 'opted-out' } : check;
        },
        surveyCapDays: config.smsSurveyCapDays,
        queued: () => {
          if (runSmsOutbox) void smsOutbox.kick();
        },
      },
    });
    // A call Twilio says is over (its status callback lost) is closed as that callback would have.
    const endCall = (callSid: string) => sessions.endCall(callSid, { status: 'completed', durationSeconds: null, source: 'twilio-rest' });
    const router = new Router({
      pool,
      control,
      baseUrl: config.publicBaseUrl,
      log,
      listen: { url: opts.databaseUrl },
      pollMs: opts.routingPollMs,
      beforeCallback: callbackDialCheck({ pool, rules: config.callbacks, log, metrics }),
      endCall,
      onDecision: (ms, claim) => {
        metrics.routingDecisionSeconds.observe(ms / 1000);
        metrics.routingDecisions.inc({ kind: claim.kind, group: claim.group });
      },
    });
    const routing = opts.routing !== false;
    if (routing) await router.start();
    const lastStatusCheck = new Map<number | string, number>();
    const callerRepairs = { endCall, overflowUrl: (seq: number) => callStepUrls(config.publicBaseUrl, seq)('overflow') };
    // The pass under way, if any: closing waits for it, so its advisory lock is not left to a dying pool.
    let reconcilePass: Promise<unknown> = Promise.resolve();
    const reconciling = routing
      ? setInterval(() => {
          reconcilePass = reconcile(pool, control, log, lastStatusCheck, callerRepairs)
            // Cases past their due times are marked with the same beat (once each: history, live pages).
            .then(() => checkCaseDeadlines(pool, log))
            .catch((err) => {
              metrics.errors.inc({ where: 'reconciler' });
              log.error({ err }, 'reconciler failed');
            });
        }, opts.reconcileEveryMs ?? 5000)
      : undefined;
    // The centre's time zone: configured, or the default flow's (which a reload may change).
    const timezone = () => config.centreTimezone ?? registry.forNumber('')?.flow.timezone ?? 'UTC';
    const flowOf = (hash: string) => registry.byHash(hash).then((v) => v?.flow);
    const hub = new LiveHub({ pool, listenUrl: opts.databaseUrl, log, timezone, serviceLevelFormula: config.serviceLevelFormula, flowOf });
    await hub.start();
    const drain = new Drain();
    const app = createApp({
      drain,
      sessions,
      registry,
      pool,
      log,
      publicBaseUrl: config.publicBaseUrl,
      authToken: config.twilioAuthToken,
      signatureCheck: config.signatureCheck,
      deadlineMs: opts.deadlineMs,
      maxInFlight: opts.maxInFlight ?? config.maxInFlightWebhooks,
      hub,
      metrics,
      accountSid: config.twilioAccountSid,
      timezone,
      serviceLevelFormula: config.serviceLevelFormula,
      trustProxy: config.trustProxy,
      wrapUpEditMinutes: config.wrapUpEditMinutes,
      transfers: { control, numbers: config.transferNumbers },
      sms: {
        pool,
        now: clock,
        flowOfCall: async (db, callSid) => {
          const call = await findCall(db, callSid);
          return call ? (await registry.byHash(call.flowHash))?.flow : undefined;
        },
        flowForNumber: (number) => registry.forNumber(number)?.flow,
      },
      recordingMedia: twilioRecordingMedia({
        accountSid: config.twilioAccountSid,
        authToken: config.twilioAuthToken,
        apiBaseUrl: config.twilioApiBaseUrl,
      }),
      ...(config.voice ? { voice: config.voice } : {}),
      ...(opts.localTwilio
        ? {
            extraRoutes: (a: Express) =>
              mountLocalTwilio(a, {
                accountSid: config.twilioAccountSid,
                authToken: config.twilioAuthToken,
                baseUrl: config.publicBaseUrl,
              }),
          }
        : {}),
    });
    const server: Server = http.createServer(app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // Without HOST, every interface (IPv6 and IPv4), as containers need.
      server.listen(config.port, config.host, () => resolve());
    });
    // Twilio waits 15 s at most; keep idle keep-alive connections a little longer than proxies do.
    server.keepAliveTimeout = 65_000;
    const port = (server.address() as AddressInfo).port;
    // Texts due (after a restart too) go out from now on, every instance taking its share.
    if (runSmsOutbox) smsOutbox.start(opts.smsEveryMs ?? 2000);
    return {
      url: `http://${hostForUrl(config.host, '127.0.0.1')}:${port}`,
      port,
      pool,
      registry,
      sessions,
      router,
      metrics,
      smsOutbox,
      drain: (timeoutMs = DRAIN_TIMEOUT_MS) => {
        drain.start();
        return drain.idle(timeoutMs);
      },
      close: async () => {
        await registry.close();
        clearInterval(reconciling);
        await reconcilePass;
        await router.stop();
        await smsOutbox.stop();
        await hub.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
        await closed;
        await pool.end();
      },
    };
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
}
