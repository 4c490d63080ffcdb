import type { TwilioCall } from '../../src/emulator/twilio-call.js';
import type { SentRequest } from '../../src/emulator/twilio-webhook.js';
import { exponential } from '../../src/reports/prng.js';
import type { CallMix, CallOutcome } from './protocol.js';
import type { SimulatedAgents } from './simulated-agents.js';
import type { IntervalCounters } from './stats.js';
import { gatherTimeoutSeconds } from './twiml-timing.js';

/** Where a caller means to go from the main menu of flows/capacity.yaml. */
export type CallerPath = 'billing' | 'support' | 'order-status' | 'opening-hours';
const MAIN_MENU_KEY: Record<CallerPath, string> = { billing: '1', support: '2', 'order-status': '3', 'opening-hours': '4' };

// The prompts of flows/capacity.yaml that tell the caller which menu they are at.
const MAIN_MENU = 'For billing, press 1.';
const ORDER_MENU = 'To hear that again, press 1.';
const SURVEY = 'On a scale of 1 to 5';

/** A caller thinks this long (uniform, seconds) after a prompt before pressing: under Twilio's 5 s time-out. */
const THINK_SECONDS: [number, number] = [0.5, 2.5];
const VOICEMAIL_SECONDS = 12;
/**
 * Real milliseconds a call may show no progress beyond what its script waits for (webhooks
 * answered, redirects run) before it is lost: generous, so only a call that waits on nothing trips it.
 */
const STALL_GRACE_MS = 30_000;
/** The longest a single action plays, before `timeScale` (a hold document: prompts plus 30 s of music). */
const LONGEST_PLAY_SECONDS = 120;

export interface ScriptContext {
  random: () => number;
  mix: CallMix;
  timeScale: number;
  agents: SimulatedAgents;
  counters: IntervalCounters;
  draining: () => boolean;
  /** The call is over, with its one outcome (and why, when lost). */
  ended: (script: CallerScript, outcome: CallOutcome, why?: string) => void;
}

/**
 * What one caller (and the agent who takes them) does on a call, one move at a time: each move is
 * a timer (the caller thinking, Twilio's time-out, the agent talking) or an action on the call;
 * when an action returns, `next` looks at what the call waits on. A REST redirect from the server
 * (routing found an agent) replaces whatever the caller was doing: `replaced` drops the move in
 * progress and `driven` goes on from where the redirect left the call.
 */
export class CallerScript {
  /** Bumped by every move: a timer or action of an older move finds it changed and does nothing. */
  private epoch = 0;
  private timer?: NodeJS.Timeout;
  private watchdog?: NodeJS.Timeout;
  private patience?: NodeJS.Timeout;
  private enqueuedAt?: number;
  private lastWaitUrlAt = 0;
  private group?: string;
  private agentPhone?: string;
  private ringing = false;
  private talkStartedAt = 0;
  private mainMenuVisits = 0;
  private orderRepeats = 0;
  private bridged = false;
  /** The agent has hung up (the call shows 'bridged' until the caller's next document is in). */
  private agentHungUp = false;
  private surveyHeard = false;
  private abandoned = false;
  private recorded = false;
  private leftInIvr = false;
  private done = false;
  /** Actions on the call not yet returned: a call is over only once its last webhook (the status callback) is answered. */
  private acting = 0;

  constructor(
    readonly call: TwilioCall,
    private path: CallerPath,
    private silentAtFirstMenu: boolean,
    private ctx: ScriptContext,
  ) {}

  start(): void {
    this.act('the first webhook', () => this.call.start());
  }

  /** In a queue or ringing an agent (not yet talking). */
  get queued(): boolean {
    return !this.done && (this.call.waiting === 'queue' || this.call.waiting === 'dial');
  }

  get talking(): boolean {
    return !this.done && !this.agentHungUp && this.call.waiting === 'bridged';
  }

  /** The stand-in is running a REST redirect or hang-up for this call: the move in progress is moot. */
  replaced(): void {
    this.epoch++;
    clearTimeout(this.timer);
    // Routing may redirect a caller before Twilio has even read their <Enqueue>: they were in line.
    if (this.enqueuedAt === undefined && !this.done) this.enqueued(performance.now());
  }

  /** …and has run it: the call waits again. */
  driven(): void {
    this.epoch++;
    this.next();
  }

  /** Drain: an agent on this call hangs up now. */
  agentHangsUpNow(): void {
    if (this.talking) this.agentHangsUp();
  }

  /** Drain timed out: the call is still on the line. */
  unfinished(): void {
    const last = this.call.lastRequest;
    const lastPath = last ? `${new URL(last.url).pathname} → ${last.status}` : 'none';
    this.lose(`unfinished: still ${this.call.waitingDetail} when the drain timed out (last webhook ${lastPath})`);
  }

  private act(what: string, work: () => Promise<unknown>): void {
    clearTimeout(this.timer);
    const epoch = ++this.epoch;
    this.watch(STALL_GRACE_MS + LONGEST_PLAY_SECONDS * 1000 * this.ctx.timeScale, what);
    this.acting++;
    work().then(
      () => {
        this.acting--;
        // A moot action still ends the call if it was the one that ended it (a hang-up during a redirect).
        if (epoch === this.epoch || this.call.waiting === 'ended') this.next();
      },
      (err: Error) => {
        this.acting--;
        if (epoch === this.epoch) this.lose(`${what} failed: ${err.message}`);
        else if (this.call.waiting === 'ended') this.next();
      },
    );
  }

  /** Does `work` after `seconds` (before `timeScale`) unless something else moved the call first. */
  private after(seconds: number, what: string, work: () => void): void {
    clearTimeout(this.timer);
    const epoch = this.epoch;
    const ms = seconds * 1000 * this.ctx.timeScale;
    this.timer = setTimeout(() => epoch === this.epoch && !this.done && work(), ms);
    this.watch(ms + STALL_GRACE_MS, what);
  }

  private watch(ms: number, what: string): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(
      () => this.lose(`no progress for ${Math.round(ms / 1000)} s during ${what} (the call was ${this.call.waitingDetail})`),
      ms,
    );
  }

  private next(): void {
    if (this.done) return;
    const call = this.call;
    const fault = call.faults[0];
    if (fault) {
      this.ctx.counters.error(`fault ${fault.code} at ${fault.url}: ${fault.message}`);
      return this.lose(`Twilio would log error ${fault.code}: ${fault.message}`);
    }
    switch (call.waiting) {
      case 'ended':
        return this.acting ? undefined : this.finish();
      case 'gather':
        return this.answerMenu();
      case 'queue':
        return this.hold();
      case 'dial':
        return this.ring();
      case 'bridged':
        return this.talk();
      case 'record':
        return this.after(VOICEMAIL_SECONDS, 'leaving a voicemail', () =>
          this.act('the voicemail', () => {
            this.recorded = true;
            return call.record({ duration: VOICEMAIL_SECONDS });
          }),
        );
    }
  }

  private press(key: string): void {
    const [min, max] = THINK_SECONDS;
    this.after(min + this.ctx.random() * (max - min), `pressing ${key}`, () => this.act(`pressing ${key}`, () => this.call.press(key)));
  }

  private keepSilent(): void {
    const timeout = gatherTimeoutSeconds(this.call.gathering ?? {});
    this.after(timeout, 'a menu time-out', () => this.act('saying nothing', () => this.call.silence()));
  }

  private answerMenu(): void {
    const heard = this.call.lastHeard.join(' ');
    const random = this.ctx.random;
    if (heard.includes(MAIN_MENU)) {
      if (this.mainMenuVisits++ === 0 && this.silentAtFirstMenu) return this.keepSilent();
      return this.press(MAIN_MENU_KEY[this.path]);
    }
    if (heard.includes(ORDER_MENU)) {
      // After the order's status: most hang up, some hear it again (once), some go back to the menu for the hours.
      const r = random();
      if (r < 0.2 && this.orderRepeats++ === 0) return this.press('1');
      if (r < 0.35) {
        this.path = 'opening-hours';
        return this.press('2');
      }
      if (r < 0.5) return this.keepSilent();
      this.leftInIvr = true;
      return this.after(THINK_SECONDS[0], 'hanging up after the order status', () =>
        this.act('hanging up in the IVR', () => this.call.hangUp()),
      );
    }
    if (heard.includes(SURVEY)) {
      this.surveyHeard = true;
      return this.press(String(1 + Math.floor(random() * 5)));
    }
    this.lose(`a menu the script does not know: "${heard.slice(0, 120)}"`);
  }

  /**
   * Told of each webhook as it is answered. The caller joins the queue when Twilio reads the
   * <Enqueue> (or sends the first waitUrl request, if that answer was missed).
   */
  webhookAnswered(sent: SentRequest): void {
    if (this.done) return;
    const queue = /<Enqueue\b[^>]*>([^<]*)<\/Enqueue>/.exec(sent.body)?.[1]?.trim();
    if (queue) this.group = queue;
    if (this.enqueuedAt !== undefined) return;
    if (queue) this.enqueued(performance.now());
    else if (sent.params.QueueSid) this.enqueued(performance.now() - sent.ms);
  }

  private enqueued(at: number): void {
    const call = this.call;
    this.enqueuedAt = at;
    this.lastWaitUrlAt = at;
    const patienceMs = exponential(this.ctx.random, this.ctx.mix.patienceMeanSeconds) * 1000 * this.ctx.timeScale;
    this.patience = setTimeout(() => {
      if (this.done || call.waiting !== 'queue') return;
      this.abandoned = true;
      this.act('hanging up on hold', () => call.hangUp());
    }, patienceMs);
  }

  private hold(): void {
    const call = this.call;
    const now = performance.now();
    if (call.asksInQueue) return this.lose('asked a question in the queue (the callback offer) though the caller pressed nothing');
    const gather = call.holdGather;
    if (gather)
      return this.after(gatherTimeoutSeconds(gather), "the hold <Gather>'s time-out", () => this.act('holding', () => call.silence()));
    // The waitUrl's document has played out: Twilio asks it again, telling how long the caller has held.
    const held = (now - this.lastWaitUrlAt) / 1000 / this.ctx.timeScale;
    this.lastWaitUrlAt = now;
    this.act('asking the waitUrl again', () => call.hold(held));
  }

  private ring(): void {
    const now = performance.now();
    if (!this.ringing) {
      this.ringing = true;
      this.agentPhone = this.call.dialling[0]?.to ?? '';
      if (this.enqueuedAt !== undefined)
        this.ctx.counters.routingMs.push(now - Math.max(this.enqueuedAt, this.ctx.agents.freeSince(this.agentPhone)));
    }
    this.after(this.ctx.agents.ringSeconds(), 'the agent answering', () =>
      this.act('the agent answering', () => this.call.agentAnswers({ press: '1' })),
    );
  }

  private talk(): void {
    this.bridged = true;
    this.agentHungUp = false;
    this.ringing = false;
    clearTimeout(this.patience);
    this.talkStartedAt = performance.now();
    const seconds = this.ctx.draining() ? 0 : this.ctx.agents.talkSeconds();
    this.after(seconds, 'the agent talking', () => this.agentHangsUp());
  }

  private agentHangsUp(): void {
    this.agentHungUp = true;
    const now = performance.now();
    this.ctx.agents.hungUp(this.agentPhone ?? '', this.group ?? '', now);
    const seconds = Math.round((now - this.talkStartedAt) / 1000 / this.ctx.timeScale);
    this.act('the agent hanging up', () => this.call.endBridge({ by: 'agent', seconds }));
  }

  private finish(): void {
    if (this.recorded) return this.end('voicemail');
    if (this.abandoned) return this.end('abandoned');
    if (this.bridged) return this.surveyHeard ? this.end('connected') : this.lose('the survey was not heard after the agent hung up');
    if (this.enqueuedAt === undefined && (this.leftInIvr || this.call.endedBy === 'hangup-verb')) return this.end('self-service');
    this.lose(`ended (${this.call.endedBy ?? 'no reason'}) after hearing "${this.call.lastHeard.join(' ').slice(0, 120)}"`);
  }

  private lose(why: string): void {
    if (this.done) return;
    if (this.call.waiting !== 'ended') this.call.hangUp().catch(() => undefined);
    this.end('lost', why);
  }

  private end(outcome: CallOutcome, why?: string): void {
    this.done = true;
    this.epoch++;
    clearTimeout(this.timer);
    clearTimeout(this.watchdog);
    clearTimeout(this.patience);
    this.ctx.ended(this, outcome, why);
  }
}
