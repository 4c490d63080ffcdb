import { CLAIM_BATCH } from '../src/routing/router.js';
import type { ClaimStep } from './claim-plan.js';
import type { RoutingFigures } from './routing.js';
import type { RoutingSweep } from './routing-sweep.js';
import { n, type Row } from './support.js';

const cpu = (us: number | undefined) => (us === undefined ? 'n/a' : `${n(us)} µs`);

/** The bench table's rows for the routing section. */
export function routingRows(r: RoutingFigures): Row[] {
  const s = '3 routing';
  return [
    [s, `decisions/s (${r.decisions} matches, 2 routers)`, `${n(r.decisionsPerSecond)}/s`, 'goal ≥ 2,000/s', r.decisionsPerSecond >= 2000],
    [s, `one claim statement (≤ ${CLAIM_BATCH} matches): p50 / p99`, `${n(r.claimP50, 1)} / ${n(r.claimP99, 1)} ms`, '', null],
    [s, 'database CPU per decision (routers’ backends)', cpu(r.serverCpuPerDecision), '', null],
    [
      s,
      `caller queued → assignment committed: p50 / p99 (${r.eventsMeasured})`,
      `${n(r.eventP50, 1)} / ${n(r.eventP99, 1)} ms`,
      'goal p99 ≤ 20 ms',
      r.eventP99 <= 20,
    ],
    [s, 'double bookings', String(r.doubleBookings), 'goal 0', r.doubleBookings === 0],
    [
      s,
      `offers out of order in their group, 2 routers: callers / agents passed over (of ${r.order.offers})`,
      `${r.order.callersOutOfOrder} / ${r.order.agentsOutOfOrder}`,
      'goal 0 / 0',
      r.order.callersOutOfOrder === 0 && r.order.agentsOutOfOrder === 0,
    ],
  ];
}

/** The sweep's rows (one per centre size), then the claim's statements at the largest size. */
export function routingSweepRows(sweep: RoutingSweep): Row[] {
  const s = '3 routing sweep';
  const rows: Row[] = sweep.cells.map((c) => [
    s,
    `${n(c.agents)} agents, ${n(c.waiting)} waiting: decisions/s; claim p50 / p99; CPU per decision; claim matching nobody (${n(c.leftWaiting)} left)`,
    `${n(c.decisionsPerSecond)}/s; ${n(c.claimP50, 1)} / ${n(c.claimP99, 1)} ms; ${cpu(c.serverCpuPerDecision)}; ${n(c.emptyClaimMs, 1)} ms`,
    `${n(c.decisions)} matches`,
    null,
  ]);
  const plan = (what: string, steps: ClaimStep[] | undefined): Row[] =>
    steps
      ? steps
          .filter((x) => x.rowsExamined > 0 || x.ms >= 0.5)
          .slice(0, 4)
          .map((x) => [
            s,
            `${what}: ${x.statement}…`,
            `${x.runs}×, ${n(x.ms, 1)} ms, ${n(x.rowsExamined)} rows, ${n(x.buffers)} buffers`,
            x.indexes || 'no index',
            null,
          ])
      : [[s, `${what}: plans`, 'n/a (auto_explain needs a superuser)', '', null]];
  const { largest: l, nobodyMatched: m } = sweep;
  if (l) rows.push(...plan(`${n(l.agents)} agents, ${n(l.waiting)} waiting, one full claim`, l.steps));
  if (m) rows.push(...plan(`${n(m.agents)} agents, ${n(m.leftWaiting)} left waiting, a claim matching nobody`, m.steps));
  return rows;
}
