import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resetDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';

const DOC = path.resolve(import.meta.dirname, '../../docs/metrics.md');
/** prom-client's default metrics: one row in the table covers them. */
const DEFAULTS = /^switchboard_(process|nodejs)_/;
/** Labels Prometheus adds itself to histograms and summaries. */
const BUILT_IN_LABELS = new Set(['le', 'quantile']);

type Described = Map<string, { type: string; labels: string[] }>;

/** The table of docs/metrics.md: metric, type (its first word), label names. */
function documented(): { metrics: Described; defaultsRow: boolean } {
  const metrics: Described = new Map();
  let defaultsRow = false;
  for (const line of readFileSync(DOC, 'utf8').split('\n')) {
    const cells = /^\|(.*)\|$/
      .exec(line.trim())?.[1]
      .split('|')
      .map((c) => c.trim());
    if (!cells || !cells[0].startsWith('`')) continue;
    const names = [...cells[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    if (names.includes('switchboard_process_*') && names.includes('switchboard_nodejs_*')) {
      defaultsRow = true;
      continue;
    }
    expect(names, line).to.have.length(1);
    expect(metrics.has(names[0]), `${names[0]} is in the table twice`).to.equal(false);
    metrics.set(names[0], { type: cells[1].split(' ')[0], labels: [...cells[2].matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort() });
  }
  return { metrics, defaultsRow };
}

/** What a running server serves at /metrics: every metric's type, and the label names it is declared with. */
async function served(server: TestServer): Promise<Described> {
  const res = await fetch(`${server.url}/metrics`);
  expect(res.status).to.equal(200);
  const text = await res.text();
  const metrics: Described = new Map();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (!name.startsWith('switchboard_') || DEFAULTS.test(name)) continue;
    // Labels of series not seen yet are not in the text: the metric's declaration names them.
    const declared = (server.metrics.registry.getSingleMetric(name) as unknown as { labelNames: string[] }).labelNames;
    metrics.set(name, { type, labels: [...declared].sort() });
  }
  // And every series actually served uses only those labels.
  for (const [, name, labels] of text.matchAll(/^(switchboard_[a-z_]+?)(?:_bucket|_sum|_count)?\{([^}]*)\} /gm)) {
    const metric = metrics.get(name);
    if (!metric) continue;
    for (const [, label] of labels.matchAll(/([a-z_]+)="/g))
      if (!BUILT_IN_LABELS.has(label)) expect(metric.labels, `${name} serves label ${label}`).to.include(label);
  }
  return metrics;
}

describe('docs/metrics.md lists exactly what /metrics serves', () => {
  let server: TestServer;
  before(async () => {
    await resetDatabase();
    server = await startTestServer();
  });
  after(() => server.close());

  it('every switchboard_* metric served is in the table with its type and label names, and every metric in the table is served', async () => {
    const { metrics: doc } = documented();
    const live = await served(server);
    const missingFromDocs = [...live.keys()].filter((n) => !doc.has(n));
    const missingFromMetrics = [...doc.keys()].filter((n) => !live.has(n));
    expect(missingFromDocs, 'served but not documented').to.deep.equal([]);
    expect(missingFromMetrics, 'documented but not served').to.deep.equal([]);
    for (const [name, m] of live) expect(doc.get(name), name).to.deep.equal(m);
  });

  it("prom-client's default process metrics are served and covered by the table's one row", async () => {
    expect(documented().defaultsRow).to.equal(true);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).to.match(/^# TYPE switchboard_process_cpu_seconds_total counter$/m);
    expect(text).to.match(/^# TYPE switchboard_nodejs_eventloop_lag_seconds gauge$/m);
  });
});
