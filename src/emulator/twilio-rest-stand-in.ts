import { EventEmitter, once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessagingStandIn } from './messaging-stand-in.js';
import { recordingMediaPath, recordingWav, sendMedia } from './recording-audio.js';
import { TwilioCall } from './twilio-call.js';
import { newCallSid } from './twiml-session.js';

export interface RestRequest {
  method: string;
  path: string;
  params: Record<string, string>;
}

/** An outbound call Twilio was asked to place (a callback's agent leg), waiting to be answered or not. */
export interface OutboundCall {
  sid: string;
  to: string;
  from: string;
  url: string;
  statusCallback?: string;
  /** Answers: Twilio requests `url` and runs its TwiML; returns the call to drive. */
  answer(): Promise<TwilioCall>;
  /** Nobody answers (or busy / failed): Twilio reports it to the status callback. */
  notAnswered(status?: 'no-answer' | 'busy' | 'failed'): Promise<void>;
}

/**
 * A stand-in for Twilio's REST API (`TWILIO_API_BASE_URL` points here). It checks the account's
 * Basic auth, records every request, and then does what Twilio would do next: a redirect makes
 * the emulated call fetch the new URL; a new call waits for the test to answer it.
 */
export class TwilioRestStandIn {
  readonly requests: RestRequest[] = [];
  readonly outbound: OutboundCall[] = [];
  private calls = new Map<string, TwilioCall>();
  private driving = new Set<Promise<unknown>>();
  /** 'change' after each redirect or call the stand-in has run, and each call it was asked to place. */
  private changes = new EventEmitter().setMaxListeners(0);
  private server?: http.Server;
  url = '';
  /** Set to make the next update or create fail as Twilio would (e.g. 21220 call not in progress). */
  failNext?: { status: number; code: number; message: string };
  /**
   * While set, redirects are accepted but not run until `releaseRedirects()`: Twilio acts on one a
   * moment later, and a test can play what the caller gets meanwhile (e.g. a waitUrl request).
   */
  holdRedirects = false;
  private heldRedirects: (() => void)[] = [];
  /** Messages.create and the customers' texts back (see MessagingStandIn). */
  readonly messages: MessagingStandIn;

  constructor(
    private opts: {
      accountSid: string;
      authToken: string;
      baseUrl: string;
      transportUrl?: string | ((url: string) => string);
      /** false: keep no `requests` or `outbound` (a load generator's many calls; see `onRequest`, `forget`). */
      keepHistory?: boolean;
      /** Told of every REST request, with the HTTP status answered. */
      onRequest?: (request: RestRequest, status: number) => void;
      /** Told when a redirect or hang-up the stand-in ran for a call has finished (the call waits again). */
      onDriven?: (call: TwilioCall) => void;
    },
  ) {
    this.messages = new MessagingStandIn(
      opts,
      (work) => this.drive(work),
      () => this.changes.emit('change'),
    );
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  /** Lets REST requests about this call reach it (calls placed by tests register themselves here). */
  register(call: TwilioCall): TwilioCall {
    this.calls.set(call.callSid, call);
    return call;
  }

  /**
   * The call has ended and its owner is done with it: the stand-in lets it go after a minute (until
   * then a late redirect still gets Twilio's 21220 "not in progress", not a 404).
   */
  forget(call: TwilioCall): void {
    setTimeout(() => this.calls.get(call.callSid) === call && this.calls.delete(call.callSid), 60_000).unref();
  }

  /** Waits until everything the stand-in started (redirects, webhooks) has finished. */
  async settled(): Promise<void> {
    while (this.driving.size) await Promise.allSettled([...this.driving]);
  }

  /**
   * Waits until `ready()` holds, looking again after everything the stand-in does (so a test waits
   * for Twilio's next move instead of polling). One that never comes fails by the test's time-out.
   */
  async until(ready: () => boolean): Promise<void> {
    for (;;) {
      await this.settled();
      if (ready()) return;
      await once(this.changes, 'change');
    }
  }

  /** Redirects kept back by `holdRedirects`. */
  get redirectsHeld(): number {
    return this.heldRedirects.length;
  }

  /** Runs the redirects kept back, in order, and stops keeping them back. */
  releaseRedirects(): void {
    this.holdRedirects = false;
    for (const run of this.heldRedirects.splice(0)) run();
  }

  async close(): Promise<void> {
    await this.settled();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private drive<T>(work: () => Promise<T>, call?: TwilioCall): void {
    const p = work()
      .catch(() => undefined)
      .finally(() => {
        this.driving.delete(p);
        this.changes.emit('change');
        if (call) this.opts.onDriven?.(call);
      });
    this.driving.add(p);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += chunk;
    const requestUrl = new URL(req.url ?? '/', 'http://x');
    // A GET's parameters are in its query (e.g. Recordings.json?CallSid=…), a POST's in its body.
    const params = Object.fromEntries(req.method === 'GET' ? requestUrl.searchParams : new URLSearchParams(body));
    const path = requestUrl.pathname;
    const request = { method: req.method ?? '', path, params };
    if (this.opts.keepHistory !== false) this.requests.push(request);
    const send = (status: number, json: unknown): void => {
      this.opts.onRequest?.(request, status);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    const expected = 'Basic ' + Buffer.from(`${this.opts.accountSid}:${this.opts.authToken}`).toString('base64');
    if (req.headers.authorization !== expected) return send(401, { code: 20003, message: 'Authenticate', status: 401 });
    const notFound = () =>
      send(404, {
        code: 20404,
        message: `The requested resource ${path} was not found`,
        more_info: 'https://www.twilio.com/docs/errors/20404',
        status: 404,
      });
    const messages = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/.exec(path);
    if (messages && messages[1] === this.opts.accountSid && req.method === 'POST') {
      if (this.failNext) {
        const f = this.failNext;
        this.failNext = undefined;
        return send(f.status, { code: f.code, message: f.message, status: f.status });
      }
      const created = this.messages.create(params);
      return send(created.status, created.json);
    }
    const recordings = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Recordings\.json$/.exec(path);
    if (recordings && recordings[1] === this.opts.accountSid && req.method === 'GET')
      return send(200, this.recordingsPage(path, params.CallSid ?? null));
    // A recording's media (…/Recordings/RE….wav): a generated tone as long as the recording.
    const media = recordingMediaPath(path);
    if (media && media.accountSid === this.opts.accountSid && (req.method === 'GET' || req.method === 'HEAD')) {
      const found = [...this.calls.values()].flatMap((c) => c.recordings).find((r) => r.sid === media.sid);
      if (!found || media.format !== 'wav') return notFound();
      return sendMedia(req, res, recordingWav(found.durationSeconds), 'audio/x-wav');
    }
    const m = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Calls(?:\/(CA[0-9a-fA-F]{32}))?\.json$/.exec(path);
    if (!m || m[1] !== this.opts.accountSid) return notFound();
    if (this.failNext && req.method === 'POST') {
      const f = this.failNext;
      this.failNext = undefined;
      return send(f.status, { code: f.code, message: f.message, status: f.status });
    }
    const sid = m[2];
    if (!sid && req.method === 'POST') return send(201, this.create(params));
    const call = sid ? this.calls.get(sid) : undefined;
    if (!call) return notFound();
    if (req.method === 'GET') return send(200, resource(call.callSid, call.waiting === 'ended' ? 'completed' : 'in-progress'));
    // What Twilio answers for a call that has ended (the twilio package throws it as a RestException).
    if (call.waiting === 'ended')
      return send(400, {
        code: 21220,
        message: 'Call is not in-progress. Cannot redirect.',
        more_info: 'https://www.twilio.com/docs/errors/21220',
        status: 400,
      });
    if (params.Url && this.holdRedirects) {
      this.heldRedirects.push(() => this.drive(() => call.redirectTo(params.Url), call));
      this.changes.emit('change');
    } else if (params.Url) this.drive(() => call.redirectTo(params.Url), call);
    else if (params.Status === 'completed') this.drive(() => call.hangUp(), call);
    return send(200, resource(call.callSid, 'in-progress'));
  }

  /** GET …/Recordings.json?CallSid=…: the recordings the emulated call made, one page as Twilio lists them. */
  private recordingsPage(path: string, callSid: string | null): unknown {
    const call = callSid ? this.calls.get(callSid) : undefined;
    const recordings = (call?.recordings ?? []).map((r) => ({
      sid: r.sid,
      account_sid: this.opts.accountSid,
      call_sid: call!.callSid,
      duration: String(r.durationSeconds),
      status: 'completed',
      date_created: r.createdAt.toUTCString(),
      api_version: '2010-04-01',
      uri: `/2010-04-01/Accounts/${this.opts.accountSid}/Recordings/${r.sid}.json`,
    }));
    const uri = `${path}?CallSid=${callSid ?? ''}&PageSize=50&Page=0`;
    return {
      recordings,
      page: 0,
      page_size: 50,
      start: 0,
      end: Math.max(0, recordings.length - 1),
      uri,
      first_page_uri: uri,
      next_page_uri: null,
      previous_page_uri: null,
    };
  }

  private create(params: Record<string, string>): unknown {
    const sid = newCallSid();
    // The call Twilio would place, as the stand-in plays it (answered, or only its status callback).
    const leg = {
      baseUrl: this.opts.baseUrl,
      ...(this.opts.transportUrl ? { transportUrl: this.opts.transportUrl } : {}),
      authToken: this.opts.authToken,
      accountSid: this.opts.accountSid,
      from: params.From,
      to: params.To,
      callSid: sid,
      direction: 'outbound-api' as const,
    };
    const out: OutboundCall = {
      sid,
      to: params.To,
      from: params.From,
      url: params.Url,
      ...(params.StatusCallback ? { statusCallback: params.StatusCallback } : {}),
      answer: async () => {
        const call = this.register(
          new TwilioCall({ ...leg, voicePath: params.Url, statusPath: params.StatusCallback ?? null, fallbackPath: null }),
        );
        await call.start();
        return call;
      },
      notAnswered: async (status = 'no-answer') => {
        if (!params.StatusCallback) return;
        const probe = new TwilioCall({ ...leg, statusPath: params.StatusCallback });
        await probe.reportStatus(status);
      },
    };
    if (this.opts.keepHistory !== false) this.outbound.push(out);
    this.changes.emit('change');
    return resource(sid, 'queued', params);
  }
}

function resource(sid: string, status: string, params: Record<string, string> = {}) {
  return { sid, status, to: params.To ?? null, from: params.From ?? null, api_version: '2010-04-01' };
}
