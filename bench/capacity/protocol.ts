// The capacity bench's two processes talk over Node's IPC channel (child_process.fork): the
// orchestrator (bench/capacity/run.ts) steers, the load generator (bench/capacity/generator.ts)
// plays Twilio for every call. Both sides import these types, so a message cannot drift.

/** How the generator is started: argv[2] is a JSON file holding this. */
export interface GeneratorConfig {
  /** PUBLIC_BASE_URL of the servers: every webhook is signed on it. */
  publicBaseUrl: string;
  /** The Switchboard instances; each webhook of each call goes to one of them at random. */
  instances: string[];
  accountSid: string;
  authToken: string;
  /** The numbers callers dial (the bench flow's `numbers`). */
  to: string;
  /** Seed of the generator's PRNG (arrivals, paths, handle times): the same seed, the same run. */
  seed: number;
  /** Every Twilio and human delay is multiplied by this (1 in the bench; small in the test). */
  timeScale: number;
  mix: CallMix;
  /**
   * Each group's wrap-up seconds (skill_groups.wrap_up_seconds; real time, the server counts it):
   * an agent is free again this long after hanging up, where routing latency starts for a caller
   * already waiting. A group not named: 0.
   */
  wrapUpSeconds?: Record<string, number>;
  /** Place at most this many calls, then tell `placed` (a test's short run); unset: no limit. */
  callLimit?: number;
}

/** What callers and agents do; times in seconds before `timeScale`. */
export interface CallMix {
  /** Share of calls that end in the IVR (self-service); the rest ask for a queue. */
  selfService: number;
  /** Share of callers who say nothing at the first menu (Twilio's time-out, then the re-prompt). */
  silentAtFirstMenu: number;
  /** Mean patience of a queued caller (exponential); who waits longer hangs up (abandoned by the script). */
  patienceMeanSeconds: number;
  /** The agent's phone rings this long (uniform min..max) before they answer. */
  ringSeconds: [min: number, max: number];
  /** Mean talk time (exponential), agent answers to agent hangs up. */
  talkMeanSeconds: number;
  /**
   * Share of waiting callers who press the callback key when offered (0 turns it off). Not used
   * yet: the generator's callers never press * on hold, so no call ends as `callback`.
   */
  callbackShare: number;
}

export type ToGenerator =
  /** Poisson arrivals at this mean rate from now on (0 stops new calls). */
  | { type: 'rate'; callsPerSecond: number }
  /** Report what happened since the last sample (and start a new interval). */
  | { type: 'sample' }
  /** No new calls; agents end the calls they are on now; answer when every call has ended. */
  | { type: 'drain'; timeoutSeconds: number };

export type FromGenerator =
  /** The REST stand-in listens (the servers' TWILIO_API_BASE_URL). */
  | { type: 'ready'; restUrl: string }
  /** `callLimit` calls have been placed; no more will be. */
  | { type: 'placed'; calls: number }
  | ({ type: 'sample' } & GeneratorSample)
  | ({ type: 'drained' } & GeneratorFinal);

export interface Percentiles {
  count: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

/** One interval between two `sample` messages. */
export interface GeneratorSample {
  seconds: number;
  callsStarted: number;
  callsEnded: number;
  /** Calls in progress at the end of the interval (dialled, not yet ended). */
  concurrent: number;
  /** Of those, waiting in a queue / talking to an agent. */
  queued: number;
  talking: number;
  webhooks: number;
  /** Every webhook's latency, request sent to response read, ms. */
  webhookMs: Percentiles;
  /** Caller enqueued (or agent free, whichever was later) → the agent's phone rings, ms. */
  routingMs: Percentiles;
  /** Non-200 answers, faults (invalid TwiML, application error), REST requests that failed. */
  errors: number;
  /** A few of the errors, in words, for the report. */
  errorExamples: string[];
  restRequests: number;
  /** The generator's own CPU (user+system) over the interval, s: it shares the machine. */
  generatorCpuSeconds: number;
  /** The generator's resident memory at the end of the interval, bytes (its share of the machine's). */
  generatorRssBytes?: number;
  /** Calls found lost in the interval (not ending as their script expects); a step with any did not hold. */
  lost?: number;
}

export type CallOutcome = 'self-service' | 'connected' | 'voicemail' | 'abandoned' | 'callback' | 'lost';

export interface GeneratorFinal {
  /** Every call placed, by how it ended; `lost` must be 0. */
  outcomes: Record<CallOutcome, number>;
  /** Each call that did not end as its script expected, with why (call sid, what it waited on). */
  lost: { callSid: string; why: string }[];
  /** Every call sid placed (the orchestrator checks each against the database). */
  callSids: string[];
  /** Calls still on the line when the drain timed out (counted in `lost`). */
  unfinished: number;
}
