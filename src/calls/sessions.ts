import type { CallEvent, Effect } from '../flows/call-types.js';
import type { CompiledFlow } from '../flows/compile.js';
import type { FlowRegistry } from '../flows/registry.js';
import { appendCallEvents, closeCall, findCall, insertCall, lockCall, saveCallStep, type CallRow } from '../db/queries/calls.js';
import { insertSurveyResponse, insertVoicemail } from '../db/queries/recordings.js';
import { inTransaction, type Pool, type Queryable } from '../db/pool.js';
import type { Logger } from '../log.js';
import { renderFallback, renderHangup, renderReply, type Fallback } from '../twiml/render.js';
import { advance } from './advance.js';
import { eventRows } from './event-log.js';
import type { Lookup } from './lookup.js';
import { isEnded, ringing, stepCall, waitOf, type CallState } from './step.js';
import { parseStatusCallback, parseVoiceRequest, TERMINAL_STATUSES, type EventRoute, type VoiceRoute } from './voice-request.js';

/** One voice webhook as the HTTP layer hands it over (signature already checked). */
export interface VoiceWebhook {
  route: VoiceRoute;
  /** The call step the URL was issued for (`?seq=`); absent on /voice/incoming. */
  seq?: number;
  params: Record<string, string>;
  /** Hash of the full URL and parameters: the same request twice hashes the same. */
  requestHash: string;
  idempotencyToken?: string;
}

export type Outcome = 'started' | 'stepped' | 'waiting' | 'replayed' | 'stale' | 'ended' | 'unknown-call' | 'no-flow';

export interface SessionDeps {
  pool: Pool;
  registry: FlowRegistry;
  lookup: Lookup;
  baseUrl: string;
  fallback: Fallback;
  log: Logger;
  now?: () => number;
}

/**
 * Call sessions: each webhook loads the call (locked), takes one pure step, saves the new state
 * with the answer, and returns TwiML. The same request twice gets the same answer and one step.
 */
export class CallSessions {
  private now: () => number;
  constructor(private deps: SessionDeps) {
    this.now = deps.now ?? Date.now;
  }

  urlFor = (seq: number) => (route: EventRoute) => `${this.deps.baseUrl}/voice/${route}?seq=${seq}`;

  fallbackTwiml(): string {
    return renderFallback(this.deps.fallback);
  }

  async handle(w: VoiceWebhook): Promise<{ twiml: string; outcome: Outcome }> {
    const at = this.now();
    const { call, event } = parseVoiceRequest(w.route, w.params, at);
    if (w.route === 'incoming') return this.start(w, call, event);
    if (w.route === 'queue-wait') return this.hold(w, call.callSid, event);
    return inTransaction(this.deps.pool, async (tx) => {
      const row = await lockCall(tx, call.callSid);
      const early = await this.answerWithoutStep(row, w);
      if (early) return early;
      const cf = await this.flowOf(row!);
      const before: CallState = { state: row!.state, context: row!.context };
      const result = await advance(cf, before, event, { lookup: this.deps.lookup, callSid: call.callSid, now: this.now });
      const seq = row!.seq + 1;
      const twiml = renderReply(result.reply, this.urlFor(seq));
      await applyEffects(tx, call.callSid, result.reply.effects);
      await saveCallStep(tx, {
        callSid: call.callSid,
        state: result.call.state,
        context: result.call.context,
        seq,
        requestHash: w.requestHash,
        idempotencyToken: w.idempotencyToken ?? null,
        response: twiml,
        ended: isEnded(result.call),
        events: eventRows(before.state, event, result),
      });
      return { twiml, outcome: 'stepped' as const };
    });
  }

  /** Replays, late requests and finished calls are answered from the row without a step. */
  private async answerWithoutStep(row: CallRow | undefined, w: VoiceWebhook): Promise<{ twiml: string; outcome: Outcome } | undefined> {
    if (!row) return { twiml: this.fallbackTwiml(), outcome: 'unknown-call' };
    const sameRequest = row.lastRequestHash === w.requestHash || (!!w.idempotencyToken && row.lastIdempotencyToken === w.idempotencyToken);
    if (sameRequest && row.lastResponse) return { twiml: row.lastResponse, outcome: 'replayed' };
    if (row.endedAt) return { twiml: renderHangup(), outcome: 'ended' };
    if (w.seq !== row.seq) {
      // A request for a step the call has left: answer with where the call is now, unchanged.
      const cf = await this.flowOf(row);
      const wait = waitOf(cf.flow, { state: row.state, context: row.context });
      return { twiml: renderReply({ utterances: [], effects: [], wait }, this.urlFor(row.seq)), outcome: 'stale' };
    }
    return undefined;
  }

  private async start(w: VoiceWebhook, call: ReturnType<typeof parseVoiceRequest>['call'], event: CallEvent): Promise<{ twiml: string; outcome: Outcome }> {
    const cf = this.deps.registry.forNumber(call.to);
    if (!cf) {
      this.deps.log.error({ callSid: call.callSid, to: call.to }, 'no flow answers this number and no flow is the default');
      return { twiml: this.fallbackTwiml(), outcome: 'no-flow' };
    }
    const result = await advance(cf, ringing(cf), event, { lookup: this.deps.lookup, callSid: call.callSid, now: this.now });
    const twiml = renderReply(result.reply, this.urlFor(1));
    const save = async (db: Queryable) => {
      const ok = await insertCall(db, {
        ...call,
        flowId: cf.flow.id,
        flowHash: cf.hash,
        fromNumber: call.from,
        toNumber: call.to,
        state: result.call.state,
        context: result.call.context,
        seq: 1,
        requestHash: w.requestHash,
        idempotencyToken: w.idempotencyToken ?? null,
        response: twiml,
        events: eventRows('start', event, result),
      });
      if (ok) await applyEffects(db, call.callSid, result.reply.effects);
      return ok;
    };
    // One statement when there is nothing else to write; a transaction when effects go with it.
    const inserted = result.reply.effects.length ? await inTransaction(this.deps.pool, save) : await save(this.deps.pool);
    if (inserted) return { twiml, outcome: 'started' };
    // The call exists: Twilio retried the first webhook (perhaps while the first was running).
    const row = await findCall(this.deps.pool, call.callSid);
    return (await this.answerWithoutStep(row, { ...w, seq: row?.seq }))!;
  }

  /** The queue's waitUrl: asked again and again while the caller holds; it does not move the call on. */
  private async hold(w: VoiceWebhook, callSid: string, event: CallEvent): Promise<{ twiml: string; outcome: Outcome }> {
    const row = await findCall(this.deps.pool, callSid);
    if (!row) return { twiml: this.fallbackTwiml(), outcome: 'unknown-call' };
    if (row.endedAt) return { twiml: renderHangup(), outcome: 'ended' };
    const cf = await this.flowOf(row);
    const result = stepCall(cf, { state: row.state, context: row.context }, event);
    return { twiml: renderReply(result.reply, this.urlFor(row.seq)), outcome: w.seq === row.seq ? 'waiting' : 'stale' };
  }

  /** Status callback: the call is over (or progressing); close the session once, whatever the order. */
  async statusCallback(params: Record<string, string>): Promise<void> {
    const { call, status, durationSeconds } = parseStatusCallback(params);
    if (!TERMINAL_STATUSES.has(status)) {
      await appendCallEvents(this.deps.pool, call.callSid, [{ kind: 'status', step: null, detail: { status } }]);
      return;
    }
    await inTransaction(this.deps.pool, async (tx) => {
      const row = await lockCall(tx, call.callSid);
      if (!row) return;
      const cf = await this.flowOf(row);
      const result = stepCall(cf, { state: row.state, context: row.context }, { type: 'HUNG_UP', at: this.now(), status, ...(durationSeconds !== null ? { duration: durationSeconds } : {}) });
      await closeCall(tx, {
        callSid: call.callSid,
        status,
        durationSeconds,
        state: result.call.state,
        context: result.call.context,
        events: [{ kind: 'ended', step: row.state, detail: { status, duration: durationSeconds } }],
      });
    });
  }

  /** Notes a fault on the call's log when the database still answers; never throws. */
  async noteFault(callSid: string | undefined, message: string): Promise<void> {
    if (!callSid) return;
    await appendCallEvents(this.deps.pool, callSid, [{ kind: 'fault', step: null, detail: { message } }]).catch(() => {});
  }

  private async flowOf(row: CallRow): Promise<CompiledFlow> {
    const cf = await this.deps.registry.byHash(row.flowHash);
    if (!cf) throw new Error(`flow version ${row.flowHash} of call ${row.callSid} is not stored`);
    return cf;
  }
}

async function applyEffects(db: Queryable, callSid: string, effects: Effect[]): Promise<void> {
  for (const e of effects) {
    if (e.type === 'recording') await insertVoicemail(db, { callSid, step: e.step, url: e.url, durationSeconds: e.duration });
    else if (e.type === 'survey') await insertSurveyResponse(db, { callSid, step: e.step, score: e.score });
    // 'enqueue' is in the event log; routing picks callers up from there.
  }
}
