/** A small seeded PRNG (mulberry32): the same seed gives the same simulated day on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An exponential variate with the given mean (1 − u avoids log(0); u is in [0, 1)). */
export const exponential = (random: () => number, mean: number): number => -mean * Math.log(1 - random());
