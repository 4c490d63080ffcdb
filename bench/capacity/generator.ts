/**
 * The capacity bench's load generator (issue 16): a process of its own, forked by the orchestrator
 * (bench/capacity/run.ts; argv[2] is a JSON file holding a GeneratorConfig, messages in protocol.ts),
 * that plays Twilio for every call of a real-time run against Switchboard instances.
 *
 * What it models: Poisson arrivals at the rate asked, from a pool of 200,000 caller numbers (so some
 * call again); every webhook of a call to one instance at random, signed on PUBLIC_BASE_URL; Twilio
 * playing each document for as long as it lasts (twiml-timing.ts: speech at 150 words a minute,
 * pauses, 30 s per <Play>, each <Gather>'s time-out), the waitUrl asked again when its document has
 * played out, REST redirects to an agent, the agent's whisper (accepted with 1), status callbacks;
 * callers who think before pressing, say nothing at the first menu, take the self-service branch,
 * hang up when their (exponential) patience runs out; agents who answer after a uniform ring and
 * talk for an exponential time (simulated-agents.ts). Every call ends in exactly one outcome, and
 * any call that does not end as its script expects is `lost`, with why (call-script.ts).
 *
 * What it does not: audio or media streams, speech input, Twilio's own queue positions and wait
 * figures (QueuePosition is always 1), answering callbacks the server places (callers never press
 * * on hold: `callbackShare` is not used yet), agents who miss or refuse a call, retries of failed
 * webhooks, network latency between Twilio and the servers (everything is on one machine).
 */
import { readFileSync } from 'node:fs';
import { TwilioCall } from '../../src/emulator/twilio-call.js';
import { TwilioRestStandIn } from '../../src/emulator/twilio-rest-stand-in.js';
import { exponential, mulberry32 } from '../../src/reports/prng.js';
import { CallerScript, type CallerPath, type ScriptContext } from './call-script.js';
import type { CallOutcome, FromGenerator, GeneratorConfig, ToGenerator } from './protocol.js';
import { SimulatedAgents } from './simulated-agents.js';
import { IntervalCounters } from './stats.js';
import { playSeconds } from './twiml-timing.js';

/** Distinct caller numbers: a pool this size makes a repeat caller now and then, as on a real line. */
const CALLER_POOL = 200_000;

function readConfig(file: string | undefined): GeneratorConfig {
  if (!file) throw new Error('usage: generator.ts <config.json> (a GeneratorConfig, see bench/capacity/protocol.ts)');
  const config = JSON.parse(readFileSync(file, 'utf8')) as GeneratorConfig;
  const bad = (what: string) => new Error(`${file}: ${what}`);
  if (!config.instances?.length) throw bad('instances must name at least one Switchboard URL');
  if (!(config.timeScale > 0)) throw bad('timeScale must be a positive number');
  if (!config.publicBaseUrl || !config.to || !config.accountSid || !config.authToken)
    throw bad('publicBaseUrl, to, accountSid and authToken are all needed');
  const mix = config.mix;
  if (!mix) throw bad('mix is missing');
  for (const share of ['selfService', 'silentAtFirstMenu', 'callbackShare'] as const)
    if (!(mix[share] >= 0 && mix[share] <= 1)) throw bad(`mix.${share} must be a share from 0 to 1, not ${mix[share]}`);
  for (const mean of ['patienceMeanSeconds', 'talkMeanSeconds'] as const)
    if (!(mix[mean] > 0)) throw bad(`mix.${mean} must be a positive number of seconds, not ${mix[mean]}`);
  const [min, max] = mix.ringSeconds ?? [];
  if (!(min >= 0 && max >= min))
    throw bad(`mix.ringSeconds must be [min, max] seconds with 0 <= min <= max, not ${JSON.stringify(mix.ringSeconds)}`);
  return config;
}

const config = readConfig(process.argv[2]);
const tell = (message: FromGenerator) => process.send?.(message);
const random = mulberry32(config.seed);
const counters = new IntervalCounters();
const live = new Map<string, CallerScript>();
const outcomes: Record<CallOutcome, number> = { 'self-service': 0, connected: 0, voicemail: 0, abandoned: 0, callback: 0, lost: 0 };
const lost: { callSid: string; why: string }[] = [];
const callSids: string[] = [];
const DRAIN_HANGUPS_PER_SECOND = 25;
let draining = false;
let drainTimer: NodeJS.Timeout | undefined;
let arrivalTimer: NodeJS.Timeout | undefined;
let unfinished = 0;

const base = config.publicBaseUrl.replace(/\/+$/, '');
/** The fallback queue's waitUrl: in an answer, the caller was sent to the fallback. */
const FALLBACK_QUEUE_WAIT = /\/voice\/fallback-wait/;
const toInstance = (url: string) =>
  config.instances[Math.floor(random() * config.instances.length)].replace(/\/+$/, '') + url.slice(base.length);
const callSidOf = (path: string) => /\/Calls\/(CA[0-9a-fA-F]{32})\.json$/.exec(path)?.[1];

const twilio = await new TwilioRestStandIn({
  accountSid: config.accountSid,
  authToken: config.authToken,
  baseUrl: config.publicBaseUrl,
  transportUrl: toInstance,
  keepHistory: false,
  onRequest: (request, status) => {
    counters.restRequests++;
    // 400 is Twilio's 21220 for a call that has just ended (a caller hung up as routing rang an agent): a race real Twilio has too.
    if (status >= 300 && status !== 400) counters.error(`REST ${request.method} ${request.path} answered ${status}`);
    const sid = callSidOf(request.path);
    if (sid && status === 200 && (request.params.Url || request.params.Status === 'completed')) live.get(sid)?.replaced();
  },
  onDriven: (call) => live.get(call.callSid)?.driven(),
}).start();

const agents = new SimulatedAgents(random, config.mix, config.wrapUpSeconds ?? {});
const context: ScriptContext = {
  random,
  mix: config.mix,
  timeScale: config.timeScale,
  agents,
  counters,
  draining: () => draining,
  ended: (script, outcome, why) => {
    live.delete(script.call.callSid);
    twilio.forget(script.call);
    counters.callsEnded++;
    outcomes[outcome]++;
    if (outcome === 'lost') lost.push({ callSid: script.call.callSid, why: why ?? 'no reason given' });
    if (draining && live.size === 0) drained();
  },
};

/** Twilio plays a verb for as long as it lasts, scaled. */
function play(verb: Parameters<typeof playSeconds>[0]): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, playSeconds(verb) * 1000 * config.timeScale));
}

function placeCall(): void {
  const r = random();
  const mix = config.mix;
  // Self-service callers split between the order status and the hours; the others between the two queues.
  const path: CallerPath =
    r < mix.selfService ? (r < mix.selfService * 0.6 ? 'order-status' : 'opening-hours') : random() < 0.5 ? 'billing' : 'support';
  const call = twilio.register(
    new TwilioCall({
      baseUrl: config.publicBaseUrl,
      transportUrl: toInstance,
      authToken: config.authToken,
      accountSid: config.accountSid,
      from: `+1555${1_000_000 + Math.floor(random() * CALLER_POOL)}`,
      to: config.to,
      keepHistory: false,
      play,
      onRequest: (sent) => {
        counters.webhookMs.push(sent.ms);
        live.get(sent.params.CallSid)?.webhookAnswered(sent);
        if (sent.status === 0) counters.error(`no answer from ${sent.url}: ${sent.body.slice(0, 120)}`);
        // The server's fallback (the apology, then its fallback queue): it shed the webhook (overload)
        // or failed it. Valid TwiML, but not the flow: the caller heard it, so it is an error here.
        else if (FALLBACK_QUEUE_WAIT.test(sent.body) && !FALLBACK_QUEUE_WAIT.test(sent.url))
          counters.error(`the fallback answered ${new URL(sent.url).pathname} (the server shed or failed it)`);
        else if (sent.status < 200 || sent.status >= 300)
          counters.error(`HTTP ${sent.status} from ${sent.url}: ${sent.body.slice(0, 120)}`);
      },
    }),
  );
  const script = new CallerScript(call, path, random() < mix.silentAtFirstMenu, context);
  live.set(call.callSid, script);
  callSids.push(call.callSid);
  counters.callsStarted++;
  script.start();
}

function setRate(callsPerSecond: number): void {
  clearTimeout(arrivalTimer);
  if (draining || !(callsPerSecond > 0)) return;
  // Poisson arrivals: exponential gaps (memoryless, so a new rate can start from now).
  const nextArrival = () => {
    arrivalTimer = setTimeout(
      () => {
        placeCall();
        if (config.callLimit === undefined || callSids.length < config.callLimit) nextArrival();
        else tell({ type: 'placed', calls: callSids.length });
      },
      exponential(random, 1000 / callsPerSecond),
    );
  };
  nextArrival();
}

function sample(): void {
  let queued = 0;
  let talking = 0;
  for (const script of live.values()) {
    if (script.queued) queued++;
    else if (script.talking) talking++;
  }
  tell({ type: 'sample', ...counters.take(), concurrent: live.size, queued, talking, generatorRssBytes: process.memoryUsage.rss() });
}

function drain(timeoutSeconds: number): void {
  draining = true;
  clearTimeout(arrivalTimer);
  // Agents end their calls DRAIN_HANGUPS_PER_SECOND at a time, not all at once: 4,000 calls ending
  // within 30 s (three times the rate they end at 50 calls/s) made the servers shed webhooks to the
  // fallback; that measures the burst, not the centre.
  let turn = 0;
  for (const script of live.values())
    if (script.talking) setTimeout(() => script.agentHangsUpNow(), (turn++ / DRAIN_HANGUPS_PER_SECOND) * 1000 * config.timeScale);
  if (live.size === 0) return drained();
  drainTimer = setTimeout(() => {
    for (const script of [...live.values()]) {
      unfinished++;
      script.unfinished();
    }
  }, timeoutSeconds * 1000);
}

function drained(): void {
  clearTimeout(drainTimer);
  tell({ type: 'drained', outcomes, lost, callSids, unfinished });
}

process.on('message', (message: ToGenerator) => {
  if (message.type === 'rate') setRate(message.callsPerSecond);
  else if (message.type === 'sample') sample();
  else if (message.type === 'drain') drain(message.timeoutSeconds);
});
// The orchestrator gone, nobody is left to steer: stop.
process.on('disconnect', () => process.exit(0));
tell({ type: 'ready', restUrl: twilio.url });
