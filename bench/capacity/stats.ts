import type { GeneratorSample, Percentiles } from './protocol.js';

/** Exact percentiles of one interval's values (sorted once: a few hundred thousand numbers sort in milliseconds). */
export function percentiles(values: number[]): Percentiles {
  if (!values.length) return { count: 0, p50: 0, p99: 0, p999: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  // Nearest rank: the smallest value with at least q of the values at or below it.
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: sorted[sorted.length - 1] };
}

/** What happened between two `sample` messages; `take` hands it over and starts the next interval. */
export class IntervalCounters {
  callsStarted = 0;
  callsEnded = 0;
  webhookMs: number[] = [];
  routingMs: number[] = [];
  errors = 0;
  errorExamples: string[] = [];
  restRequests = 0;
  private startedAt = performance.now();
  private cpu = process.cpuUsage();

  error(example: string): void {
    this.errors++;
    // A few examples say what went wrong; thousands of the same would say nothing more.
    if (this.errorExamples.length < 5) this.errorExamples.push(example);
  }

  /** The interval's figures (the generator adds what it sees of the calls in progress). */
  take(): Omit<GeneratorSample, 'concurrent' | 'queued' | 'talking' | 'generatorRssBytes'> {
    const cpu = process.cpuUsage(this.cpu);
    const taken = {
      seconds: (performance.now() - this.startedAt) / 1000,
      callsStarted: this.callsStarted,
      callsEnded: this.callsEnded,
      webhooks: this.webhookMs.length,
      webhookMs: percentiles(this.webhookMs),
      routingMs: percentiles(this.routingMs),
      errors: this.errors,
      errorExamples: this.errorExamples,
      restRequests: this.restRequests,
      generatorCpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
    Object.assign(this, new IntervalCounters());
    return taken;
  }
}
