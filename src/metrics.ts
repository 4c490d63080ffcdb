import client from 'prom-client';
import { agentCounts, queueCounts } from './db/queries/gauges.js';
import type { Pool } from './db/pool.js';

/**
 * Prometheus metrics. Counters and histograms are updated where things happen; queue sizes and
 * agents by state are read from the database when Prometheus scrapes (shared by all instances).
 */
export class Metrics {
  readonly registry = new client.Registry();
  readonly webhookSeconds = new client.Histogram({
    name: 'switchboard_webhook_duration_seconds',
    help: 'Time to answer a Twilio voice webhook',
    labelNames: ['route', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 8],
    registers: [this.registry],
  });
  readonly errors = new client.Counter({ name: 'switchboard_errors_total', help: 'Faults, by where they happened', labelNames: ['where'], registers: [this.registry] });
  readonly routingDecisionSeconds = new client.Histogram({
    name: 'switchboard_routing_decision_duration_seconds',
    help: 'Time for one routing claim (match a caller with an agent)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25],
    registers: [this.registry],
  });
  readonly flowReloads = new client.Counter({
    name: 'switchboard_flow_reloads_total',
    help: 'Reloads of the flows folder, by result (ok; errors: some flow kept its previous version; failed: nothing reloaded)',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly webhookRefusals = new client.Counter({
    name: 'switchboard_webhook_refusals_total',
    help: 'Twilio webhooks refused with 403: no or bad signature, another account, parameters not matching the call',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly callbackRefusals = new client.Counter({
    name: 'switchboard_callback_refusals_total',
    help: 'Callback numbers refused by the callback policy, when booked or when about to be dialled',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly routingDecisions = new client.Counter({ name: 'switchboard_routing_decisions_total', help: 'Callers matched with agents', labelNames: ['kind', 'group'], registers: [this.registry] });
  readonly signInRefusals = new client.Counter({
    name: 'switchboard_sign_in_refusals_total',
    help: 'Sign-ins refused: wrong username or password, or held back by the back-off (throttled)',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly lostInputs = new client.Counter({
    name: 'switchboard_lost_inputs_total',
    help: 'What a caller keyed or said that could not be stored (its webhook failed) and that Twilio cannot give again; the log line has it',
    labelNames: ['kind'],
    registers: [this.registry],
  });

  constructor(pool: Pool) {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'switchboard_' });
    new client.Gauge({
      name: 'switchboard_queue_waiting',
      help: 'Callers waiting (or with a callback pending) per skill group',
      labelNames: ['group', 'state'],
      registers: [this.registry],
      async collect() {
        const rows = await queueCounts(pool);
        this.reset();
        for (const r of rows) this.set({ group: r.name, state: r.state }, r.n);
      },
    });
    new client.Gauge({
      name: 'switchboard_agents',
      help: 'Agents by state',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        for (const r of await agentCounts(pool)) this.set({ state: r.state }, r.n);
      },
    });
  }
}
