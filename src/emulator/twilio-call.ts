import { randomBytes } from 'node:crypto';
import type { DialStatus } from '../twilio/call-status.js';
import type { Verb } from './twiml-document.js';
import type { SentRequest } from './twilio-webhook.js';
import { newCallSid, queueParams, TwimlSession, type TwilioCallOptions, type Waiting } from './twiml-session.js';

/**
 * A phone call as Twilio would run it against our server (TwimlSession runs the TwiML). The
 * caller's side is driven by methods (press, silence, speak, hangUp, …), and the agent's when the
 * call dials one; each returns once the call is waiting for the caller again.
 */
export class TwilioCall extends TwimlSession {
  /** The agent's leg while the two are talking. */
  private agentLeg?: TwilioCall;

  static async dial(opts: TwilioCallOptions): Promise<TwilioCall> {
    const call = new TwilioCall(opts);
    await call.start();
    return call;
  }

  /** Prompts heard since the caller last did something. */
  get lastHeard(): string[] {
    return this.sinceInput.map((h) => h.text);
  }

  /** The same, with the language and voice each prompt was spoken in. */
  get lastHeardDetail(): { text: string; language?: string; voice?: string }[] {
    return [...this.sinceInput];
  }

  /** What the call waits on, in words (the queue name, the number dialled). */
  get waitingDetail(): string {
    if (this.waiting === 'queue') return `in queue '${this.queue?.verb.text}'`;
    if (this.waiting === 'dial') return `dialling ${this.pending?.verb.children.map((c) => c.text).join(', ') || this.pending?.verb.text}`;
    return this.waiting;
  }

  /** In the queue, a <Gather> that asks something (the callback offer), not the hold music's. */
  get asksInQueue(): boolean {
    return this.waiting === 'queue' && this.gatherInQueue && !!this.pending && !this.pending.verb.children.some((c) => c.name === 'Play');
  }

  /** On hold inside the waitUrl's <Gather> (the hold music is in one): its attributes, for its time-out. */
  get holdGather(): Record<string, string> | undefined {
    return this.waiting === 'queue' && this.gatherInQueue && this.pending ? { ...this.pending.verb.attrs } : undefined;
  }

  /** The attributes of the <Gather> the call waits on: what Twilio was told to listen with. */
  get gathering(): Record<string, string> | undefined {
    return this.waiting === 'gather' && this.pending ? { ...this.pending.verb.attrs } : undefined;
  }

  async start(): Promise<void> {
    this.waiting = 'ended';
    await this.fetchAndRun(this.url(this.opts.voicePath ?? '/voice/incoming'), {}, { voiceUrl: true });
  }

  /** What the pending <Dial> rings (numbers, clients, SIP URIs), with their whisper URLs. */
  get dialling(): { kind: string; to: string; url?: string }[] {
    if (this.waiting !== 'dial' || !this.pending) return [];
    const nouns = this.pending.verb.children.filter((c) => ['Number', 'Client', 'Sip'].includes(c.name));
    return nouns.length
      ? nouns.map((n) => ({ kind: n.name, to: n.text.trim(), ...(n.attrs.url ? { url: n.attrs.url } : {}) }))
      : [{ kind: 'Number', to: this.pending.verb.text.trim() }];
  }

  async press(digits: string): Promise<void> {
    const { verb } = this.expect('gather');
    this.sinceInput = [];
    await this.fetchAndRun(
      this.actionOf(verb),
      { Digits: digits.replace(new RegExp(`${escape(verb.attrs.finishOnKey ?? '#')}$`), '') },
      { waitUrl: this.gatherInQueue },
    );
  }

  /** Says `words`; Twilio's Confidence with them ('' as Twilio sometimes sends it: empty). */
  async speak(words: string, confidence: number | '' = 0.92): Promise<void> {
    const { verb } = this.expect('gather');
    if (!(verb.attrs.input ?? 'dtmf').includes('speech')) throw new Error('this <Gather> does not listen for speech');
    this.sinceInput = [];
    await this.fetchAndRun(this.actionOf(verb), { SpeechResult: words, Confidence: String(confidence) });
  }

  /** The caller says nothing: Twilio goes on with the verb after <Gather> (no action request). */
  async silence(): Promise<void> {
    const { verb, rest } = this.expect('gather');
    this.sinceInput = [];
    if (verb.attrs.actionOnEmptyResult === 'true')
      await this.fetchAndRun(this.actionOf(verb), { Digits: '' }, { waitUrl: this.gatherInQueue });
    else if (this.gatherInQueue) await this.runWaitDocument(rest);
    else await this.run(rest);
  }

  /** Twilio asks the queue's waitUrl again (its last document ran out) after `seconds` more on hold. */
  async hold(seconds = 30): Promise<void> {
    if (!this.queue || this.waiting !== 'queue') throw new Error(`the call is waiting for ${this.waiting}, not queue`);
    this.pending = undefined;
    this.queue.waitUrlSeconds += seconds;
    this.sinceInput = [];
    await this.requestWaitUrl();
  }

  /** The caller leaves the queue: `bridged` means an agent answered and has now hung up. */
  async queueResult(result: string): Promise<void> {
    const q = this.queue;
    if (!q || this.waiting !== 'queue') throw new Error(`the call is not in a queue (waiting: ${this.waiting})`);
    this.queue = undefined;
    this.pending = undefined;
    this.sinceInput = [];
    const params = { QueueResult: result, ...queueParams(q) };
    if (q.verb.attrs.action) await this.fetchAndRun(this.resolve(q.verb.attrs.action), params);
    else await this.run(q.rest);
  }

  async dialResult(status: DialStatus, duration = 0): Promise<void> {
    const { verb, rest } = this.expect('dial');
    this.sinceInput = [];
    if (verb.attrs.action)
      await this.fetchAndRun(this.resolve(verb.attrs.action), {
        DialCallStatus: status,
        DialCallSid: newCallSid(),
        DialCallDuration: String(duration),
      });
    else await this.run(rest);
  }

  async record(recording: { url?: string; duration: number; endedWith?: string }): Promise<void> {
    const { verb } = this.expect('record');
    this.sinceInput = [];
    const url =
      recording.url ?? `https://api.twilio.com/2010-04-01/Accounts/${this.accountSid}/Recordings/RE${randomBytes(16).toString('hex')}`;
    const sid = /\/Recordings\/(RE[0-9a-fA-F]{32})/.exec(url)?.[1];
    if (sid) this.recordings.push({ sid, durationSeconds: recording.duration, createdAt: new Date() });
    await this.fetchAndRun(this.actionOf(verb), {
      RecordingUrl: url,
      RecordingDuration: String(recording.duration),
      Digits: recording.endedWith ?? verb.attrs.finishOnKey ?? 'hangup',
    });
  }

  /** An empty recording: Twilio does not call the action and goes on with the next verb. */
  async recordNothing(): Promise<void> {
    const { rest } = this.expect('record');
    this.sinceInput = [];
    await this.run(rest);
  }

  /**
   * Twilio replaces what the call is doing with the TwiML at `url` (a REST redirect). A queued
   * call leaves the queue: Twilio requests the <Enqueue> action at once (QueueResult=redirected),
   * and runs the new URL's TwiML, not the action's. A call talking to an agent (a <Dial>) drops the
   * agent's leg, and the <Dial> action is not requested.
   */
  async redirectTo(url: string): Promise<void> {
    if (this.waiting === 'ended') throw new Error('the call has ended');
    this.generation++;
    this.agentLeg = undefined;
    const q = this.queue;
    this.pending = undefined;
    this.queue = undefined;
    this.sinceInput = [];
    if (q?.verb.attrs.action) {
      await this.send(this.resolve(q.verb.attrs.action), { QueueResult: 'redirected', ...queueParams(q) });
    }
    await this.fetchAndRun(url, {});
  }

  /**
   * The dialled agent answers: their leg runs the noun's `url` TwiML (the whisper); `press` is
   * what they key. If that TwiML hangs up the call is not bridged and the <Dial> ends; otherwise
   * the two are talking (waiting: 'bridged'). Returns the agent's leg.
   */
  async agentAnswers(opts: { press?: string } = {}): Promise<TwilioCall> {
    const { verb, rest } = this.expect('dial');
    const noun = verb.children.find((c) => ['Number', 'Client', 'Sip'].includes(c.name));
    const leg = new TwilioCall({
      baseUrl: this.opts.baseUrl,
      ...(this.opts.transportUrl ? { transportUrl: this.opts.transportUrl } : {}),
      ...(this.opts.onRequest ? { onRequest: this.opts.onRequest } : {}),
      ...(this.opts.keepHistory === false ? { keepHistory: false } : {}),
      authToken: this.opts.authToken,
      accountSid: this.accountSid,
      from: verb.attrs.callerId ?? this.opts.from,
      to: noun?.name === 'Client' ? `client:${noun.text.trim()}` : (noun?.text.trim() ?? verb.text.trim()),
      direction: 'outbound-dial',
      parentCallSid: this.callSid,
      statusPath: null,
      fallbackPath: null,
    });
    this.sinceInput = [];
    if (noun?.attrs.url) {
      await leg.fetchAndRun(leg.resolve(noun.attrs.url), {});
      if (leg.waiting === 'gather') await (opts.press !== undefined ? leg.press(opts.press) : leg.silence());
    } else leg.endedBy = 'document-end';
    if (leg.endedBy === 'hangup-verb') {
      // The agent's TwiML refused the call: the <Dial> ends without a bridge.
      await this.finishDial(verb, rest, {
        DialCallStatus: 'completed',
        DialBridged: 'false',
        DialCallSid: leg.callSid,
        DialCallDuration: '0',
      });
    } else {
      this.agentLeg = leg;
      this.pending = { verb, rest };
      this.waiting = 'bridged';
    }
    return leg;
  }

  /** The bridged call ends: the agent hangs up (the caller's TwiML goes on) or the caller does. */
  async endBridge(opts: { by: 'agent' | 'caller'; seconds?: number }): Promise<void> {
    const { verb, rest } = this.expect('bridged');
    const leg = this.agentLeg!;
    this.agentLeg = undefined;
    this.sinceInput = [];
    const params = {
      DialCallStatus: 'completed',
      DialBridged: 'true',
      DialCallSid: leg.callSid,
      DialCallDuration: String(opts.seconds ?? 60),
    };
    if (opts.by === 'agent') return this.finishDial(verb, rest, params);
    if (verb.attrs.action) await this.send(this.resolve(verb.attrs.action), { ...params, CallStatus: 'completed' });
    this.endedBy = 'caller';
    await this.end();
  }

  private async finishDial(verb: Verb, rest: Verb[], params: Record<string, string>): Promise<void> {
    if (verb.attrs.action) await this.fetchAndRun(this.resolve(verb.attrs.action), params);
    else await this.run(rest);
  }

  async hangUp(): Promise<void> {
    if (this.waiting === 'ended') return;
    // What the call was playing stops with the caller.
    this.generation++;
    if (this.waiting === 'bridged') return this.endBridge({ by: 'caller' });
    if (this.waiting === 'dial' && this.pending?.verb.attrs.action) {
      // The caller is gone: Twilio still requests the action, with the call itself completed.
      await this.send(this.resolve(this.pending.verb.attrs.action), {
        CallStatus: 'completed',
        DialCallStatus: 'canceled',
        DialCallDuration: '0',
      });
    }
    this.endedBy = 'caller';
    if (this.waiting === 'queue' && this.queue?.verb.attrs.action) {
      await this.send(this.resolve(this.queue.verb.attrs.action), { QueueResult: 'hangup', ...queueParams(this.queue) });
    }
    await this.end();
  }

  /** Twilio's status callback for a call that never got going (not answered, busy, failed). */
  async reportStatus(status: 'no-answer' | 'busy' | 'failed' | 'canceled'): Promise<void> {
    this.waiting = 'ended';
    this.statusSent = true;
    if (this.opts.statusPath === null) return;
    await this.send(this.url(this.opts.statusPath ?? '/voice/status'), {
      CallStatus: status,
      CallDuration: '0',
      SequenceNumber: '0',
      CallbackSource: 'call-progress-events',
    });
  }

  /** Sends the last request again, as Twilio's retry does (same idempotency token), without running it. */
  async retryLastRequest(): Promise<SentRequest> {
    const last = this.lastRequest;
    if (!last) throw new Error('no request yet');
    return this.send(last.url, last.params, last.idempotencyToken, true);
  }

  private expect(kind: Waiting): { verb: Verb; rest: Verb[] } {
    // On hold the caller is in the queue and, at the same time, in the hold music's <Gather>.
    const holdingGather = kind === 'gather' && this.waiting === 'queue' && this.gatherInQueue;
    if ((this.waiting !== kind && !holdingGather) || !this.pending) throw new Error(`the call is waiting for ${this.waiting}, not ${kind}`);
    const p = this.pending;
    this.pending = undefined;
    return p;
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
