/**
 * Erlang C (M/M/N, callers wait forever): the textbook forecast a real queue is checked against.
 * λ in calls per second, AHT and t in seconds. Erlang C ignores abandonment, so real waits are a floor.
 */
export interface ErlangCInput {
  arrivalsPerSecond: number;
  ahtSeconds: number;
  agents: number;
}

/** Offered load A = λ·AHT (Erlangs). */
export const offeredLoad = (q: ErlangCInput): number => q.arrivalsPerSecond * q.ahtSeconds;

/**
 * P(wait) = X / (Σ_{k<N} A^k/k! + X), X = (A^N/N!)·N/(N−A). Computed through the Erlang B recurrence
 * B(k) = A·B(k−1) / (k + A·B(k−1)), C = N·B / (N − A(1 − B)): the same value without factorials,
 * so large centres (N in the hundreds) do not overflow.
 */
export function probabilityOfWait(q: ErlangCInput): number {
  const a = offeredLoad(q);
  if (!(q.agents > a)) throw new RangeError(`Erlang C needs more agents (${q.agents}) than the offered load (${a.toFixed(3)} Erlangs)`);
  let b = 1;
  for (let k = 1; k <= q.agents; k++) b = (a * b) / (k + a * b);
  return (q.agents * b) / (q.agents - a * (1 - b));
}

/** SL(t) = 1 − P(wait)·e^{−(N−A)·t/AHT}: the share answered within t seconds. */
export function serviceLevel(q: ErlangCInput, thresholdSeconds: number): number {
  const a = offeredLoad(q);
  return 1 - probabilityOfWait(q) * Math.exp((-(q.agents - a) * thresholdSeconds) / q.ahtSeconds);
}

/** ASA = P(wait)·AHT/(N−A), in seconds. */
export function averageSpeedOfAnswer(q: ErlangCInput): number {
  return (probabilityOfWait(q) * q.ahtSeconds) / (q.agents - offeredLoad(q));
}
