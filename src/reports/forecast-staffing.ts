import { erlangA, type ErlangAResult } from './erlang-a.js';
import { offeredLoad, serviceLevel } from './erlang-c.js';

/** One interval's demand: calls expected in it, their handle time, the group's threshold. */
export interface IntervalDemand {
  calls: number;
  intervalSeconds: number;
  ahtSeconds: number;
  thresholdSeconds: number;
  /** The share to answer within the threshold, e.g. 0.8. */
  target: number;
}

export interface ErlangCStaffing {
  agents: number;
  serviceLevel: number | null;
}
export interface ErlangAStaffing extends ErlangCStaffing {
  abandonment: number | null;
}

const rate = (d: IntervalDemand) => d.calls / d.intervalSeconds;

/** The fewest agents whose Erlang C service level meets the target: always more than the load. */
export function erlangCAgents(d: IntervalDemand): ErlangCStaffing {
  if (d.calls <= 0) return { agents: 0, serviceLevel: null };
  const q = { arrivalsPerSecond: rate(d), ahtSeconds: d.ahtSeconds, agents: 0 };
  q.agents = Math.floor(offeredLoad(q)) + 1;
  while (serviceLevel(q, d.thresholdSeconds) < d.target) q.agents++;
  return { agents: q.agents, serviceLevel: serviceLevel(q, d.thresholdSeconds) };
}

/**
 * The fewest agents whose Erlang A service level meets the target. Callers who give up never
 * make the queue longer for those behind, so Erlang A needs no more agents than Erlang C: the
 * search walks down from Erlang C's answer (service level grows with agents).
 */
export function erlangAAgents(d: IntervalDemand, patienceSeconds: number): ErlangAStaffing {
  if (d.calls <= 0) return { agents: 0, serviceLevel: null, abandonment: null };
  const at = (agents: number): ErlangAResult =>
    erlangA({ arrivalsPerSecond: rate(d), ahtSeconds: d.ahtSeconds, agents, patienceSeconds }, d.thresholdSeconds);
  let agents = erlangCAgents(d).agents;
  let result = at(agents);
  while (agents > 1) {
    const fewer = at(agents - 1);
    if (fewer.serviceLevel < d.target) break;
    agents--;
    result = fewer;
  }
  return { agents, serviceLevel: result.serviceLevel, abandonment: result.abandonment };
}
