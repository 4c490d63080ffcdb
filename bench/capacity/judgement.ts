// Whether one step of the capacity bench held: the goals the reported rate must meet, checked on
// that step's own sample. Pure, so its rules are unit-tested.
import type { DashboardSample } from './dashboards.js';
import type { GeneratorSample } from './protocol.js';

export interface Bounds {
  webhookP99Ms: number;
  routingP99Ms: number;
  liveP99Ms: number;
}

/** Probes at an interval's end whose views may land in the next interval (one a second, ≤ 1 s late). */
const PROBES_STRADDLING = 2;

/**
 * Webhook p99 100 ms: the goal (a caller notices silence after a key press at about 0.5 s).
 * Routing 500 ms: from a possible match to the agent's phone ringing, well inside the 2–6 s the
 * phone then rings. Live stream 5 s: a supervisor's floor view; Amazon Connect's real-time metrics
 * refresh every 15 s, so a third of that is a fair bar (the agent's own console is another stream).
 */
export const DEFAULT_BOUNDS: Bounds = { webhookP99Ms: 100, routingP99Ms: 500, liveP99Ms: 5000 };

/**
 * Fewest calls a Poisson process at this mean places in an interval, short of being behind: four
 * standard deviations below the mean (a false alarm once in 30,000 steps). The generator shares
 * the CPU with the servers; a step it could not offer in full did not hold.
 */
export const fewestCallsPlaced = (expected: number) => expected - 4 * Math.sqrt(expected);

/** Every reason the step did not hold; empty: it held. */
export function whyNotHeld(
  rate: number,
  sample: GeneratorSample,
  live: DashboardSample,
  dashboards: number,
  bounds: Bounds = DEFAULT_BOUNDS,
): string[] {
  const why: string[] = [];
  const offered = rate * sample.seconds;
  if (sample.callsStarted < fewestCallsPlaced(offered))
    why.push(`${sample.callsStarted} calls placed of ${Math.round(offered)} asked (generator behind)`);
  if (sample.webhooks === 0) why.push('no webhook answered');
  if (sample.webhookMs.p99 > bounds.webhookP99Ms) why.push(`webhook p99 ${sample.webhookMs.p99.toFixed(1)} ms > ${bounds.webhookP99Ms} ms`);
  if (sample.lost) why.push(`${sample.lost} callers lost`);
  if (sample.errors > 0) why.push(`${sample.errors} errors (${sample.errorExamples.slice(0, 2).join('; ')})`);
  // Some callers queue in every step: none routed means routing (or its measurement) is broken.
  if (sample.routingMs.count === 0) why.push('no caller was routed to an agent');
  else if (sample.routingMs.p99 > bounds.routingP99Ms)
    why.push(`routing p99 ${sample.routingMs.p99.toFixed(0)} ms > ${bounds.routingP99Ms} ms`);
  if (live.dropped > 0) why.push(`${live.dropped} dashboard streams dropped`);
  if (live.failedProbes > 0) why.push(`${live.failedProbes} probe changes failed`);
  // A view is counted when seen: the last probes of an interval may be seen in the next one.
  const views = live.probes * dashboards;
  if (live.latencyMs.count < views - PROBES_STRADDLING * dashboards)
    why.push(`${views - live.latencyMs.count} of ${views} probe views never arrived`);
  if (live.latencyMs.count === 0) why.push('no live-stream update reached the dashboards');
  else if (live.latencyMs.p99 > bounds.liveP99Ms) why.push(`live-stream p99 ${live.latencyMs.p99.toFixed(0)} ms > ${bounds.liveP99Ms} ms`);
  return why;
}
