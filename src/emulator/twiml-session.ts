import { randomBytes, randomUUID } from 'node:crypto';
import { TwimlError, twimlOfAnswer, type Verb } from './twiml-document.js';
import { sendWebhook, type SentRequest, type TwilioFault } from './twilio-webhook.js';

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
  /**
   * How long Twilio takes to play a <Say>, <Play> or <Pause> (also inside a <Gather>): the call goes
   * on when it resolves. Unset, everything plays at once (the tests' calls).
   */
  play?: (verb: Verb) => Promise<void> | undefined;
  /** Told of every webhook sent, with its answer and latency. */
  onRequest?: (sent: SentRequest) => void;
  /** false: keep only the last request and none of what was heard (a load generator's many calls). */
  keepHistory?: boolean;
}

export type Waiting = 'gather' | 'queue' | 'dial' | 'bridged' | 'record' | 'ended';

export const newCallSid = () => 'CA' + randomBytes(16).toString('hex');

/**
 * How Twilio runs a call's TwiML against our server: signed webhooks, each document executed verb
 * by verb, following `action`, `Redirect`, `waitUrl` and the Fallback URL as Twilio does, until
 * the call waits for the person on the line (TwilioCall drives that side).
 */
export abstract class TwimlSession {
  readonly callSid: string;
  readonly accountSid: string;
  readonly requests: SentRequest[] = [];
  readonly faults: TwilioFault[] = [];
  /** Recordings the call made (<Record>), as Twilio keeps them whether or not their webhook got through. */
  readonly recordings: { sid: string; durationSeconds: number; createdAt: Date }[] = [];
  /** Everything heard, in order, with the language (and voice) it was spoken in. */
  readonly heard: { text: string; language?: string; voice?: string }[] = [];
  protected sinceInput: { text: string; language?: string }[] = [];
  waiting: Waiting = 'ended';
  protected pending?: { verb: Verb; rest: Verb[] };
  protected queue?: { verb: Verb; rest: Verb[]; waitUrlSeconds: number };
  private startedAt = Date.now();
  private redirects = 0;
  protected statusSent = false;
  /** The pending <Gather> was asked inside waitUrl TwiML: its answer runs in the queue too. */
  protected gatherInQueue = false;
  /** How the call's last document finished: a <Hangup/> verb, or by running out of verbs. */
  endedBy?: 'hangup-verb' | 'document-end' | 'caller';
  /** Bumped when the call's TwiML is replaced (a REST redirect): answers still on their way are dropped, as Twilio drops them. */
  protected generation = 0;

  constructor(protected opts: TwilioCallOptions) {
    this.callSid = opts.callSid ?? newCallSid();
    this.accountSid = opts.accountSid ?? 'AC' + '0'.repeat(32);
  }

  get lastRequest(): SentRequest | undefined {
    return this.requests.at(-1);
  }

  /** What waitUrl TwiML may make the caller do (the caller's side is the subclass's). */
  abstract queueResult(result: string): Promise<void>;
  abstract hangUp(): Promise<void>;

  protected url(path: string): string {
    return /^https?:\/\//.test(path) ? path : this.opts.baseUrl.replace(/\/+$/, '') + path;
  }

  protected resolve(u: string): string {
    return new URL(u, this.opts.baseUrl).toString();
  }

  protected actionOf(verb: Verb): string {
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

  protected async send(url: string, extra: Record<string, string>, token: string = randomUUID(), isRetry = false): Promise<SentRequest> {
    const transport = this.opts.transportUrl;
    const target =
      typeof transport === 'function'
        ? transport(url)
        : transport
          ? url.replace(this.opts.baseUrl.replace(/\/+$/, ''), transport.replace(/\/+$/, ''))
          : url;
    const params = isRetry ? extra : { ...this.commonParams(), ...extra };
    const { sent, fault } = await sendWebhook({ url, target, params, authToken: this.opts.authToken, idempotencyToken: token });
    if (fault) this.faults.push(fault);
    if (this.opts.keepHistory === false) this.requests.length = 0;
    this.requests.push(sent);
    this.opts.onRequest?.(sent);
    return sent;
  }

  protected async fetchAndRun(
    url: string,
    extra: Record<string, string>,
    opts: { voiceUrl?: boolean; waitUrl?: boolean } = {},
  ): Promise<void> {
    const generation = this.generation;
    const res = await this.send(url, extra);
    if (generation !== this.generation) return;
    let verbs: Verb[];
    try {
      verbs = twimlOfAnswer(res, { waitUrl: opts.waitUrl });
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

  private hear(text: string, language?: string, voice?: string): void {
    const h = { text, ...(language ? { language } : {}), ...(voice ? { voice } : {}) };
    if (this.opts.keepHistory !== false) this.heard.push(h);
    this.sinceInput.push(h);
  }

  /**
   * Plays the prompts in order, each for as long as `play` says. false: while they played, the
   * call was taken elsewhere (a REST redirect, the caller hung up) and this document is dropped.
   */
  private async speakAll(verbs: Verb[]): Promise<boolean> {
    const generation = this.generation;
    for (const v of verbs) {
      if (v.name === 'Say') this.hear(v.text, v.attrs.language, v.attrs.voice);
      else if (v.name === 'Play') this.hear(`[play ${v.text}]`);
      else if (v.name !== 'Pause') continue;
      const playing = this.opts.play?.(v);
      if (playing) await playing;
      if (generation !== this.generation) return false;
    }
    return true;
  }

  protected async run(verbs: Verb[]): Promise<void> {
    for (let i = 0; i < verbs.length; i++) {
      const v = verbs[i];
      const rest = verbs.slice(i + 1);
      switch (v.name) {
        case 'Say':
        case 'Play':
        case 'Pause':
          if (!(await this.speakAll([v]))) return;
          break;
        case 'Gather':
          if (!(await this.speakAll(v.children))) return;
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
          this.queue = { verb: v, rest, waitUrlSeconds: 0 };
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

  protected async requestWaitUrl(): Promise<void> {
    const q = this.queue!;
    await this.fetchAndRun(
      this.resolve(q.verb.attrs.waitUrl),
      { ...queueParams(q), QueuePosition: '1', AvgQueueTime: '0', CurrentQueueSize: '1', MaxQueueSize: '1000' },
      { waitUrl: true },
    );
  }

  /** waitUrl TwiML: played while the caller holds; when it runs out the caller keeps holding. */
  protected async runWaitDocument(verbs: Verb[]): Promise<void> {
    for (let i = 0; i < verbs.length; i++) {
      const v = verbs[i];
      if (v.name === 'Say' || v.name === 'Play' || v.name === 'Pause') {
        if (!(await this.speakAll([v]))) return;
      } else if (v.name === 'Gather') {
        if (!(await this.speakAll(v.children))) return;
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

  protected async end(): Promise<void> {
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

/** What Twilio tells about the caller's queue (its SID, QU + 32 hex, derived from the name). */
export function queueParams(q: { verb: Verb; waitUrlSeconds: number }): Record<string, string> {
  return { QueueSid: 'QU' + Buffer.from(q.verb.text.padEnd(16, '_').slice(0, 16)).toString('hex'), QueueTime: String(q.waitUrlSeconds) };
}
