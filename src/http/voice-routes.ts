import { Router } from 'express';
import { z } from 'zod';
import type { CallSessions, VoiceWebhook } from '../calls/sessions.js';
import { parseStatusCallback, parseVoiceRequest, type VoiceRoute } from '../calls/voice-request.js';
import { checkParams, twilioParams } from '../twilio/webhook-params.js';
import { EVENT_ROUTES } from '../twiml/urls.js';
import { renderFallbackWait } from '../twiml/render.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { statusCallbackAnswers, webhookRoute, type FaultPolicy, type WebhookInput } from './webhook.js';

/** Voice webhooks worked on at once before more are answered with the fallback (overload). */
export const DEFAULT_MAX_IN_FLIGHT = 64;

/** `?seq=` and `?assignment=` are ours (we wrote the URLs): one that is malformed is taken as absent, i.e. a late request. */
const queryNumber = (v: unknown, maxDigits: number) =>
  typeof v === 'string' && new RegExp(`^\\d{1,${maxDigits}}$`).test(v) ? Number(v) : undefined;

/** A transfer's target, from the URL we wrote (transferUrl): a group name or an E.164 number; anything else, none. */
const transferTarget = (query: Record<string, unknown>): { group: string } | { number: string } | undefined => {
  const { group, number } = query;
  if (typeof group === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(group)) return { group };
  if (typeof number === 'string' && /^\+[1-9]\d{6,14}$/.test(number)) return { number };
  return undefined;
};

/** The caller's webhooks, checked: the call, its one event, and which step and offer the URL was issued for. */
function parseCallerWebhook(route: VoiceRoute, input: WebhookInput, at: number): VoiceWebhook {
  const assignment = queryNumber(input.query.assignment, 15);
  const parsed = parseVoiceRequest(route, input.params, at);
  const to = route === 'transfer' ? transferTarget(input.query) : undefined;
  return {
    route,
    seq: queryNumber(input.query.seq, 9),
    assignment,
    ...parsed,
    // A transfer URL without a readable target or offer is taken as late: the offer id 0 matches none.
    ...(parsed.event.type === 'TRANSFER'
      ? { event: { ...parsed.event, assignmentId: to ? (assignment ?? 0) : 0, ...(to ? { to } : {}) } }
      : {}),
    requestHash: input.requestHash,
    idempotencyToken: input.idempotencyToken,
  };
}

const fallbackWaitParams = z.object({ QueueTime: twilioParams.count.default(0) });
const fallbackParams = z.object({
  CallSid: twilioParams.call.shape.CallSid.optional(),
  To: twilioParams.call.shape.To.optional(),
  ErrorCode: z.string().max(16).optional(),
  ErrorUrl: z.string().max(2048).optional(),
});

/**
 * The webhooks Twilio calls. Every answer on these routes is TwiML with status 200: on a bad
 * request or any internal fault the caller hears an apology and goes to the fallback, never
 * Twilio's "application error".
 */
export function voiceRoutes(
  sessions: CallSessions,
  publicBaseUrl: string,
  log: Logger,
  metrics: Metrics,
  limits: { deadlineMs?: number; maxInFlight?: number; draining?: () => boolean } = {},
): Router {
  const router = Router();
  const deps = { baseUrl: publicBaseUrl, log, metrics, deadlineMs: limits.deadlineMs };
  const maxInFlight = limits.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  let inFlight = 0;
  const draining = limits.draining ?? (() => false);

  // What the caller gave in a webhook we failed to store exists nowhere else: keys and speech are
  // logged in full (an operator can re-enter a survey score) and counted; a recording is kept by
  // Twilio and looked for when the call resumes or ends (see CallSessions.endCall).
  const noteLostInput = ({ event }: VoiceWebhook, callLog: Logger) => {
    if (event.type === 'RECORDED') {
      const recording = { recordingUrl: event.url, duration: event.duration };
      callLog.warn(recording, 'voicemail not stored now; it is fetched from Twilio when the call resumes or ends');
      return;
    }
    const keyed = event.type === 'DIGITS' || (event.type === 'QUEUE_KEY' && event.digits);
    const lost = keyed
      ? { lost: 'keys', digits: event.digits }
      : event.type === 'SPEECH'
        ? { lost: 'speech', speech: event.speech }
        : undefined;
    if (!lost) return;
    metrics.lostInputs.inc({ kind: lost.lost });
    callLog.error(lost, 'caller input lost: its webhook could not be stored and Twilio does not keep it');
  };

  /** A caller's route that cannot answer properly sends them to the fallback (`twiml`). */
  const callerFaults = <In>(twiml: () => string, onFault?: FaultPolicy<In>['onFault']): FaultPolicy<In> => ({
    where: { invalid: 'webhook-invalid', deadline: 'webhook-deadline', fault: 'webhook' },
    outcome: { invalid: 'fallback', fault: 'fallback' },
    invalid: () => ({ twiml: twiml() }),
    fault: () => ({ twiml: twiml() }),
    ...(onFault ? { onFault } : {}),
  });

  const callerRoute = (route: VoiceRoute | 'recover') => {
    const asRoute = route === 'recover' ? 'incoming' : route;
    return webhookRoute(deps, {
      name: route,
      parse: (input) => parseCallerWebhook(asRoute, input, sessions.now()),
      admit: (w, callLog) => {
        // Overload: more work than the database can take would only queue up towards Twilio's 15 s
        // limit; callers beyond it get the fallback at once instead.
        if (inFlight >= maxInFlight) {
          metrics.errors.inc({ where: 'webhook-shed' });
          callLog.warn({ inFlight }, 'overloaded: answered with the fallback');
          noteLostInput(w, callLog);
          return { answer: { twiml: sessions.fallbackTwiml(route, w.call.to) }, outcome: 'shed' };
        }
        // Shutting down: a new call is not started here but handed to the fallback (the fallback queue
        // holds the caller until an instance that is up takes them back through /voice/recover).
        if (route === 'incoming' && draining()) {
          metrics.errors.inc({ where: 'webhook-draining' });
          callLog.warn('shutting down: a new call got the fallback');
          return { answer: { twiml: sessions.fallbackTwiml(route, w.call.to) }, outcome: 'draining' };
        }
        inFlight++;
        return undefined;
      },
      leave: () => inFlight--,
      handle: async (w) => {
        const { twiml, outcome } = await (route === 'recover' ? sessions.recover(w) : sessions.handle(w));
        return { answer: { twiml }, outcome, unusual: outcome === 'unknown-call' || outcome === 'no-flow' };
      },
      faults: callerFaults<VoiceWebhook>(
        () => sessions.fallbackTwiml(route),
        (w, err, callLog) => {
          noteLostInput(w, callLog);
          void sessions.noteFault(w.call.callSid, err instanceof Error ? err.message : String(err));
        },
      ),
    });
  };

  router.post('/incoming', callerRoute('incoming'));
  router.post('/recover', callerRoute('recover'));
  // The fallback queue's hold music asks how we are: a caller leaves it (and is resumed) once we answer.
  router.post(
    '/fallback-wait',
    webhookRoute(deps, {
      name: 'fallback-wait',
      parse: (input) => checkParams(fallbackWaitParams, input.params),
      handle: async ({ QueueTime }) => {
        const release = QueueTime >= 10 && inFlight < maxInFlight && !draining() && (await sessions.healthy());
        return { answer: { twiml: renderFallbackWait(release) }, outcome: release ? 'released' : 'held' };
      },
      faults: callerFaults(() => renderFallbackWait(false)),
    }),
  );
  for (const route of EVENT_ROUTES) router.post(`/${route}`, callerRoute(route));

  // Not a caller-facing route: a callback we could not store is answered 503 so that Twilio sends
  // it again (the reconciler asks Twilio about waiting callers whose callback never arrives). A malformed
  // one would fail the same way every time: logged and answered 204. One answered 503 at its
  // deadline may still be recorded: closing a call happens once, whichever callback does it.
  router.post(
    '/status',
    webhookRoute(deps, {
      name: 'status',
      parse: (input) => parseStatusCallback(input.params),
      handle: async (callback) => {
        await sessions.statusCallback(callback);
        return { answer: { status: 204 }, outcome: 'recorded' };
      },
      faults: {
        where: { invalid: 'status-callback-invalid', deadline: 'status-callback-deadline', fault: 'status-callback' },
        outcome: { invalid: 'invalid', fault: 'fault' },
        ...statusCallbackAnswers(204),
      },
    }),
  );

  // Twilio's Fallback URL: our Voice URL failed (ErrorCode says how). Keep the caller connected.
  router.post(
    '/fallback',
    webhookRoute(deps, {
      name: 'fallback',
      parse: (input) => checkParams(fallbackParams, input.params),
      handle: async ({ CallSid, To, ErrorCode, ErrorUrl }, { log: callLog }) => {
        callLog.error({ errorCode: ErrorCode, errorUrl: ErrorUrl }, 'Twilio used the fallback URL');
        void sessions.noteFault(CallSid, `Twilio error ${ErrorCode ?? '?'} on ${ErrorUrl ?? '?'}`);
        return { answer: { twiml: sessions.fallbackTwiml(undefined, To) }, outcome: 'fallback' };
      },
      faults: callerFaults(() => sessions.fallbackTwiml()),
    }),
  );

  return router;
}
