/**
 * Erlang A (M/M/N+M, Palm's model): Erlang C plus callers who give up. Each waiting caller's
 * patience is exponential with mean `patienceSeconds`. λ in calls per second, AHT and t in seconds.
 * Unlike Erlang C it has an answer for any load: callers who leave keep the queue finite.
 */
export interface ErlangAInput {
  arrivalsPerSecond: number;
  ahtSeconds: number;
  agents: number;
  patienceSeconds: number;
}

export interface ErlangAResult {
  /** An arriving caller finds every agent busy. */
  probabilityOfWait: number;
  /** Answered within t ÷ offered (answered at once counts; abandoned never does). */
  serviceLevel: number;
  /** Abandoned ÷ offered. */
  abandonment: number;
}

/** States are truncated once their remaining probability is below this (relative to the total). */
const TAIL = 1e-13;

/**
 * The birth-death chain: π(n+1)/π(n) = λ / death(n+1), death(n) = n·μ up to N agents, then
 * N·μ + (n−N)·θ (the n−N waiting callers each leave at rate θ). Rescaled as it grows so that
 * hundreds of agents do not overflow.
 */
function stateProbabilities(q: ErlangAInput): number[] {
  const mu = 1 / q.ahtSeconds;
  const theta = 1 / q.patienceSeconds;
  const w = [1];
  let total = 1;
  for (let n = 1; ; n++) {
    const death = n <= q.agents ? n * mu : q.agents * mu + (n - q.agents) * theta;
    const next = (w[n - 1] * q.arrivalsPerSecond) / death;
    w.push(next);
    total += next;
    if (total > 1e250) {
      for (let i = 0; i < w.length; i++) w[i] /= total;
      total = 1;
    }
    if (n > q.agents && q.arrivalsPerSecond < death && next < TAIL * total) break;
  }
  return w.map((x) => x / total);
}

/**
 * A caller who finds j others waiting passes j+1 stages: with i callers ahead the line moves at
 * N·μ + i·θ and the caller leaves at θ, so each stage lasts Exp(s_i = N·μ + (i+1)·θ) and is
 * survived with p_i = (N·μ + i·θ)/s_i, independently of its length. So P(answered within t | j) =
 * Π p_i · P(Σ Exp(s_i) ≤ t); the hypoexponential sum is computed for every j at once by
 * uniformization (a Poisson number of jumps at the largest rate), which stays stable for any j.
 */
export function erlangA(q: ErlangAInput, thresholdSeconds: number): ErlangAResult {
  if (!(q.patienceSeconds > 0 && q.ahtSeconds > 0 && q.agents >= 1 && q.arrivalsPerSecond > 0))
    throw new RangeError('Erlang A needs calls, a handle time, a patience above 0 and at least one agent');
  const pi = stateProbabilities(q);
  const n = q.agents;
  const mu = 1 / q.ahtSeconds;
  const theta = 1 / q.patienceSeconds;
  const waitingStates = Math.max(pi.length - n, 0);
  let probabilityOfWait = 0;
  let meanQueue = 0;
  // stages[m]: the probability mass, already weighted by surviving every stage, with m stages to go.
  const stages = new Float64Array(waitingStates + 1);
  let survive = 1;
  for (let j = 0; j < waitingStates; j++) {
    const p = pi[n + j];
    probabilityOfWait += p;
    meanQueue += j * p;
    survive *= (n * mu + j * theta) / (n * mu + (j + 1) * theta);
    stages[j + 1] = p * survive;
  }
  const rate = (m: number) => n * mu + m * theta; // s_{m−1}: the rate of the stage with m to go
  const lambdaT = rate(waitingStates) * thresholdSeconds;
  let answeredInTime = 0;
  let logPoisson = -lambdaT;
  const steps = Math.ceil(lambdaT + 12 * Math.sqrt(lambdaT) + 30);
  for (let k = 0; k <= steps; k++) {
    if (k > 0) {
      logPoisson += Math.log(lambdaT / k);
      for (let m = 1; m <= waitingStates; m++) {
        const move = (stages[m] * rate(m)) / rate(waitingStates);
        stages[m] -= move;
        stages[m - 1] += move;
      }
    }
    answeredInTime += Math.exp(logPoisson) * stages[0];
  }
  return {
    probabilityOfWait,
    serviceLevel: 1 - probabilityOfWait + answeredInTime,
    abandonment: (theta * meanQueue) / q.arrivalsPerSecond,
  };
}
