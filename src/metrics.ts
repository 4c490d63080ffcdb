import client from 'prom-client';
import { agentCounts, queueCounts } from './db/queries/gauges.js';
import { targetStandings, type TargetStanding } from './db/queries/targets.js';
import { JUDGED_KPIS, judgeTargets } from './reports/target-status.js';
import type { ServiceLevelFormula } from './config.js';
import type { Pool } from './db/pool.js';

/**
 * Prometheus metrics. Counters and histograms are updated where things happen; queue sizes and
 * agents by state are read from the database when Prometheus scrapes (shared by all instances).
 * docs/metrics.md lists every metric; test/operations/metrics-table.test.ts keeps it exact.
 */
export class Metrics {
  readonly registry = new client.Registry();
  /** A counter in this registry (declared before the fields below, which call it as they initialise). */
  private counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new client.Counter<L>({ name, help, labelNames, registers: [this.registry] });
  readonly webhookSeconds = new client.Histogram({
    name: 'switchboard_webhook_duration_seconds',
    help: 'Time to answer a Twilio voice webhook',
    labelNames: ['route', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 8],
    registers: [this.registry],
  });
  readonly errors = this.counter('switchboard_errors_total', 'Faults, by where they happened', ['where']);
  readonly routingDecisionSeconds = new client.Histogram({
    name: 'switchboard_routing_decision_duration_seconds',
    help: 'Time for one routing claim (match a caller with an agent)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25],
    registers: [this.registry],
  });
  readonly flowReloads = this.counter(
    'switchboard_flow_reloads_total',
    'Reloads of the flows folder, by result (ok; errors: some flow kept its previous version; failed: nothing reloaded)',
    ['result'],
  );
  readonly webhookRefusals = this.counter(
    'switchboard_webhook_refusals_total',
    'Twilio webhooks refused with 403: no or bad signature, another account, parameters not matching the call',
    ['reason'],
  );
  readonly callbackRefusals = this.counter(
    'switchboard_callback_refusals_total',
    'Callback numbers refused by the callback policy, when booked or when about to be dialled',
    ['reason'],
  );
  readonly routingDecisions = this.counter('switchboard_routing_decisions_total', 'Callers matched with agents', ['kind', 'group']);
  readonly routingMisses = this.counter(
    'switchboard_routing_misses_total',
    'Rings that ended without the agent taking the call (no-answer, busy, failed, rejected: declined at the whisper or hung up), by kind (inbound, callback)',
    ['kind', 'outcome'],
  );
  readonly signInRefusals = this.counter(
    'switchboard_sign_in_refusals_total',
    'Sign-ins refused: wrong username or password, or held back by the back-off (throttled)',
    ['reason'],
  );
  readonly smsMessages = this.counter(
    'switchboard_sms_messages_total',
    'Text messages the outbox handled, by outcome: sent (Twilio took it), refused (opted out), failed (Twilio refused it, or gave up), retry (tried again later)',
    ['outcome'],
  );
  readonly lostInputs = this.counter(
    'switchboard_lost_inputs_total',
    'What a caller keyed or said that could not be stored (its webhook failed) and that Twilio cannot give again; the log line has it',
    ['kind'],
  );

  readonly callsStarted = this.counter('switchboard_calls_started_total', 'Calls answered by a flow (their call row created), by flow id', [
    'flow',
  ]);
  readonly callsEnded = this.counter(
    'switchboard_calls_ended_total',
    "Calls closed, once each, by Twilio's final call status (completed, busy, no-answer, failed, canceled)",
    ['status'],
  );

  /** `timezone`: the centre's, where "today" of the live service level starts; `serviceLevelFormula` the centre's. */
  constructor(pool: Pool, timezone: () => string, serviceLevelFormula: ServiceLevelFormula) {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'switchboard_' });
    // This instance's own connections, read from the pool (no query). Registered before the gauges
    // read from the database, so the scrape's own queries are not counted as the application's.
    new client.Gauge({
      name: 'switchboard_db_pool_connections',
      help: "This instance's database connections: in-use (checked out) or idle",
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        this.set({ state: 'in-use' }, pool.totalCount - pool.idleCount);
        this.set({ state: 'idle' }, pool.idleCount);
      },
    });
    new client.Gauge({
      name: 'switchboard_db_pool_waiting',
      help: 'Queries of this instance waiting for a database connection (all in use, or one being opened)',
      registers: [this.registry],
      collect() {
        this.set(pool.waitingCount);
      },
    });
    // Read from the database on scrape. One that fails (the database down, the pool exhausted) is
    // left out of that scrape and counted, instead of failing the whole page with the pool figures.
    const errors = this.errors;
    const fromDatabase = (fill: (gauge: client.Gauge) => Promise<void>) =>
      async function (this: client.Gauge) {
        try {
          await fill(this);
        } catch {
          this.reset();
          errors.inc({ where: 'metrics-database' });
        }
      };
    new client.Gauge({
      name: 'switchboard_queue_waiting',
      help: 'Callers waiting (or with a callback pending) per skill group',
      labelNames: ['group', 'state'],
      registers: [this.registry],
      collect: fromDatabase(async (gauge) => {
        const rows = await queueCounts(pool);
        gauge.reset();
        for (const r of rows) gauge.set({ group: r.name, state: r.state }, r.n);
      }),
    });
    new client.Gauge({
      name: 'switchboard_agents',
      help: 'Agents by state',
      labelNames: ['state'],
      registers: [this.registry],
      collect: fromDatabase(async (gauge) => {
        for (const r of await agentCounts(pool)) gauge.set({ state: r.state }, r.n);
      }),
    });
    // The dashboard's own figures and each group's targets: one read per scrape (targetStandings:
    // group_queue_kpis of migrations 014-019, the reports' definition too, not a second formula here).
    // prom-client starts every collect of a scrape at once: they share the read in flight.
    let read: Promise<TargetStanding[]> | undefined;
    const standings = () =>
      (read ??= targetStandings(pool, timezone(), serviceLevelFormula).finally(() => {
        read = undefined;
      }));
    const perGroup = (name: string, help: string, value: (s: TargetStanding) => number | null) =>
      new client.Gauge({
        name,
        help,
        labelNames: ['group'],
        registers: [this.registry],
        collect: fromDatabase(async (gauge) => {
          const rows = await standings();
          gauge.reset();
          for (const s of rows) {
            const v = value(s);
            if (v !== null) gauge.set({ group: s.group }, v);
          }
        }),
      });
    perGroup(
      'switchboard_service_level_ratio',
      "Today's service level per skill group, as the dashboard shows it: answered within the group's threshold / the base of the group's formula (its targets', else SERVICE_LEVEL_FORMULA) (absent until a call counts today)",
      (s) => s.today.serviceLevel,
    );
    perGroup(
      'switchboard_service_level_target_ratio',
      "Each skill group's service level target in effect (its own, else the centre's), as a share",
      (s) => s.targets.serviceLevel,
    );
    perGroup(
      'switchboard_service_level_threshold_seconds',
      "Each skill group's service level threshold in effect: answered within this many seconds counts",
      (s) => s.targets.serviceLevelSeconds,
    );
    perGroup(
      'switchboard_asa_seconds',
      "Today's average speed of answer per skill group (absent until a call is answered today)",
      (s) => s.today.asaSeconds,
    );
    perGroup(
      'switchboard_asa_target_seconds',
      "Each skill group's ASA target in effect (absent when neither the group nor the centre has one)",
      (s) => s.targets.asaSeconds,
    );
    perGroup(
      'switchboard_abandonment_ratio',
      "Today's abandoned / offered per skill group (absent until a call is offered today)",
      (s) => s.today.abandonRate,
    );
    perGroup(
      'switchboard_abandonment_target_ratio',
      "Each skill group's abandonment rate target in effect, as a share (absent when neither the group nor the centre has one)",
      (s) => s.targets.abandonRate,
    );
    // The dashboard's judgement, so an alert fires on exactly what the dashboard shows as missed.
    new client.Gauge({
      name: 'switchboard_kpi_target_missed',
      help: "1 when a skill group's KPI today misses its target (worse than close, as the dashboard shows), 0 when met or close; absent when there is nothing to judge",
      labelNames: ['group', 'kpi'],
      registers: [this.registry],
      collect: fromDatabase(async (gauge) => {
        const rows = await standings();
        gauge.reset();
        for (const s of rows) {
          const status = judgeTargets(s.today, s.targets);
          for (const kpi of JUDGED_KPIS) if (status[kpi] !== null) gauge.set({ group: s.group, kpi }, status[kpi] === 'missed' ? 1 : 0);
        }
      }),
    });
  }
}
