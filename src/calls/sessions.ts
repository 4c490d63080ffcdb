import type { CallEvent, Effect } from '../flows/call-types.js';
import { stateInfo, type CompiledFlow } from '../flows/compile.js';
import type { FlowRegistry } from '../flows/registry.js';
import type { MissOutcome } from '../routing/lifecycle/index.js';
import { appendCallEvents, closeCall, findCall, insertCall, lockCall, saveCallStep, type CallRow } from '../db/queries/calls.js';
import { inPipelinedTransaction, type Pool, type Queryable } from '../db/pool.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { renderFallback, renderFallbackWait, renderHangup, renderReply, type Fallback } from '../twiml/render.js';
import { advance } from './advance.js';
import { eventRows } from './event-log.js';
import type { Lookup } from './lookup.js';
import type { RecordingSource } from '../twilio/call-control.js';
import { recoverRecordings } from './recover-recordings.js';
import { runEffects } from './effects.js';
import type { TextCheck } from './advance.js';
import { scheduleSmsSurvey } from '../sms/survey.js';
import { enrichEvent, followUp } from './routing-reads.js';
import { recognizeCaller } from '../routing/cases/index.js';
import { isEnded, ringing, stepCall, waitOf, type CallState, type StepResult } from './step.js';
import { assertSameCall, type StatusCallback, type VoiceCall, type VoiceRoute } from './voice-request.js';
import { isCallOver } from '../twilio/call-status.js';
import { callStepUrls, IN_QUEUE_ROUTES, type UrlFor } from '../twiml/urls.js';

/** One voice webhook as the HTTP layer hands it over (signature already checked). */
export interface VoiceWebhook {
  route: VoiceRoute;
  /** The call step the URL was issued for (`?seq=`); absent on /voice/incoming. */
  seq?: number;
  /** An agent offer the URL names (`?assignment=`, on /voice/connect). */
  assignment?: number;
  /** The call and its event, checked at the HTTP edge (parseVoiceRequest). */
  call: VoiceCall;
  event: CallEvent;
  /** Hash of the full URL and parameters: the same request twice hashes the same. */
  requestHash: string;
  idempotencyToken?: string;
}

export type Outcome = 'started' | 'stepped' | 'replayed' | 'stale' | 'ended' | 'unknown-call' | 'no-flow';

export interface SessionDeps {
  pool: Pool;
  registry: FlowRegistry;
  lookup: Lookup;
  baseUrl: string;
  fallback: Fallback;
  log: Logger;
  /** Counts refused callback numbers, calls started and ended, agents' missed rings. */
  metrics?: Pick<Metrics, 'callbackRefusals' | 'callsStarted' | 'callsEnded' | 'routingMisses'>;
  now?: () => number;
  /** Twilio's recordings of a call, to recover a voicemail whose webhook was lost. */
  recordings?: RecordingSource;
  /** Text messages: whether a caller can be texted (opt-outs), the SMS survey's cap, and a nudge to the outbox after a commit queued one. */
  sms?: { textable(db: Queryable, caller: string): Promise<TextCheck>; surveyCapDays: number; queued(): void };
}

type CallbackRefused = Extract<Effect, { type: 'callback-refused' }>;
/** How we learned that a call is over. */
export type CallEndSource = 'status-callback' | 'twilio-rest';

/** Routes whose URL belongs to one rendering of one step: a request with another `seq` is late. */
const SEQUENCED: ReadonlySet<VoiceRoute> = new Set(['gather', 'no-input', 'queue-key', 'dial-result', 'recorded', 'overflow', 'transfer']);

/**
 * Call sessions: each webhook loads the call (locked), takes one pure step, saves the new state
 * with the answer, and returns TwiML. The same request twice gets the same answer and one step.
 */
export class CallSessions {
  /** The clock of the call path: the HTTP edge stamps each event with it. */
  readonly now: () => number;
  private lateWork = new Set<Promise<void>>();
  constructor(private deps: SessionDeps) {
    this.now = deps.now ?? Date.now;
  }

  urlFor(seq: number): UrlFor {
    return callStepUrls(this.deps.baseUrl, seq);
  }

  /**
   * What a caller hears when we cannot answer properly. Inside Twilio's queue (waitUrl TwiML, where
   * <Enqueue> and <Dial> are not allowed) that is hold music: they keep their place and the next
   * waitUrl request tries again.
   */
  fallbackTwiml(route?: string, dialled?: string): string {
    if (route && IN_QUEUE_ROUTES.has(route)) return renderFallbackWait(false);
    // The apology is said in the language of the flow answering the number called, when it is known.
    const flow = dialled ? this.deps.registry.forNumber(dialled)?.flow : undefined;
    return renderFallback(this.deps.fallback, this.deps.baseUrl, flow);
  }

  /** After an outage, a caller held by the fallback comes back: resume their call, or start it. */
  async recover(w: VoiceWebhook): Promise<{ twiml: string; outcome: Outcome }> {
    const { call, event } = w;
    const row = await findCall(this.deps.pool, call.callSid);
    if (!row) return this.start(w, call, event);
    assertSameCall(row, call);
    if (row.endedAt) return { twiml: renderHangup(), outcome: 'ended' };
    // The outage may have swallowed the message this caller was recording: look for it meanwhile.
    void this.afterAnswering(
      this.recoverLostVoicemail(row).catch((err) =>
        this.deps.log.error({ err, callSid: row.callSid }, 'could not look for a lost voicemail'),
      ),
    );
    return this.whereItIs(row);
  }

  /** Whether the database answers quickly: the fallback queue lets callers go once it does. */
  async healthy(timeoutMs = 500): Promise<boolean> {
    const probe = this.deps.pool.query('SELECT 1').then(
      () => true,
      () => false,
    );
    return Promise.race([probe, new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref())]);
  }

  async handle(w: VoiceWebhook): Promise<{ twiml: string; outcome: Outcome }> {
    const { call, event } = w;
    if (w.route === 'incoming') return this.start(w, call, event);
    let refused: CallbackRefused[] = [];
    let misses: MissOutcome[] = [];
    let texted = false;
    const answer = await inPipelinedTransaction(
      this.deps.pool,
      (tx) => lockCall(tx, call.callSid),
      async (tx, row, last) => {
        if (row) assertSameCall(row, call);
        const early = await this.answerWithoutStep(row, w, event.type);
        if (early) return early;
        const cf = await this.flowOf(row!);
        const before: CallState = { state: row!.state, context: row!.context };
        const enriched = await enrichEvent(tx, cf, row!, event, { assignment: w.assignment });
        // An event that no longer applies (a withdrawn agent offer) changes nothing.
        if (!enriched) return { twiml: this.render(cf, before, row!.seq, event.type), outcome: 'stale' as const };
        const ran: MissOutcome[] = [];
        const result = await this.advance(tx, cf, call.callSid, before, enriched, ran);
        misses = ran;
        refused = result.reply.effects.filter((e): e is CallbackRefused => e.type === 'callback-refused');
        texted = result.reply.effects.some((e) => e.type === 'text-message');
        const moved = result.call.state !== before.state || SEQUENCED.has(w.route);
        const seq = moved ? row!.seq + 1 : row!.seq;
        const twiml = renderReply(result.reply, this.urlFor(seq));
        last(() =>
          saveCallStep(tx, {
            callSid: call.callSid,
            state: result.call.state,
            context: result.call.context,
            seq,
            requestHash: w.requestHash,
            idempotencyToken: w.idempotencyToken ?? null,
            response: twiml,
            ended: isEnded(result.call),
            events: eventRows(before.state, enriched, result),
          }),
        );
        return { twiml, outcome: 'stepped' as const };
      },
    );
    if (texted) this.deps.sms?.queued();
    // Counted once the step is committed (a retried webhook that failed is not counted twice).
    for (const missed of misses) this.deps.metrics?.routingMisses.inc({ kind: 'inbound', outcome: missed });
    for (const r of refused) {
      this.deps.metrics?.callbackRefusals.inc({ reason: r.reason });
      this.deps.log.warn(
        { callSid: call.callSid, step: r.step, reason: r.reason, prefix: (r.number ?? r.keyed).slice(0, 5) },
        'callback number refused',
      );
    }
    return answer;
  }

  /**
   * Steps the call; each step's effects are run and may bring a follow-up. With `misses` the effects
   * are run as they come (the agents' missed rings noted there); without, not (the call row is not
   * written yet: the caller runs them after inserting it).
   */
  private advance(db: Queryable, cf: CompiledFlow, callSid: string, call: CallState, event: CallEvent, misses?: MissOutcome[]) {
    return advance(cf, call, event, {
      lookup: this.deps.lookup,
      callSid,
      now: this.now,
      ...(this.deps.sms ? { textable: (caller: string) => this.deps.sms!.textable(db, caller) } : {}),
      onStep: async (r: StepResult) => {
        if (misses)
          misses.push(...(await runEffects(db, { callSid, language: r.call.context.language, at: this.now() }, r.reply.effects)).misses);
        return followUp(db, r, this.now());
      },
    });
  }

  private render(cf: CompiledFlow, call: CallState, seq: number, eventType?: CallEvent['type']): string {
    return renderReply({ utterances: [], effects: [], wait: waitOf(cf, call, eventType) }, this.urlFor(seq));
  }

  /** Replays, late requests and finished calls are answered from the row without a step. */
  private async answerWithoutStep(
    row: CallRow | undefined,
    w: VoiceWebhook,
    eventType?: CallEvent['type'],
  ): Promise<{ twiml: string; outcome: Outcome } | undefined> {
    if (!row) return { twiml: this.fallbackTwiml(w.route), outcome: 'unknown-call' };
    const sameRequest = row.lastRequestHash === w.requestHash || (!!w.idempotencyToken && row.lastIdempotencyToken === w.idempotencyToken);
    if (sameRequest && row.lastResponse) return { twiml: row.lastResponse, outcome: 'replayed' };
    if (row.endedAt) return { twiml: renderHangup(), outcome: 'ended' };
    // A request for a step the call has left: answer with where the call is now, unchanged.
    if (SEQUENCED.has(w.route) && w.seq !== row.seq) return this.whereItIs(row, eventType);
    return undefined;
  }

  /** The call's current step, answered again without a step (for an event from `eventType`'s context). */
  private async whereItIs(row: CallRow, eventType?: CallEvent['type']): Promise<{ twiml: string; outcome: Outcome }> {
    const cf = await this.flowOf(row);
    return { twiml: this.render(cf, { state: row.state, context: row.context }, row.seq, eventType), outcome: 'stale' };
  }

  private async start(w: VoiceWebhook, call: VoiceCall, event: CallEvent): Promise<{ twiml: string; outcome: Outcome }> {
    const cf = this.deps.registry.forNumber(call.to);
    if (!cf) {
      this.deps.log.error({ callSid: call.callSid, to: call.to }, 'no flow answers this number and no flow is the default');
      return { twiml: this.fallbackTwiml(), outcome: 'no-flow' };
    }
    // A caller we know starts with what we know (an open case, their last scores): one read.
    const known = event.type === 'CALL_STARTED' && call.from ? await recognizeCaller(this.deps.pool, call.from, call.callSid) : {};
    const started = Object.keys(known).length && event.type === 'CALL_STARTED' ? { ...event, known } : event;
    // Effects need the call row, so they are written after it; reading (staffing) can come first.
    const first = await this.advance(this.deps.pool, cf, call.callSid, ringing(cf), started);
    const twiml = renderReply(first.reply, this.urlFor(1));
    const row = {
      ...call,
      flowId: cf.flow.id,
      flowHash: cf.hash,
      fromNumber: call.from,
      toNumber: call.to,
      state: first.call.state,
      context: first.call.context,
      seq: 1,
      requestHash: w.requestHash,
      idempotencyToken: w.idempotencyToken ?? null,
      response: twiml,
      events: eventRows('start', started, first),
    };
    // One statement when there is nothing else to write; a transaction when effects go with it.
    const inserted = first.reply.effects.length
      ? await inPipelinedTransaction(
          this.deps.pool,
          (tx) => insertCall(tx, row),
          async (tx, ok) => {
            // A first step misses no agent's ring: nothing to count.
            if (ok)
              await runEffects(tx, { callSid: call.callSid, language: first.call.context.language, at: this.now() }, first.reply.effects);
            return ok;
          },
        )
      : await insertCall(this.deps.pool, row);
    if (inserted) {
      this.deps.metrics?.callsStarted.inc({ flow: cf.flow.id });
      if (first.reply.effects.some((e) => e.type === 'text-message')) this.deps.sms?.queued();
      return { twiml, outcome: 'started' };
    }
    // The call exists: Twilio retried the first webhook (perhaps while the first was running).
    const existing = await findCall(this.deps.pool, call.callSid);
    if (existing) assertSameCall(existing, call);
    return (await this.answerWithoutStep(existing, w)) ?? this.whereItIs(existing!);
  }

  /** Status callback: the call is over (or progressing); close the session once, whatever the order. */
  async statusCallback({ call, status, durationSeconds }: StatusCallback): Promise<void> {
    if (!isCallOver(status)) {
      await appendCallEvents(this.deps.pool, call.callSid, [{ kind: 'status', step: null, detail: { status } }]);
      return;
    }
    await this.endCall(call.callSid, { status, durationSeconds, source: 'status-callback', from: call });
  }

  /**
   * The call is over: its final status callback says so, or Twilio's REST API did (a redirect
   * refused, a status asked) when that callback was lost. Closes the session once, whatever the
   * order: the machine takes HUNG_UP and its caller-gone effect abandons a waiting entry and
   * releases an agent ringing for it. A call that ended at a voicemail prompt has its recording
   * looked for at Twilio.
   */
  async endCall(
    callSid: string,
    how: { status: string; durationSeconds: number | null; source: CallEndSource; from?: VoiceCall },
  ): Promise<void> {
    const { status, durationSeconds } = how;
    let surveyQueued = false;
    const closed = await inPipelinedTransaction(
      this.deps.pool,
      (tx) => lockCall(tx, callSid),
      async (tx, row, last) => {
        if (!row) return undefined;
        // A status callback is a webhook like the others: one spliced from another call's is refused.
        if (how.from) assertSameCall(row, how.from);
        const cf = await this.flowOf(row);
        const result = stepCall(
          cf,
          { state: row.state, context: row.context },
          { type: 'HUNG_UP', at: this.now(), status, ...(durationSeconds !== null ? { duration: durationSeconds } : {}) },
        );
        await runEffects(tx, { callSid, language: result.call.context.language, at: this.now() }, result.reply.effects);
        // The SMS survey after the call, when the flow asks for one: in the outbox with the call's end
        // (its final status: a flow that hung up has ended the call already), decided once.
        const survey = this.deps.sms
          ? await scheduleSmsSurvey(
              tx,
              { callSid, caller: row.fromNumber, language: result.call.context.language, status, at: this.now() },
              cf.flow,
              this.deps.sms.surveyCapDays,
            )
          : undefined;
        surveyQueued = survey?.kind === 'sms-survey-scheduled';
        last(() =>
          closeCall(tx, {
            callSid,
            status,
            durationSeconds,
            state: result.call.state,
            context: result.call.context,
            events: [
              {
                kind: 'ended',
                step: row.state,
                detail: { status, duration: durationSeconds, ...(how.source !== 'status-callback' ? { source: how.source } : {}) },
              },
              ...(survey ? [survey] : []),
            ],
          }),
        );
        return row;
      },
    );
    if (surveyQueued) this.deps.sms?.queued();
    // Closed now (not by a late or repeated callback): counted once. Twilio unreachable too: the
    // call stays closed; say loudly which message to look for by hand.
    if (closed && !closed.endedAt) {
      this.deps.metrics?.callsEnded.inc({ status });
      await this.recoverLostVoicemail(closed).catch((err) =>
        this.deps.log.error(
          { err, callSid },
          'could not ask Twilio for the recording of a call that ended at a voicemail prompt; check its recordings in the Twilio console',
        ),
      );
    }
  }

  /** A call last seen at a voicemail prompt: store any recording Twilio has that we do not. */
  private async recoverLostVoicemail(row: CallRow): Promise<void> {
    if (!this.deps.recordings) return;
    const cf = await this.flowOf(row);
    if (waitOf(cf, { state: row.state, context: row.context }).kind !== 'record') return;
    const info = stateInfo(cf, row.state);
    const group = info.kind === 'queue' && info.part === 'voicemail' ? (row.context.queue?.group ?? null) : null;
    await recoverRecordings(this.deps.pool, this.deps.recordings, { callSid: row.callSid, step: row.state, group }, this.deps.log);
  }

  /** Notes a fault on the call's log when the database still answers; never throws. */
  async noteFault(callSid: string | undefined, message: string): Promise<void> {
    if (!callSid) return;
    await this.afterAnswering(
      appendCallEvents(this.deps.pool, callSid, [{ kind: 'fault', step: null, detail: { message } }]).catch(() => {}),
    );
  }

  /** Work that finishes after the caller has been answered (fault notes, voicemail recovery), kept track of. */
  private async afterAnswering(work: Promise<void>): Promise<void> {
    this.lateWork.add(work);
    await work.finally(() => this.lateWork.delete(work));
  }

  /** Resolves once the work begun after answering callers so far has finished (tests and shutdown wait on it). */
  async lateWorkDone(): Promise<void> {
    await Promise.allSettled([...this.lateWork]);
  }

  private async flowOf(row: CallRow): Promise<CompiledFlow> {
    const cf = await this.deps.registry.byHash(row.flowHash);
    if (!cf) throw new Error(`flow version ${row.flowHash} of call ${row.callSid} is not stored`);
    return cf;
  }
}
