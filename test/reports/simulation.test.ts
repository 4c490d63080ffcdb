import { expect } from 'chai';
import { addAgent } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { averageSpeedOfAnswer, offeredLoad, serviceLevel } from '../../src/reports/erlang-c.js';
import { parseGroupReportQuery } from '../../src/reports/report-params.js';
import { buildGroupReport } from '../../src/reports/reports.js';
import { simulateDay, summarise } from '../../src/reports/simulate-day.js';
import { insertSimulation } from './fixtures.js';

// Vector 1: λ = 100 calls per 30 min, AHT 180 s, N = 14, t = 20 s (general's default service level).
const QUEUE = { arrivalsPerSecond: 100 / 1800, ahtSeconds: 180, agents: 14 };
const START = Date.UTC(2024, 0, 1);
// 14 days (about 67,000 calls): over 30 seeds, SL stayed within 1.2 points and ASA within 1.2 s of
// Erlang C; at 24 h, 9 seeds of 20 missed by up to 5 points (waits are strongly correlated). This
// seed measures SL 0.8808 (Erlang C 0.8884), ASA 8.453 s (7.836), AHT 180.65 s, occupancy 0.7207 (0.7143).
const HOURS = 14 * 24;
const SEED = 20240101;

describe('Reports: simulated queue against Erlang C', () => {
  beforeEach(resetDatabase);

  it('measures service level and ASA through the report SQL within 2 points and 2 s of Erlang C', async function () {
    this.timeout(120_000);
    const sim = simulateDay({ seed: SEED, ...QUEUE, hours: HOURS, startMs: START });
    const agents: number[] = [];
    for (let i = 0; i < QUEUE.agents; i++) agents.push((await addAgent({ name: `Sim ${i + 1}` })).id);
    await insertSimulation('general', agents, sim, START);

    const params = parseGroupReportQuery({ from: '2024-01-01', to: '2024-01-14', interval: 'day', group: 'general' });
    const report = await buildGroupReport(testDatabase().pool, params);
    const total = report.totals[0];
    const expected = {
      serviceLevel: serviceLevel(QUEUE, 20),
      asa: averageSpeedOfAnswer(QUEUE),
      occupancy: offeredLoad(QUEUE) / QUEUE.agents,
    };
    const measured = {
      offered: total.offered,
      serviceLevel: total.serviceLevel,
      asa: total.asa,
      aht: total.aht,
      occupancy: total.occupancy,
    };
    const context = JSON.stringify({ measured, expected });

    // The SQL reads back exactly what the simulator computed in memory (to the report's rounding).
    const direct = summarise(sim, 20);
    expect(total.serviceLevel, context).to.be.closeTo(direct.serviceLevel, 0.00005);
    expect(total.asa, context).to.be.closeTo(direct.asaSeconds, 0.0005);
    expect(total.offered, context).to.equal(sim.length);
    expect(total.answered, context).to.equal(sim.length);
    expect(Math.abs(total.serviceLevel! - expected.serviceLevel), context).to.be.at.most(0.02);
    expect(Math.abs(total.asa! - expected.asa), context).to.be.at.most(2);
    // The same records also give the handle time and occupancy the queue was sized with.
    expect(Math.abs(total.aht! - QUEUE.ahtSeconds), context).to.be.at.most(3);
    expect(Math.abs(total.occupancy! - expected.occupancy), context).to.be.at.most(0.02);
    expect(report.rows).to.have.length(14);
  });
});
