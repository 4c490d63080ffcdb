import { randomBytes, randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { parseTwiml, TwimlError, type Verb } from './twiml-document.js';

export interface TwilioCallOptions {
  /** The base URL Twilio is configured with (signatures are computed on it). */
  baseUrl: string;
  /** Where requests really go, when it differs from baseUrl (a tunnel, a proxy, one of several instances). */
  transportUrl?: string | ((url: string) => string);
  authToken: string;
  accountSid?: string;
  from: string;
  to: string;
  callSid?: string;
  /** Path of the Voice URL on baseUrl, or an absolute URL (an outbound call's Url). */
  voicePath?: string;
  /** Path or absolute URL of the status callback; null for none. */
  statusPath?: string | null;
  fallbackPath?: string | null;
  direction?: 'inbound' | 'outbound-api' | 'outbound-dial';
  parentCallSid?: string;
}

export type Waiting = 'gather' | 'queue' | 'dial' | 'bridged' | 'record' | 'ended';

export interface SentRequest {
  url: string;
  params: Record<string, string>;
  idempotencyToken: string;
  status: number;
  body: string;
  ms: number;
}

export interface TwilioFault {
  code: number;
  url: string;
  message: string;
}

const WAIT_URL_VERBS = new Set(['Play', 'Say', 'Pause', 'Hangup', 'Redirect', 'Leave', 'Gather']);

export const newCallSid = () => 'CA' + randomBytes(16).toString('hex');

/**
 * A phone call as Twilio would run it against our server: signed form POSTs, the returned TwiML
 * executed verb by verb, following `action`, `Redirect` and `waitUrl` exactly as Twilio does.
 * The caller's side is driven by methods (press, silence, speak, hangUp, …); each returns once the
 * call is waiting for the caller again.
 */
export class TwilioCall {
  readonly callSid: string;
  readonly accountSid: string;
  readonly requests: SentRequest[] = [];
  readonly faults: TwilioFault[] = [];
  /** Everything heard, in order, with the language it was spoken in. */
  readonly heard: { text: string; language?: string }[] = [];
  private sinceInput: { text: string; language?: string }[] = [];
  waiting: Waiting = 'ended';
  private pending?: { verb: Verb; rest: Verb[] };
  private queue?: { verb: Verb; rest: Verb[]; joinedAt: number; waitUrlSeconds: number };
  private startedAt = Date.now();
  private redirects = 0;
  private statusSent = false;
  /** The pending <Gather> was asked inside waitUrl TwiML: its answer runs in the queue too. */
  private gatherInQueue = false;
  /** How the call's last document finished: a <Hangup/> verb, or by running out of verbs. */
  endedBy?: 'hangup-verb' | 'document-end' | 'caller';
  private bridge?: { dial: Verb; agentLeg: TwilioCall };

  constructor(private opts: TwilioCallOptions) {
    this.callSid = opts.callSid ?? newCallSid();
    this.accountSid = opts.accountSid ?? 'AC' + '0'.repeat(32);
  }

  static async dial(opts: TwilioCallOptions): Promise<TwilioCall> {
    const call = new TwilioCall(opts);
    await call.start();
    return call;
  }

  /** Prompts heard since the caller last did something. */
  get lastHeard(): string[] {
    return this.sinceInput.map((h) => h.text);
  }

  /** The same, with the language each prompt was spoken in. */
  get lastHeardDetail(): { text: string; language?: string }[] {
    return [...this.sinceInput];
  }

  /** What the call waits on, in words (the queue name, the number dialled). */
  get waitingDetail(): string {
    if (this.waiting === 'queue') return `in queue '${this.queue?.verb.text}'`;
    if (this.waiting === 'dial') return `dialling ${this.pending?.verb.children.map((c) => c.text).join(', ') || this.pending?.verb.text}`;
    return this.waiting;
  }

  get lastRequest(): SentRequest | undefined {
    return this.requests.at(-1);
  }

  async start(): Promise<void> {
    this.waiting = 'ended';
    await this.fetchAndRun(this.url(this.opts.voicePath ?? '/voice/incoming'), {}, { voiceUrl: true });
  }

  /** What the pending <Dial> rings (numbers, clients, SIP URIs), with their whisper URLs. */
  get dialling(): { kind: string; to: string; url?: string }[] {
    if (this.waiting !== 'dial' || !this.pending) return [];
    const nouns = this.pending.verb.children.filter((c) => ['Number', 'Client', 'Sip'].includes(c.name));
    return nouns.length ? nouns.map((n) => ({ kind: n.name, to: n.text.trim(), ...(n.attrs.url ? { url: n.attrs.url } : {}) })) : [{ kind: 'Number', to: this.pending.verb.text.trim() }];
  }

  async press(digits: string): Promise<void> {
    const { verb } = this.expect('gather');
    this.sinceInput = [];
    await this.fetchAndRun(this.actionOf(verb), { Digits: digits.replace(new RegExp(`${escape(verb.attrs.finishOnKey ?? '#')}$`), '') }, { waitUrl: this.gatherInQueue });
  }

  async speak(words: string, confidence = 0.92): Promise<void> {
    const { verb } = this.expect('gather');
    if (!(verb.attrs.input ?? 'dtmf').includes('speech')) throw new Error('this <Gather> does not listen for speech');
    this.sinceInput = [];
    await this.fetchAndRun(this.actionOf(verb), { SpeechResult: words, Confidence: String(confidence) });
  }

  /** The caller says nothing: Twilio goes on with the verb after <Gather> (no action request). */
  async silence(): Promise<void> {
    const { verb, rest } = this.expect('gather');
    this.sinceInput = [];
    if (verb.attrs.actionOnEmptyResult === 'true') await this.fetchAndRun(this.actionOf(verb), { Digits: '' }, { waitUrl: this.gatherInQueue });
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
    const params = { QueueResult: result, QueueSid: queueSid(q.verb.text), QueueTime: String(q.waitUrlSeconds) };
    if (q.verb.attrs.action) await this.fetchAndRun(this.resolve(q.verb.attrs.action), params);
    else await this.run(q.rest);
  }

  async dialResult(status: 'completed' | 'answered' | 'busy' | 'no-answer' | 'failed' | 'canceled', duration = 0): Promise<void> {
    const { verb, rest } = this.expect('dial');
    this.sinceInput = [];
    if (verb.attrs.action) await this.fetchAndRun(this.resolve(verb.attrs.action), { DialCallStatus: status, DialCallSid: 'CA' + randomBytes(16).toString('hex'), DialCallDuration: String(duration) });
    else await this.run(rest);
  }

  async record(recording: { url?: string; duration: number; endedWith?: string }): Promise<void> {
    const { verb } = this.expect('record');
    this.sinceInput = [];
    const url = recording.url ?? `https://api.twilio.com/2010-04-01/Accounts/${this.accountSid}/Recordings/RE${randomBytes(16).toString('hex')}`;
    await this.fetchAndRun(this.actionOf(verb), { RecordingUrl: url, RecordingDuration: String(recording.duration), Digits: recording.endedWith ?? verb.attrs.finishOnKey ?? 'hangup' });
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
   * and runs the new URL's TwiML, not the action's.
   */
  async redirectTo(url: string): Promise<void> {
    if (this.waiting === 'ended') throw new Error('the call has ended');
    const q = this.queue;
    this.pending = undefined;
    this.queue = undefined;
    this.sinceInput = [];
    if (q?.verb.attrs.action) {
      await this.send(this.resolve(q.verb.attrs.action), { QueueResult: 'redirected', QueueSid: queueSid(q.verb.text), QueueTime: String(q.waitUrlSeconds) });
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
      await this.finishDial(verb, rest, { DialCallStatus: 'completed', DialBridged: 'false', DialCallSid: leg.callSid, DialCallDuration: '0' });
    } else {
      this.bridge = { dial: verb, agentLeg: leg };
      this.pending = { verb, rest };
      this.waiting = 'bridged';
    }
    return leg;
  }

  /** The bridged call ends: the agent hangs up (the caller's TwiML goes on) or the caller does. */
  async endBridge(opts: { by: 'agent' | 'caller'; seconds?: number }): Promise<void> {
    const { verb, rest } = this.expect('bridged');
    const leg = this.bridge!.agentLeg;
    this.bridge = undefined;
    this.sinceInput = [];
    const params = { DialCallStatus: 'completed', DialBridged: 'true', DialCallSid: leg.callSid, DialCallDuration: String(opts.seconds ?? 60) };
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
    if (this.waiting === 'bridged') return this.endBridge({ by: 'caller' });
    if (this.waiting === 'dial' && this.pending?.verb.attrs.action) {
      // The caller is gone: Twilio still requests the action, with the call itself completed.
      await this.send(this.resolve(this.pending.verb.attrs.action), { CallStatus: 'completed', DialCallStatus: 'canceled', DialCallDuration: '0' });
    }
    this.endedBy = 'caller';
    if (this.waiting === 'queue' && this.queue?.verb.attrs.action) {
      await this.send(this.resolve(this.queue.verb.attrs.action), { QueueResult: 'hangup', QueueSid: queueSid(this.queue.verb.text), QueueTime: String(this.queue.waitUrlSeconds) });
    }
    await this.end();
  }

  /** Twilio's status callback for a call that never got going (not answered, busy, failed). */
  async reportStatus(status: 'no-answer' | 'busy' | 'failed' | 'canceled'): Promise<void> {
    this.waiting = 'ended';
    this.statusSent = true;
    if (this.opts.statusPath === null) return;
    await this.send(this.url(this.opts.statusPath ?? '/voice/status'), { CallStatus: status, CallDuration: '0', SequenceNumber: '0', CallbackSource: 'call-progress-events' });
  }

  /** Sends the last request again, as Twilio's retry does (same idempotency token), without running it. */
  async retryLastRequest(): Promise<SentRequest> {
    const last = this.lastRequest;
    if (!last) throw new Error('no request yet');
    return this.send(last.url, last.params, last.idempotencyToken, true);
  }

  // ---- internals ----

  private expect(kind: Waiting): { verb: Verb; rest: Verb[] } {
    // On hold the caller is in the queue and, at the same time, in the hold music's <Gather>.
    const holdingGather = kind === 'gather' && this.waiting === 'queue' && this.gatherInQueue;
    if ((this.waiting !== kind && !holdingGather) || !this.pending) throw new Error(`the call is waiting for ${this.waiting}, not ${kind}`);
    const p = this.pending;
    this.pending = undefined;
    return p;
  }

  private url(path: string): string {
    return /^https?:\/\//.test(path) ? path : this.opts.baseUrl.replace(/\/+$/, '') + path;
  }

  private resolve(u: string): string {
    return new URL(u, this.opts.baseUrl).toString();
  }

  private actionOf(verb: Verb): string {
    // Without an action, Twilio requests the current document's URL again.
    return this.resolve(verb.attrs.action ?? this.lastRequest?.url ?? this.url('/'));
  }

  private commonParams(): Record<string, string> {
    return {
      CallSid: this.callSid,
      AccountSid: this.accountSid,
      From: this.opts.from,
      To: this.opts.to,
      Caller: this.opts.from,
      Called: this.opts.to,
      CallStatus: this.waiting === 'ended' && this.requests.length === 0 ? 'ringing' : 'in-progress',
      ApiVersion: '2010-04-01',
      Direction: this.opts.direction ?? 'inbound',
      ...(this.opts.parentCallSid ? { ParentCallSid: this.opts.parentCallSid } : {}),
    };
  }

  private async send(url: string, extra: Record<string, string>, token: string = randomUUID(), isRetry = false): Promise<SentRequest> {
    const params = isRetry ? extra : { ...this.commonParams(), ...extra };
    const signature = twilio.getExpectedTwilioSignature(this.opts.authToken, url, params);
    const transport = this.opts.transportUrl;
    const target = typeof transport === 'function' ? transport(url) : transport ? url.replace(this.opts.baseUrl.replace(/\/+$/, ''), transport.replace(/\/+$/, '')) : url;
    const t0 = performance.now();
    let status = 0;
    let body = '';
    try {
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, 'i-twilio-idempotency-token': token, 'user-agent': 'TwilioProxy/1.1' },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(15_000),
      });
      status = res.status;
      body = await res.text();
      if (res.ok && res.status !== 204 && !/[/+]xml/.test(res.headers.get('content-type') ?? '')) {
        this.faults.push({ code: 12300, url, message: `invalid Content-Type ${res.headers.get('content-type')}` });
      }
    } catch (err) {
      body = String((err as Error).message);
    }
    const sent = { url, params, idempotencyToken: token, status, body, ms: performance.now() - t0 };
    this.requests.push(sent);
    return sent;
  }

  private async fetchAndRun(url: string, extra: Record<string, string>, opts: { voiceUrl?: boolean; waitUrl?: boolean } = {}): Promise<void> {
    const res = await this.send(url, extra);
    let verbs: Verb[];
    try {
      if (res.status === 0) throw new TwimlError(11205, `no answer: ${res.body}`);
      if (res.status !== 200) throw new TwimlError(11200, `HTTP ${res.status}: ${res.body.slice(0, 200)}`);
      verbs = parseTwiml(res.body);
      if (opts.waitUrl) {
        const bad = verbs.find((v) => !WAIT_URL_VERBS.has(v.name));
        if (bad) throw new TwimlError(12100, `<${bad.name}> is not allowed in waitUrl TwiML`);
      }
    } catch (err) {
      const e = err instanceof TwimlError ? err : new TwimlError(12100, String(err));
      this.faults.push({ code: e.code, url, message: e.message });
      // Twilio now tries the Fallback URL; without one the caller hears the application error.
      if (this.opts.fallbackPath !== null && !url.endsWith(this.opts.fallbackPath ?? '/voice/fallback')) {
        return this.fetchAndRun(this.url(this.opts.fallbackPath ?? '/voice/fallback'), { ErrorCode: String(e.code), ErrorUrl: url });
      }
      this.hear("We're sorry, an application error has occurred. Goodbye.");
      return this.end();
    }
    return opts.waitUrl ? this.runWaitDocument(verbs) : this.run(verbs);
  }

  private hear(text: string, language?: string): void {
    const h = { text, ...(language ? { language } : {}) };
    this.heard.push(h);
    this.sinceInput.push(h);
  }

  private speakAll(verbs: Verb[]): void {
    for (const v of verbs) {
      if (v.name === 'Say') this.hear(v.text, v.attrs.language);
      else if (v.name === 'Play') this.hear(`[play ${v.text}]`);
    }
  }

  private async run(verbs: Verb[]): Promise<void> {
    for (let i = 0; i < verbs.length; i++) {
      const v = verbs[i];
      const rest = verbs.slice(i + 1);
      switch (v.name) {
        case 'Say':
        case 'Play':
          this.speakAll([v]);
          break;
        case 'Pause':
          break;
        case 'Gather':
          this.speakAll(v.children);
          this.redirects = 0;
          this.pending = { verb: v, rest };
          this.gatherInQueue = false;
          this.waiting = 'gather';
          return;
        case 'Redirect':
          if (++this.redirects > 10) {
            this.faults.push({ code: 11215, url: v.text, message: 'too many redirects in a row' });
            return this.end();
          }
          return this.fetchAndRun(this.resolve(v.text), {});
        case 'Enqueue':
          this.redirects = 0;
          this.queue = { verb: v, rest, joinedAt: Date.now(), waitUrlSeconds: 0 };
          this.waiting = 'queue';
          if (v.attrs.waitUrl) return this.requestWaitUrl();
          return;
        case 'Dial':
          this.redirects = 0;
          this.pending = { verb: v, rest };
          this.waiting = 'dial';
          return;
        case 'Record':
          this.redirects = 0;
          this.hear('[beep]');
          this.pending = { verb: v, rest };
          this.waiting = 'record';
          return;
        case 'Hangup':
        case 'Reject':
          this.endedBy = 'hangup-verb';
          return this.end();
        default:
          this.faults.push({ code: 12100, url: this.lastRequest?.url ?? '', message: `unknown verb <${v.name}>` });
          return this.end();
      }
    }
    // The document ran out: Twilio hangs up.
    this.endedBy = 'document-end';
    return this.end();
  }

  private async requestWaitUrl(): Promise<void> {
    const q = this.queue!;
    await this.fetchAndRun(
      this.resolve(q.verb.attrs.waitUrl),
      { QueueSid: queueSid(q.verb.text), QueuePosition: '1', QueueTime: String(q.waitUrlSeconds), AvgQueueTime: '0', CurrentQueueSize: '1', MaxQueueSize: '1000' },
      { waitUrl: true },
    );
  }

  /** waitUrl TwiML: played while the caller holds; when it runs out the caller keeps holding. */
  private async runWaitDocument(verbs: Verb[]): Promise<void> {
    for (let i = 0; i < verbs.length; i++) {
      const v = verbs[i];
      if (v.name === 'Say' || v.name === 'Play') this.speakAll([v]);
      else if (v.name === 'Gather') {
        this.speakAll(v.children);
        this.pending = { verb: v, rest: verbs.slice(i + 1) };
        this.gatherInQueue = true;
        this.waiting = 'queue';
        return;
      } else if (v.name === 'Redirect') return this.fetchAndRun(this.resolve(v.text), {}, { waitUrl: true });
      else if (v.name === 'Leave') return this.queueResult('leave');
      else if (v.name === 'Hangup') return this.hangUp();
    }
    this.pending = undefined;
    this.waiting = 'queue';
  }

  private async end(): Promise<void> {
    this.waiting = 'ended';
    this.pending = undefined;
    this.queue = undefined;
    if (this.statusSent || this.opts.statusPath === null) return;
    this.statusSent = true;
    await this.send(this.url(this.opts.statusPath ?? '/voice/status'), {
      CallStatus: 'completed',
      CallDuration: String(Math.max(1, Math.round((Date.now() - this.startedAt) / 1000))),
      Timestamp: new Date().toUTCString(),
      SequenceNumber: '0',
      CallbackSource: 'call-progress-events',
    });
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function queueSid(name: string): string {
  // Twilio's queue SIDs are QU + 32 hex; derive a stable one from the queue name.
  return 'QU' + Buffer.from(name.padEnd(16, '_').slice(0, 16)).toString('hex');
}
