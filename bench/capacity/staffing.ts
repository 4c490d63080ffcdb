// How many agents the capacity bench seeds: enough for the queued share of the calls at a rate, so
// a step is limited by Switchboard, never by a queue that grows because nobody is free.
import type { CallMix } from './protocol.js';

/** Above the offered load: Erlang C at thousands of agents needs only a few per cent (10 % is generous). */
export const STAFFING_MARGIN = 1.1;

/**
 * Offered erlangs = queued calls per second × how long each holds an agent (ring + talk + wrap-up);
 * the agents seeded are that plus the margin, rounded up.
 */
export function agentsFor(callsPerSecond: number, mix: CallMix, wrapUpSeconds: number): number {
  if (!(callsPerSecond > 0)) throw new Error(`staffing rate must be a positive number of calls per second, not ${callsPerSecond}`);
  const ringMean = (mix.ringSeconds[0] + mix.ringSeconds[1]) / 2;
  const erlangs = callsPerSecond * (1 - mix.selfService) * (ringMean + mix.talkMeanSeconds + wrapUpSeconds);
  return Math.ceil(erlangs * STAFFING_MARGIN);
}
