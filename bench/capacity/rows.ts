// The capacity section's lines in the bench table, and its per-step table; every figure from the run.
import { n, type Row } from '../support.js';
import type { CapacityResult, Interval } from './run.js';

const S = '7 capacity';
const ms = (x: number) => `${n(x, 1)} ms`;
const cpu = (i: Interval) => i.processes.map((p) => `${p.name} ${n(p.cpuPercent)} %`).join(', ');

export function capacityRows(r: CapacityResult): Row[] {
  const { settings: s, soak, final, accounting: a } = r;
  const atRate = r.steps.find((x) => x.rate === r.heldRate);
  // The figures at the reported rate: the step that held; when none held, the first step (a NO).
  const at = atRate ?? r.steps[0];
  const g = at.generator;
  const failed = r.steps.find((x) => x.missed.length);
  const heldIntervals = [...r.steps.filter((x) => !x.missed.length), soak];
  const errors = heldIntervals.reduce((sum, x) => sum + x.generator.errors, 0);
  const lost = final.outcomes.lost;
  const outcomes = Object.entries(final.outcomes)
    .filter(([k]) => k !== 'lost')
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(', ');
  const bestCeiling = r.ceiling.reduce((best, x) => (x.tps > best.tps ? x : best), r.ceiling[0]);
  const fraction = at.commitsPerSecond / bestCeiling.tps;
  const rate = r.heldRate ?? 0;
  return [
    [
      S,
      `new calls/s held (Poisson, steps of ${n(s.stepSeconds)} s: ${r.steps.map((x) => x.rate).join(', ')}/s${failed ? `; ${failed.rate}/s missed: ${failed.missed.join('; ')}` : ''})`,
      r.heldRate === undefined ? 'none held' : `${n(rate)}/s`,
      'goal ≥ 50/s',
      rate >= 50,
    ],
    [
      S,
      `concurrent calls held: at the end of a ${n(s.soakSeconds)} s soak at ${n(soak.rate)}/s (queued / talking)`,
      `${n(soak.generator.concurrent)} (${n(soak.generator.queued)} / ${n(soak.generator.talking)})`,
      'goal ≥ 10,000',
      r.heldRate !== undefined && soak.missed.length === 0 && soak.generator.concurrent >= 10_000,
    ],
    [
      S,
      `soak at ${n(soak.rate)}/s: webhook p99; routing p99; live-stream p99; held`,
      `${ms(soak.generator.webhookMs.p99)}; ${ms(soak.generator.routingMs.p99)}; ${ms(soak.live.latencyMs.p99)}; ${soak.missed.length ? 'NO: ' + soak.missed.join('; ') : 'yes'}`,
      'every bound below',
      soak.missed.length === 0,
    ],
    [S, `webhooks/s at ${n(at.rate)}/s (both servers)`, `${n(g.webhooks / g.seconds)}/s`, '', null],
    [
      S,
      `webhook latency at ${n(at.rate)}/s: p50 / p99 / p99.9 (${n(g.webhookMs.count)})`,
      `${n(g.webhookMs.p50, 1)} / ${n(g.webhookMs.p99, 1)} / ${n(g.webhookMs.p999, 1)} ms`,
      `goal p99 ≤ ${s.bounds.webhookP99Ms} ms`,
      g.webhookMs.p99 <= s.bounds.webhookP99Ms,
    ],
    [
      S,
      `routing, queued (or agent free) → agent ringing: p50 / p99 (${n(g.routingMs.count)})`,
      `${n(g.routingMs.p50)} / ${n(g.routingMs.p99)} ms`,
      `bound p99 ≤ ${n(s.bounds.routingP99Ms)} ms`,
      g.routingMs.p99 <= s.bounds.routingP99Ms,
    ],
    [
      S,
      `live stream, a probe change → each of ${s.dashboards} dashboards: p99 (${n(at.live.probes)} probes, ${n(at.live.latencyMs.count)} views, ${n(at.live.dropped)} streams dropped)`,
      ms(at.live.latencyMs.p99),
      `bound p99 ≤ ${n(s.bounds.liveP99Ms)} ms`,
      at.live.latencyMs.count > 0 && at.live.latencyMs.p99 <= s.bounds.liveP99Ms,
    ],
    [S, 'errors (steps that held and the soak)', n(errors), 'goal 0', errors === 0],
    [
      S,
      `callers lost of ${n(final.callsPlaced)} (${outcomes})`,
      `${n(lost)}${
        final.lost.length
          ? ` (${final.lost
              .slice(0, 2)
              .map((x) => `${x.callSid}: ${x.why}`)
              .join('; ')})`
          : ''
      }`,
      'goal 0',
      lost === 0,
    ],
    [
      S,
      'after the drain: calls not ended in the database; entries waiting; assignments active',
      `${n(a.callsNotEnded)}; ${n(a.entriesWaiting)}; ${n(a.assignmentsActive)}`,
      '0; 0; 0',
      a.callsNotEnded + a.entriesWaiting + a.assignmentsActive === 0,
    ],
    [S, `double bookings over the run (${n(a.assignments)} assignments)`, n(a.doubleBookings), 'goal 0', a.doubleBookings === 0],
    ...at.processes.map((p): Row => [
      S,
      `${p.name} at ${n(at.rate)}/s: CPU (% of one core), RSS`,
      `${n(p.cpuPercent)} %, ${n(p.rssMb)} MB`,
      '',
      null,
    ]),
    [S, 'WAL per call placed (whole run)', `${n(r.walBytesPerCall / 1024, 1)} kB`, '', null],
    [
      S,
      `database ceiling: pgbench, the webhook's transaction (clients ${r.ceiling.map((x) => x.clients).join(', ')})`,
      `${n(bestCeiling.tps)} tps (${bestCeiling.clients} clients, ${ms(bestCeiling.latencyMs)})`,
      '',
      null,
    ],
    [
      S,
      `Switchboard's commits/s at ${n(at.rate)}/s, share of the ceiling`,
      `${n(at.commitsPerSecond)}/s = ${n(100 * fraction, 1)} %`,
      '',
      null,
    ],
    // The profile's time waiting for work is no function's cost.
    ...r.profile
      .filter((f) => f.fn !== '(idle)')
      .slice(0, 5)
      .map((f, i): Row => [
        S,
        `server A, top functions by self time over ${n(s.profileSeconds)} s at ${n(soak.rate)}/s: #${i + 1} ${f.fn}${f.where ? ` (${f.where})` : ''}`,
        `${n(f.selfPct, 1)} % (${n(f.selfMs)} ms)`,
        '',
        null,
      ]),
  ];
}

/** Every step, for latest.md: what each rate did and why the last one stopped. */
export function stepTable(r: CapacityResult): string {
  const header = '| rate/s | placed/s | concurrent | webhooks/s | webhook p50 / p99 ms | routing p99 ms | live p99 ms | CPU | held |';
  const line = (label: string, x: Interval) =>
    `| ${label} | ${n(x.generator.callsStarted / x.generator.seconds, 1)} | ${n(x.generator.concurrent)} | ${n(x.generator.webhooks / x.generator.seconds)} | ${n(x.generator.webhookMs.p50, 1)} / ${n(x.generator.webhookMs.p99, 1)} | ${n(x.generator.routingMs.p99)} | ${n(x.live.latencyMs.p99)} | ${cpu(x)} | ${x.missed.length ? 'NO: ' + x.missed.join('; ') : 'yes'} |`;
  return [
    '## Capacity steps',
    '',
    header,
    `|${'---|'.repeat(9)}`,
    ...r.steps.map((x) => line(n(x.rate), x)),
    line(`soak ${n(r.soak.rate)}`, r.soak),
  ].join('\n');
}
