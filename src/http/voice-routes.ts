import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { CallSessions, Outcome } from '../calls/sessions.js';
import { ForgedRequest, InvalidRequest, type VoiceRoute } from '../calls/voice-request.js';
import { isEventRoute } from '../twiml/urls.js';
import { renderFallbackWait } from '../twiml/render.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

/** Twilio gives up after 15 s; answer the fallback well before that if anything hangs. */
export const DEFAULT_DEADLINE_MS = 8000;
/** Voice webhooks worked on at once before more are answered with the fallback (overload). */
export const DEFAULT_MAX_IN_FLIGHT = 64;

export function requestHash(url: string, params: Record<string, string>): string {
  const h = createHash('sha1').update(url);
  for (const k of Object.keys(params).sort()) h.update(`\n${k}=${params[k]}`);
  return h.digest('base64url');
}

export function bodyParams(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) out[k] = Array.isArray(v) ? String(v[0]) : String(v);
  return out;
}

function seqOf(req: Request): number | undefined {
  return typeof req.query.seq === 'string' && /^\d{1,9}$/.test(req.query.seq) ? Number(req.query.seq) : undefined;
}

function sendTwiml(res: Response, twiml: string): void {
  res.status(200).type('text/xml').send(twiml);
}

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
  const deadlineMs = limits.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const maxInFlight = limits.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  let inFlight = 0;
  const draining = limits.draining ?? (() => false);

  // What the caller gave in a webhook we failed to store exists nowhere else: keys and speech are
  // logged in full (an operator can re-enter a survey score) and counted; a recording is kept by
  // Twilio and looked for when the call resumes or ends (see CallSessions.endCall).
  const noteLostInput = (route: VoiceRoute | 'recover', seq: number | undefined, params: Record<string, string>) => {
    const callLog = log.child({ callSid: params.CallSid, route, seq });
    if (route === 'recorded' && params.RecordingUrl) {
      callLog.warn({ recordingUrl: params.RecordingUrl, duration: params.RecordingDuration }, 'voicemail not stored now; it is fetched from Twilio when the call resumes or ends');
      return;
    }
    const kind = params.Digits ? 'keys' : params.SpeechResult?.trim() ? 'speech' : undefined;
    if (!kind || (route !== 'gather' && route !== 'queue-key')) return;
    metrics.lostInputs.inc({ kind });
    callLog.error({ lost: kind, digits: params.Digits, speech: params.SpeechResult }, 'caller input lost: its webhook could not be stored and Twilio does not keep it');
  };

  const handle = (route: VoiceRoute | 'recover') => async (req: Request, res: Response) => {
    const params = bodyParams(req);
    const callLog = log.child({ callSid: params.CallSid, route });
    // Overload: more work than the database can take would only queue up towards Twilio's 15 s
    // limit; callers beyond it get the fallback at once instead.
    if (inFlight >= maxInFlight) {
      metrics.errors.inc({ where: 'webhook-shed' });
      callLog.warn({ inFlight }, 'overloaded: answered with the fallback');
      noteLostInput(route, seqOf(req), params);
      return sendTwiml(res, sessions.fallbackTwiml(route));
    }
    // Shutting down: a new call is not started here but handed to the fallback (the fallback queue
    // holds the caller until an instance that is up takes them back through /voice/recover).
    if (route === 'incoming' && draining()) {
      metrics.errors.inc({ where: 'webhook-draining' });
      callLog.warn('shutting down: a new call got the fallback');
      return sendTwiml(res, sessions.fallbackTwiml(route));
    }
    inFlight++;
    const seq = seqOf(req);
    const assignment = typeof req.query.assignment === 'string' && /^\d{1,15}$/.test(req.query.assignment) ? Number(req.query.assignment) : undefined;
    const started = process.hrtime.bigint();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<{ twiml: string; outcome: Outcome | 'timeout' }>((resolve) => {
      timer = setTimeout(() => resolve({ twiml: sessions.fallbackTwiml(route), outcome: 'timeout' }), deadlineMs);
    });
    try {
      const webhook = {
        route: route === 'recover' ? ('incoming' as const) : route,
        seq,
        assignment,
        params,
        requestHash: requestHash(publicBaseUrl + req.originalUrl, params),
        idempotencyToken: req.header('i-twilio-idempotency-token') || undefined,
      };
      const work = route === 'recover' ? sessions.recover(webhook) : sessions.handle(webhook);
      const { twiml, outcome } = await Promise.race([work, deadline]);
      if (outcome === 'timeout') {
        callLog.error({ ms: deadlineMs }, 'webhook took too long; answered with the fallback');
        work.catch((err) => {
          callLog.error({ err }, 'late webhook failed');
          noteLostInput(route, seq, params);
        });
      }
      sendTwiml(res, twiml);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      metrics.webhookSeconds.observe({ route, outcome }, ms / 1000);
      if (outcome === 'timeout') metrics.errors.inc({ where: 'webhook-deadline' });
      callLog[outcome === 'unknown-call' || outcome === 'no-flow' ? 'warn' : 'info']({ outcome, ms: Math.round(ms * 100) / 100 }, 'voice webhook');
    } catch (err) {
      if (err instanceof ForgedRequest) {
        // Not Twilio speaking for this call: refused like a bad signature, and the call is untouched.
        metrics.webhookRefusals.inc({ reason: 'call-mismatch' });
        callLog.warn({ problem: err.message, from: params.From, to: params.To, accountSid: params.AccountSid }, 'Twilio webhook refused: it does not match the call');
        res.status(403).type('text/plain').send(err.message);
        return;
      }
      metrics.errors.inc({ where: err instanceof InvalidRequest ? 'webhook-invalid' : 'webhook' });
      metrics.webhookSeconds.observe({ route, outcome: 'fallback' }, Number(process.hrtime.bigint() - started) / 1e9);
      if (err instanceof InvalidRequest) callLog.warn({ problem: err.message }, 'invalid voice webhook; answered with the fallback');
      else {
        callLog.error({ err }, 'voice webhook failed; answered with the fallback');
        noteLostInput(route, seq, params);
        void sessions.noteFault(params.CallSid, (err as Error).message);
      }
      sendTwiml(res, sessions.fallbackTwiml(route));
    } finally {
      clearTimeout(timer);
      inFlight--;
    }
  };

  router.post('/incoming', handle('incoming'));
  router.post('/recover', handle('recover'));
  // The fallback queue's hold music asks how we are: a caller leaves it (and is resumed) once we answer.
  router.post('/fallback-wait', async (req, res) => {
    const queueTime = Number(bodyParams(req).QueueTime ?? 0);
    sendTwiml(res, renderFallbackWait(queueTime >= 10 && inFlight < maxInFlight && !draining() && (await sessions.healthy())));
  });
  router.post('/:event', (req, res, next) => (isEventRoute(req.params.event) ? handle(req.params.event)(req, res) : next()));

  // Not a caller-facing route: a callback we could not store is answered 503 so that Twilio sends
  // it again (the reconciler asks Twilio about waiting callers whose callback never arrives). A malformed
  // one would fail the same way every time: logged and answered 204.
  router.post('/status', async (req, res) => {
    const params = bodyParams(req);
    try {
      await sessions.statusCallback(params);
      res.status(204).end();
    } catch (err) {
      if (err instanceof ForgedRequest) {
        metrics.webhookRefusals.inc({ reason: 'call-mismatch' });
        log.warn({ callSid: params.CallSid, problem: err.message, from: params.From, to: params.To, accountSid: params.AccountSid }, 'status callback refused: it does not match the call');
        return void res.status(403).type('text/plain').send(err.message);
      }
      if (err instanceof InvalidRequest) {
        log.warn({ callSid: params.CallSid, problem: err.message }, 'invalid status callback ignored');
        return void res.status(204).end();
      }
      metrics.errors.inc({ where: 'status-callback' });
      log.error({ callSid: params.CallSid, status: params.CallStatus, err }, 'status callback not recorded; answered 503 so Twilio retries it');
      res.status(503).end();
    }
  });

  // Twilio's Fallback URL: our Voice URL failed (ErrorCode says how). Keep the caller connected.
  router.post('/fallback', (req, res) => {
    const params = bodyParams(req);
    log.error({ callSid: params.CallSid, errorCode: params.ErrorCode, errorUrl: params.ErrorUrl }, 'Twilio used the fallback URL');
    void sessions.noteFault(params.CallSid, `Twilio error ${params.ErrorCode ?? '?'} on ${params.ErrorUrl ?? '?'}`);
    sendTwiml(res, sessions.fallbackTwiml());
  });

  return router;
}
