import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { ForgedRequest } from '../calls/voice-request.js';
import { InvalidRequest } from '../twilio/webhook-params.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

/** Twilio gives up after 15 s; answer the fallback well before that if anything hangs. */
export const DEFAULT_DEADLINE_MS = 8000;

/** A Twilio webhook as its parse function sees it (the signature is checked upstream): nothing else reads the request. */
export interface WebhookInput {
  /** The form parameters, one value each. */
  params: Record<string, string>;
  query: Record<string, unknown>;
  /** Hash of the full URL and parameters: the same request twice hashes the same. */
  requestHash: string;
  idempotencyToken?: string;
}

/** What a webhook answers: TwiML (200), or a bare status (status callbacks, refusals). */
export type WebhookAnswer = { twiml: string } | { status: 204 | 400 | 403 | 503; text?: string };

export interface Answered {
  answer: WebhookAnswer;
  /** `switchboard_webhook_duration_seconds{outcome}`. */
  outcome: string;
  /** An answer worth a warning in the log (an unknown call, no flow). */
  unusual?: boolean;
}

/** How one kind of route answers when it cannot answer properly, and how that is counted. */
export interface FaultPolicy<In> {
  /** `switchboard_errors_total{where}` of each fault. */
  where: { invalid: string; deadline: string; fault: string };
  /** `switchboard_webhook_duration_seconds{outcome}` of an invalid request and of a fault (a missed deadline is `timeout`). */
  outcome: { invalid: string; fault: string };
  invalid(problem: string): WebhookAnswer;
  /** The answer on a fault and when the deadline passes. */
  fault(): WebhookAnswer;
  /** After a fault, or late work that failed once the fault answer was sent: what the caller gave may be lost. */
  onFault?(input: In, err: unknown, log: Logger): void;
  /** Late work that failed because it honoured the deadline (kept nothing): not a fault. */
  keptNothing?(err: unknown): boolean;
}

export interface WebhookRoute<In> {
  /** `switchboard_webhook_duration_seconds{route}` and the log's `route`. */
  name: string;
  /** Checks the request; throws InvalidRequest naming what is wrong. */
  parse(input: WebhookInput): In;
  /** Before the work: an answer that turns the request away (overload, shutting down); `leave` is called once a request let in is answered. */
  admit?(input: In, log: Logger): Answered | undefined;
  leave?(): void;
  /** The work. `expired()` says whether the deadline has passed: a transaction then keeps nothing. */
  handle(input: In, ctx: { expired: () => boolean; log: Logger }): Promise<Answered>;
  faults: FaultPolicy<In>;
}

export interface WebhookDeps {
  baseUrl: string;
  log: Logger;
  metrics: Metrics;
  deadlineMs?: number;
}

/** Each form parameter once: Twilio never repeats one, and a forged repeat cannot smuggle an array past a schema. */
function bodyParams(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries<unknown>(req.body ?? {})) out[k] = Array.isArray(v) ? String(v[0]) : String(v);
  return out;
}

export function requestHash(url: string, params: Record<string, string>): string {
  const h = createHash('sha1').update(url);
  for (const k of Object.keys(params).sort()) h.update(`\n${k}=${params[k]}`);
  return h.digest('base64url');
}

/** A status callback's fault answers: a 503 makes Twilio send it again; a malformed one would fail the same way every time. */
export function statusCallbackAnswers(invalid: 204 | 400): Pick<FaultPolicy<unknown>, 'invalid' | 'fault'> {
  return {
    invalid: (problem) => (invalid === 204 ? { status: 204 } : { status: 400, text: `Bad request: ${problem}` }),
    fault: () => ({ status: 503, text: 'Not recorded; send it again' }),
  };
}

function send(res: Response, answer: WebhookAnswer): void {
  if ('twiml' in answer) res.status(200).type('text/xml').send(answer.twiml);
  else if (answer.text !== undefined) res.status(answer.status).type('text/plain').send(answer.text);
  else res.status(answer.status).end();
}

/**
 * The one choke point of every Twilio webhook: its input checked at this edge, its work raced
 * against one deadline, every answer measured and logged, and any fault turned into the route
 * kind's fault answer (valid TwiML on TwiML routes, never a 5xx there).
 */
export function webhookRoute<In>(deps: WebhookDeps, route: WebhookRoute<In>): RequestHandler {
  const deadlineMs = deps.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const { faults } = route;
  return async (req, res) => {
    const started = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
    const params = bodyParams(req);
    // The query is ours (`seq`, `assignment`: we wrote every URL Twilio calls, and it signs them).
    const log = deps.log.child({ ...req.query, route: route.name, callSid: params.CallSid });
    const finish = (a: Answered) => {
      send(res, a.answer);
      deps.metrics.webhookSeconds.observe({ route: route.name, outcome: a.outcome }, ms() / 1000);
    };

    let input: In;
    try {
      input = route.parse({
        params,
        query: req.query,
        requestHash: requestHash(deps.baseUrl + req.originalUrl, params),
        idempotencyToken: req.header('i-twilio-idempotency-token') || undefined,
      });
    } catch (err) {
      if (!(err instanceof InvalidRequest)) throw err;
      deps.metrics.errors.inc({ where: faults.where.invalid });
      log.warn({ problem: err.message }, 'invalid webhook; answered as a fault');
      return finish({ answer: faults.invalid(err.message), outcome: faults.outcome.invalid });
    }
    const turnedAway = route.admit?.(input, log);
    if (turnedAway) return finish(turnedAway);

    let timer: NodeJS.Timeout | undefined;
    let expired = false;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        expired = true;
        resolve('timeout');
      }, deadlineMs);
    });
    try {
      const work = route.handle(input, { expired: () => expired, log });
      const done = await Promise.race([work, deadline]);
      if (done === 'timeout') {
        deps.metrics.errors.inc({ where: faults.where.deadline });
        log.error({ ms: deadlineMs }, 'webhook took too long; answered as a fault');
        work.catch((err) => {
          if (faults.keptNothing?.(err)) return;
          log.error({ err }, 'late webhook failed');
          faults.onFault?.(input, err, log);
        });
        return finish({ answer: faults.fault(), outcome: 'timeout' });
      }
      finish(done);
      log[done.unusual ? 'warn' : 'info']({ outcome: done.outcome, ms: Math.round(ms() * 100) / 100 }, 'webhook answered');
    } catch (err) {
      if (err instanceof ForgedRequest) {
        // Not Twilio speaking for this call: refused like a bad signature, and the call is untouched.
        deps.metrics.webhookRefusals.inc({ reason: 'call-mismatch' });
        const claimed = { from: params.From, to: params.To, accountSid: params.AccountSid };
        log.warn({ problem: err.message, ...claimed }, 'Twilio webhook refused: it does not match the call');
        return finish({ answer: { status: 403, text: err.message }, outcome: 'refused' });
      }
      deps.metrics.errors.inc({ where: faults.where.fault });
      log.error({ err }, 'webhook failed; answered as a fault');
      faults.onFault?.(input, err, log);
      finish({ answer: faults.fault(), outcome: faults.outcome.fault });
    } finally {
      clearTimeout(timer);
      if (!turnedAway) route.leave?.();
    }
  };
}
