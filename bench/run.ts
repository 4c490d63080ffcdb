// `npm run bench`: one run, one table (also written to bench/results/latest.md and .json); `npm run bench -- capacity`
// (or any section names) runs only those sections, written to latest-<sections>.md and .json.
// Every figure is measured in this run on this machine; ratios are to baselines of the same run.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { benchCallPathAdditions } from './call-path-additions.js';
import { benchCapacity } from './capacity/run.js';
import { capacityRows, stepTable } from './capacity/rows.js';
import { benchRouting } from './routing.js';
import { routingRows, routingSweepRows } from './routing-rows.js';
import { benchRoutingSweep } from './routing-sweep.js';
import { benchSimulatedDay } from './simulated-day.js';
import { benchDatabase, n, type Row } from './support.js';
import { waitEstimateRows } from './wait-estimate-rows.js';
import { benchWaitEstimates } from './wait-estimates.js';
import { benchWebhooks, LIVE_CALLS } from './webhooks.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const DAY_HOURS = Number(process.env.BENCH_DAY_HOURS ?? 96);
const ESTIMATE_HOURS = Number(process.env.BENCH_ESTIMATE_HOURS ?? 24);

/** What one section adds: its table rows, its figures for latest.json, and any text for latest.md. */
interface SectionResult {
  rows: Row[];
  json: Record<string, unknown>;
  markdown?: string;
}
type Say = (m: string) => void;

const SECTIONS: { name: string; run(say: Say): Promise<SectionResult> }[] = [
  {
    name: 'webhooks',
    async run(say) {
      say(`webhooks: baselines, then ${n(LIVE_CALLS)} live calls (${SECONDS} s per measurement)`);
      const db = await benchDatabase();
      const { w, a } = await benchWebhooks(db, SECONDS)
        .then(async (w) => ({ w, a: await benchCallPathAdditions(db.pool) }))
        .finally(() => db.close());
      const times = (t: { p50: number; p99: number }) => `${n(t.p50, 2)} / ${n(t.p99, 2)} ms`;
      const rows: Row[] = [
        ['1 baselines', 'Node http hello (form POST → fixed TwiML), median of 3', `${n(w.httpHello)} req/s`, '1.00 × http', null],
        ['1 baselines', 'Express hello, median of 3', `${n(w.expressHello)} req/s`, `${n(w.expressHello / w.httpHello, 2)} × http`, null],
        [
          '2 webhook',
          `max throughput, signed steps over ${n(LIVE_CALLS)} live calls, median of 3`,
          `${n(w.webhookMax)} req/s`,
          `${n(w.webhookMax / w.expressHello, 2)} × Express (goal ≥ 0.25)`,
          w.webhookMax / w.expressHello >= 0.25,
        ],
        [
          '2 webhook',
          `latency at ${w.fixedRate.rate}/s (open loop): p50`,
          `${n(w.fixedRate.p50, 1)} ms`,
          'goal ≤ 5 ms',
          w.fixedRate.p50 <= 5,
        ],
        ['2 webhook', 'p99', `${n(w.fixedRate.p99, 1)} ms`, 'goal ≤ 20 ms', w.fixedRate.p99 <= 20],
        ['2 webhook', 'p99.9', `${n(w.fixedRate.p999, 1)} ms`, '', null],
        [
          '2 webhook',
          'errors; every request a real step (no replay, no stale)',
          `${w.webhookMaxErrors + w.fixedRate.errors}; ${w.stepsVerified ? 'yes' : 'NO'}`,
          '0; yes',
          w.webhookMaxErrors + w.fixedRate.errors === 0 && w.stepsVerified,
        ],
        // One round trip each where they run, timed alone against the lock read every webhook makes.
        [
          '2 webhook',
          `caller recognition read, once per call (${n(LIVE_CALLS)} calls from the number): p50 / p99`,
          times(a.recognition),
          `lock read ${times(a.lockRead)}`,
          null,
        ],
        [
          '2 webhook',
          'wait announcement kept, once a minute per waiting caller: p50 / p99',
          times(a.announcement),
          `lock read ${times(a.lockRead)}`,
          null,
        ],
        [
          '5 memory',
          `server heap before → after ${n(w.webhooksForHeap)} webhooks`,
          `${n(w.heapBeforeMb, 1)} → ${n(w.heapAfterMb, 1)} MB`,
          '',
          null,
        ],
        [
          '5 memory',
          'persisted call state (state + context): avg / max',
          `${w.snapshotAvgBytes} / ${w.snapshotMaxBytes} B`,
          'goal ≤ 1 kB',
          w.snapshotMaxBytes <= 1024,
        ],
      ];
      return { rows, json: { webhooks: w, callPathAdditions: a } };
    },
  },
  {
    name: 'routing',
    async run(say) {
      say('routing: 10k agents, 20 skills, 1k waiting callers');
      const db = await benchDatabase();
      const r = await benchRouting(db).finally(() => db.close());
      const sweep = await benchRoutingSweep(undefined, say);
      return { rows: [...routingRows(r), ...routingSweepRows(sweep)], json: { routing: r, routingSweep: sweep } };
    },
  },
  {
    name: 'simulated-day',
    async run(say) {
      say(`simulated queue: ${DAY_HOURS} h through the real claim function`);
      const db = await benchDatabase();
      const d = await benchSimulatedDay(db.pool, DAY_HOURS).finally(() => db.close());
      const slPoints = 100 * (d.measured.serviceLevel - d.expected.serviceLevel);
      const asaDiff = d.measured.asa - d.expected.asa;
      const rows: Row[] = [
        [
          '4 simulated day',
          `service level (${n(d.calls)} calls, ${d.agents} agents, ${d.hours} h)`,
          `${n(100 * d.measured.serviceLevel, 1)}%`,
          `Erlang C ${n(100 * d.expected.serviceLevel, 1)}% (±2 pts)`,
          Math.abs(slPoints) <= 2,
        ],
        [
          '4 simulated day',
          'average speed of answer',
          `${n(d.measured.asa, 2)} s`,
          `Erlang C ${n(d.expected.asa, 2)} s (±2 s)`,
          Math.abs(asaDiff) <= 2,
        ],
      ];
      return { rows, json: { simulatedDay: d } };
    },
  },
  {
    name: 'wait-estimates',
    async run(say) {
      say(`wait estimates: ${ESTIMATE_HOURS} h of a busy queue, ours against Asterisk app_queue's`);
      const db = await benchDatabase();
      const e = await benchWaitEstimates(db.pool, ESTIMATE_HOURS).finally(() => db.close());
      return { rows: waitEstimateRows(e), json: { waitEstimates: e } };
    },
  },
  {
    name: 'capacity',
    async run(say) {
      const c = await benchCapacity(say);
      return { rows: capacityRows(c), json: { capacity: c }, markdown: stepTable(c) };
    },
  },
];

/** `npm run bench` runs every section; `npm run bench -- capacity routing` only those. */
function chosenSections(names: string[]): typeof SECTIONS {
  const unknown = names.filter((name) => !SECTIONS.some((s) => s.name === name));
  if (unknown.length) throw new Error(`no bench section ${unknown.join(', ')}: the sections are ${SECTIONS.map((s) => s.name).join(', ')}`);
  return names.length ? SECTIONS.filter((s) => names.includes(s.name)) : SECTIONS;
}

async function main(): Promise<void> {
  const started = Date.now();
  const sections = chosenSections(process.argv.slice(2));
  const say = (m: string) => process.stderr.write(`… ${m}\n`);
  const results: SectionResult[] = [];
  for (const section of sections) results.push(await section.run(say));
  // Rows in the order of their section numbers (the memory rows come with the webhook section's figures).
  const rows = results.flatMap((r) => r.rows).sort((a, b) => parseInt(a[0]) - parseInt(b[0]));

  const header = ['', 'measurement', 'result', 'against', 'met'];
  const cells = rows.map(([s, what, result, against, ok]) => [s, what, result, against, ok === null ? '' : ok ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  const table = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${n(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.env.DATABASE_URL ? 'PostgreSQL from DATABASE_URL' : 'embedded PostgreSQL'}`;
  const extra = results.flatMap((r) => (r.markdown ? [`\n${r.markdown}\n`] : [])).join('');
  const text = `# Switchboard benchmark\n\n${new Date().toISOString()} · ${machine} · ${n((Date.now() - started) / 1000)} s\n\n${table}\n${extra}`;
  process.stdout.write(`\n${text}\n`);
  const dir = path.join(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  // A run of some sections keeps the last whole run's latest.md: it goes to latest-<sections>.md.
  const name = sections.length === SECTIONS.length ? 'latest' : `latest-${sections.map((s) => s.name).join('-')}`;
  await writeFile(path.join(dir, `${name}.md`), text);
  await writeFile(
    path.join(dir, `${name}.json`),
    // BigInt figures (WAL positions) as strings.
    JSON.stringify(
      { at: new Date().toISOString(), machine, ...Object.assign({}, ...results.map((r) => r.json)) },
      (_, v) => (typeof v === 'bigint' ? String(v) : v),
      2,
    ),
  );
}

main().catch((err) => {
  process.stderr.write(`benchmark failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
