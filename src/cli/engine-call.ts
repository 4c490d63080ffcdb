import { advance } from '../calls/advance.js';
import type { Lookup } from '../calls/lookup.js';
import { ringing, type CallState } from '../calls/step.js';
import { assertNever } from '../assert-never.js';
import type { CallEvent, Effect, Utterance } from '../flows/call-types.js';
import type { CompiledFlow } from '../flows/compile.js';
import type { Reply } from '../twiml/reply.js';
import type { Conversation, Heard, Waiting } from './conversation.js';

function noteOf(e: Effect): string | undefined {
  switch (e.type) {
    case 'enqueue':
      return `queued in '${e.group}' with priority ${e.priority}`;
    case 'recording':
      return `voicemail saved (${e.duration} s)`;
    case 'survey':
      return `survey answer saved: ${e.score}${e.kind === 'csat' ? '' : ` (${e.kind})`}`;
    case 'survey-asked':
      return undefined;
    case 'queue-exit':
      return e.reason === 'callback' ? `callback booked to ${e.callbackNumber}` : `left the queue (${e.reason})`;
    case 'callback-refused':
      return `callback number refused (${e.reason}): ${e.number ?? e.keyed}`;
    case 'wait-announced':
      // What was said is in the heard lines; there is no real wait to score it against.
      return undefined;
    case 'text-message':
      return `text message to ${e.to}: ${e.body}`;
    case 'call-transferred':
      return `transferred to ${'group' in e.to ? `the ${e.to.group} queue` : e.to.number}`;
    case 'agent-dial-ended':
    case 'caller-gone':
      // Routing in miniature keeps no offers or entries: nothing to end, nothing to note.
      return undefined;
    default:
      return assertNever(e, 'effect');
  }
}

/**
 * A call run in-process on the same engine code the webhooks use (`advance`), with a clock the
 * caller controls. Used by `switchboard simulate` and by flow scenario tests.
 */
/** What the simulator shows for one utterance; a recording with a transcript shows its words. */
function heardOf(u: Utterance): { text: string; language?: string } {
  if ('say' in u) return { text: u.say, language: u.language };
  if ('play' in u)
    return u.transcript
      ? { text: `${u.transcript} [recording ${u.play}]`, ...(u.language ? { language: u.language } : {}) }
      : { text: `[play ${u.play}]` };
  return { text: `[pause ${u.pause}s]` };
}

export class EngineCall implements Conversation {
  call: CallState;
  private reply?: Reply;
  /** Every step edge taken (from → to), for scenario coverage. */
  readonly edges: [string, string][] = [];
  readonly effects: Effect[] = [];
  lastHeard: Heard[] = [];
  private bridgedNow = false;
  lastNotes: string[] = [];

  constructor(
    readonly cf: CompiledFlow,
    private opts: { callSid?: string; lookup: Lookup; clock: () => number },
  ) {
    this.call = ringing(cf);
  }

  static async start(
    cf: CompiledFlow,
    caller: string,
    dialled: string,
    opts: { callSid?: string; lookup: Lookup; clock: () => number },
  ): Promise<EngineCall> {
    const c = new EngineCall(cf, opts);
    await c.send({ type: 'CALL_STARTED', at: opts.clock(), caller, dialled });
    return c;
  }

  get waiting(): Waiting {
    if (this.bridgedNow) return 'bridged';
    const w = this.reply?.wait;
    switch (w?.kind) {
      case 'gather':
        return w.inQueue ? 'queue' : 'gather';
      case 'enqueue':
      case 'hold':
      case 'leave':
        return 'queue';
      case 'dial':
      case 'connect':
        return 'dial';
      case 'record':
        return 'record';
      case undefined:
      case 'lookup':
      case 'text-check':
      case 'hangup':
        return 'ended';
      default:
        return assertNever(w, 'wait');
    }
  }

  get asksInQueue(): boolean {
    const w = this.reply?.wait;
    return w?.kind === 'gather' && !!w.inQueue;
  }

  get dialsAgent(): boolean {
    return this.reply?.wait.kind === 'connect';
  }

  /** Routing in miniature: an agent is reserved for this caller (there is no database here). */
  async agentFound(): Promise<void> {
    this.need('queue');
    await this.send({
      type: 'CONNECT_AGENT',
      at: this.opts.clock(),
      assignmentId: 0,
      agent: { kind: 'phone', contact: '+15550000000' },
      timeout: 20,
    });
  }

  async agentAnswers(accept: boolean): Promise<void> {
    this.need('dial');
    if (!accept) return this.send({ type: 'DIAL_RESULT', at: this.opts.clock(), status: 'completed', bridged: false });
    this.bridgedNow = true;
  }

  async endBridge(): Promise<void> {
    if (!this.bridgedNow) throw new Error('no agent is talking with the caller');
    this.bridgedNow = false;
    await this.send({ type: 'DIAL_RESULT', at: this.opts.clock(), status: 'completed', bridged: true });
  }

  get waitingDetail(): string {
    const w = this.reply?.wait;
    const group = w && 'step' in w ? (this.cf.flow.steps[w.step] as { group?: string } | undefined)?.group : undefined;
    if ((w?.kind === 'enqueue' || w?.kind === 'hold' || (w?.kind === 'gather' && w.inQueue)) && group) return `in queue '${group}'`;
    if (w?.kind === 'dial') return `dialling ${w.to}`;
    return this.waiting;
  }

  private async send(event: CallEvent): Promise<void> {
    const from = this.call.state;
    const result = await advance(this.cf, this.call, event, {
      lookup: this.opts.lookup,
      callSid: this.opts.callSid ?? 'CA' + '0'.repeat(32),
      now: this.opts.clock,
    });
    let prev = from;
    for (const step of result.entered) {
      this.edges.push([prev, step]);
      prev = step;
    }
    // A retry or repeat inside a menu stays in the step: that is a path of its own.
    if (result.entered.length === 0 && result.call.state === from && event.type !== 'QUEUE_WAIT') this.edges.push([from, from]);
    this.call = result.call;
    this.reply = result.reply;
    const w = result.reply.wait;
    const inWait = w.kind === 'gather' || w.kind === 'hold' || w.kind === 'record' ? w.prompt : [];
    this.lastHeard = [...result.reply.utterances, ...inWait].map(heardOf);
    if (w.kind === 'record') this.lastHeard.push({ text: '[beep]' });
    if (w.kind === 'hold') this.lastHeard.push({ text: `[play ${w.music}]` });
    this.effects.push(...result.reply.effects);
    const notes = result.reply.effects.flatMap((e) => noteOf(e) ?? []);
    this.lastNotes = [...notes, ...result.lookups.map((l) => `lookup at '${l.step}': ${l.ok ? 'ok' : `failed (${l.error})`}`)];
    // <Leave/>: Twilio takes the caller out of the queue and requests the <Enqueue> action at once.
    if (w.kind === 'leave') {
      const [heard, notes] = [this.lastHeard, this.lastNotes];
      await this.send({ type: 'QUEUE_RESULT', at: this.opts.clock(), result: 'leave' });
      this.lastHeard = [...heard, ...this.lastHeard];
      this.lastNotes = [...notes, ...this.lastNotes];
    }
  }

  private need(kind: Waiting): void {
    if (this.waiting !== kind) throw new Error(`the call is ${this.waitingDetail}, not waiting for ${kind}`);
  }

  async press(digits: string) {
    const w = this.reply?.wait;
    // Keys while holding go to the hold music's <Gather>: Twilio posts them as QUEUE_KEY.
    if (w?.kind === 'hold' || w?.kind === 'enqueue' || (w?.kind === 'gather' && w.inQueue))
      return this.send({ type: 'QUEUE_KEY', at: this.opts.clock(), digits });
    this.need('gather');
    // As Twilio sends them: the keys without spaces and without the key that ended the input.
    const finish = w?.kind === 'gather' ? w.finishOnKey : undefined;
    const keys = digits.replace(/\s+/g, '');
    await this.send({ type: 'DIGITS', at: this.opts.clock(), digits: finish && keys.endsWith(finish) ? keys.slice(0, -1) : keys });
  }
  async silence() {
    this.need('gather');
    await this.send({ type: 'NO_INPUT', at: this.opts.clock() });
  }
  /** The caller speaks; `confidence` is how sure Twilio's recogniser was (0..1). */
  async speak(speech: string, confidence = 0.9) {
    this.need('gather');
    await this.send({ type: 'SPEECH', at: this.opts.clock(), speech, confidence });
  }
  /** On hold for `seconds`; with `announce`, the queue says where the caller is, as routing does on the waitUrl. */
  async hold(seconds = 30, announce?: { position: number; etaSeconds?: number }) {
    this.need('queue');
    await this.send({ type: 'QUEUE_WAIT', at: this.opts.clock(), queueTime: seconds, ...(announce ?? {}) });
  }
  async queueResult(result: string) {
    this.need('queue');
    await this.send({ type: 'QUEUE_RESULT', at: this.opts.clock(), result });
  }
  async dialResult(status: string) {
    this.need('dial');
    await this.send({ type: 'DIAL_RESULT', at: this.opts.clock(), status });
  }
  async record(seconds: number) {
    this.need('record');
    await this.send({ type: 'RECORDED', at: this.opts.clock(), url: 'https://example.invalid/simulated-recording.wav', duration: seconds });
  }
  async recordNothing() {
    this.need('record');
    await this.send({ type: 'NO_INPUT', at: this.opts.clock() });
  }
  async hangUp() {
    if (this.waiting === 'ended') return;
    await this.send({ type: 'HUNG_UP', at: this.opts.clock(), status: 'completed' });
  }
}
