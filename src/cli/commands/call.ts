import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hostForUrl } from '../../config.js';
import { TwilioCall } from '../../emulator/twilio-call.js';
import type { Conversation } from '../conversation.js';
import { dataDir } from '../flows-context.js';
import { playConversation, splitInputs } from '../play.js';

/** A Conversation over a real server, through signed webhooks, via the Twilio emulator. */
class ServerConversation implements Conversation {
  private notesSeen = 0;
  private lastCommand = 0;
  constructor(
    readonly twilio: TwilioCall,
    private localTwilio?: { url: string; auth: string },
  ) {}

  /** In the local demo the server plays Twilio's REST API; follow what it was asked to do. */
  async poll(): Promise<string[]> {
    if (!this.localTwilio || this.twilio.waiting === 'ended') return [];
    const res = await fetch(`${this.localTwilio.url}?after=${this.lastCommand}&callSid=${this.twilio.callSid}`, {
      headers: { authorization: this.localTwilio.auth },
    }).catch(() => undefined);
    if (!res?.ok) return [];
    const notes: string[] = [];
    for (const c of (await res.json()) as { id: number; type: string; url: string }[]) {
      this.lastCommand = c.id;
      notes.push('an agent is free: Switchboard redirects your call to ring them');
      await this.twilio.redirectTo(c.url);
    }
    return notes;
  }
  get waiting() {
    return this.twilio.waiting;
  }
  get waitingDetail() {
    return this.twilio.waitingDetail;
  }
  get lastHeard() {
    return this.twilio.lastHeardDetail;
  }
  get lastNotes() {
    const faults = this.twilio.faults.slice(this.notesSeen).map((f) => `Twilio error ${f.code} on ${f.url}: ${f.message}`);
    this.notesSeen = this.twilio.faults.length;
    return faults;
  }
  press = (d: string) => this.twilio.press(d);
  silence = () => this.twilio.silence();
  speak = (w: string, confidence?: number) => this.twilio.speak(w, confidence);
  hold = (s?: number) => this.twilio.hold(s);
  queueResult = (r: string) => this.twilio.queueResult(r);
  dialResult = (s: Parameters<TwilioCall['dialResult']>[0]) => this.twilio.dialResult(s);
  record = (seconds: number) => this.twilio.record({ duration: seconds });
  recordNothing = () => this.twilio.recordNothing();
  hangUp = () => this.twilio.hangUp();
  get asksInQueue() {
    return this.twilio.asksInQueue;
  }
  get dialsAgent() {
    return this.twilio.dialling.some((d) => d.url);
  }
  agentAnswers = async (accept: boolean) => void (await this.twilio.agentAnswers(accept ? { press: '1' } : {}));
  endBridge = () => this.twilio.endBridge({ by: 'agent', seconds: 60 });
}

/**
 * Where the server is, read as the server reads it: --url, else PUBLIC_BASE_URL, else
 * http://localhost:$PORT. Webhooks are signed for the server's public URL (PUBLIC_BASE_URL, or
 * --url when that is unset) and sent to --url when given.
 */
export function serverUrls(url: string | undefined, env: NodeJS.ProcessEnv): { publicBaseUrl: string; sendTo: string } {
  const trim = (u: string) => u.trim().replace(/\/+$/, '');
  const local = `http://${hostForUrl(env.HOST?.trim(), 'localhost')}:${env.PORT?.trim() || '3000'}`;
  const publicBaseUrl = trim(env.PUBLIC_BASE_URL?.trim() || url || local);
  return { publicBaseUrl, sendTo: url ? trim(url) : publicBaseUrl };
}

/** The auth token webhooks are signed with: TWILIO_AUTH_TOKEN, or the local demo's (created by npm start). */
export function webhookAuthToken(): { token?: string; tokenFile: string } {
  const tokenFile = path.join(dataDir(), 'local-auth-token');
  const token = process.env.TWILIO_AUTH_TOKEN || (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : undefined);
  return { token, tokenFile };
}

export const HOW_TO_POINT =
  'start it with npm start, or point this command at it: --url http://host:port, or PORT / PUBLIC_BASE_URL as the server has them';

/** `switchboard call`: place a test call against a running server, the way Twilio would. */
export async function callCommand(
  opts: { url?: string; to?: string; from?: string; digits?: string },
  out: (l: string) => void,
): Promise<number> {
  const { publicBaseUrl, sendTo } = serverUrls(opts.url, process.env);
  const { token: authToken, tokenFile } = webhookAuthToken();
  if (!authToken) {
    out(`no auth token: set TWILIO_AUTH_TOKEN, or start the server once with npm start so it creates ${tokenFile}`);
    return 2;
  }
  const reached = await fetch(`${sendTo}/health`, { signal: AbortSignal.timeout(10_000) }).then(
    () => undefined,
    (err: Error) => (err.cause instanceof Error ? err.cause.message : err.message),
  );
  if (reached !== undefined) {
    out(`could not reach Switchboard at ${sendTo} (${reached}): ${HOW_TO_POINT}`);
    return 1;
  }
  const twilio = new TwilioCall({
    baseUrl: publicBaseUrl,
    ...(sendTo !== publicBaseUrl ? { transportUrl: sendTo } : {}),
    authToken,
    ...(process.env.TWILIO_ACCOUNT_SID ? { accountSid: process.env.TWILIO_ACCOUNT_SID } : {}),
    from: opts.from ?? '+15551230000',
    to: opts.to ?? '+18005550100',
  });
  out(
    `Calling ${opts.to ?? '+18005550100'} from ${opts.from ?? '+15551230000'} through ${sendTo}/voice/incoming (CallSid ${twilio.callSid})`,
  );
  try {
    await twilio.start();
  } catch (err) {
    out(`could not reach the server at ${sendTo}: ${(err as Error).message}; ${HOW_TO_POINT}`);
    return 1;
  }
  if (twilio.requests[0]?.status === 403) {
    out(
      `the server refused the signature (403) for ${publicBaseUrl}: are TWILIO_AUTH_TOKEN / TWILIO_ACCOUNT_SID / PUBLIC_BASE_URL the same as the server's?`,
    );
    return 1;
  }
  const accountSid = process.env.TWILIO_ACCOUNT_SID || 'AC' + '0'.repeat(32);
  const local = { url: `${sendTo}/local-twilio/commands`, auth: 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64') };
  const hasLocalTwilio = (await fetch(local.url, { headers: { authorization: local.auth } }).catch(() => undefined))?.ok;
  const conversation = new ServerConversation(twilio, hasLocalTwilio ? local : undefined);
  const played = await playConversation(conversation, splitInputs(opts.digits), out);
  const slow = twilio.requests.reduce((m, r) => Math.max(m, r.ms), 0);
  out(`${twilio.requests.length} webhooks, slowest ${slow.toFixed(1)} ms, ${twilio.faults.length} Twilio error(s)`);
  return twilio.faults.length || played.failed ? 1 : 0;
}
