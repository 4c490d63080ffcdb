import { percentile } from '../support.js';
import type { Percentiles } from './protocol.js';

/** The bench's latency summary of `values` (ms), by the nearest-rank rule of bench/support.ts; all 0 when empty. */
export function percentiles(values: number[]): Percentiles {
  if (!values.length) return { count: 0, p50: 0, p99: 0, p999: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    p999: percentile(sorted, 99.9),
    max: sorted[sorted.length - 1],
  };
}
