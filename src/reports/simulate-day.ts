import { exponential, mulberry32 } from './prng.js';

/**
 * An M/M/N queue served first come, first served, simulated call by call: Poisson arrivals,
 * exponential handle times, nobody abandons (the assumptions of Erlang C). Pure, so tests and
 * benchmarks can write its records wherever they like.
 */
export interface SimulationInput {
  seed: number;
  arrivalsPerSecond: number;
  ahtSeconds: number;
  agents: number;
  hours: number;
  /** Epoch milliseconds of the first possible arrival. */
  startMs: number;
}

export interface SimulatedCall {
  /** Epoch milliseconds (whole: the database keeps microseconds, reports round to milliseconds). */
  arrivedMs: number;
  answeredMs: number;
  endedMs: number;
  /** 0-based index of the agent who took it. */
  agent: number;
}

export function simulateDay(input: SimulationInput): SimulatedCall[] {
  const random = mulberry32(input.seed);
  const endMs = input.startMs + input.hours * 3_600_000;
  // When each agent is next free. FIFO with identical agents: each caller, in arrival order, goes to
  // the agent who frees up first, at the later of the arrival and that moment, which is exactly
  // what an event-by-event M/M/N simulation does, without an event list.
  const freeAt = new Array<number>(input.agents).fill(input.startMs);
  const calls: SimulatedCall[] = [];
  let t = input.startMs;
  for (;;) {
    t += exponential(random, 1000 / input.arrivalsPerSecond);
    if (t >= endMs) break;
    const arrivedMs = Math.round(t);
    let agent = 0;
    for (let i = 1; i < freeAt.length; i++) if (freeAt[i] < freeAt[agent]) agent = i;
    const answeredMs = Math.max(arrivedMs, freeAt[agent]);
    const endedMs = answeredMs + Math.max(1, Math.round(exponential(random, input.ahtSeconds * 1000)));
    freeAt[agent] = endedMs;
    calls.push({ arrivedMs, answeredMs, endedMs, agent });
  }
  return calls;
}

/** The share of calls answered within `thresholdSeconds` and the mean wait, as a quick in-memory check. */
export function summarise(calls: SimulatedCall[], thresholdSeconds: number): { serviceLevel: number; asaSeconds: number } {
  let within = 0;
  let waited = 0;
  for (const c of calls) {
    const wait = c.answeredMs - c.arrivedMs;
    if (wait <= thresholdSeconds * 1000) within++;
    waited += wait;
  }
  return { serviceLevel: within / calls.length, asaSeconds: waited / 1000 / calls.length };
}
