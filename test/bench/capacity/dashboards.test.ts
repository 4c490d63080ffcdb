import { expect } from 'chai';
import { connectDashboards } from '../../../bench/capacity/dashboards.js';
import { resetDatabase, testDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('bench capacity: supervisors’ dashboards on the live stream, timed by a probe agent', () => {
  let server: TestServer;
  beforeEach(async () => {
    await resetDatabase();
    server = await startTestServer();
  });
  afterEach(() => server.close());

  it('signs three supervisors in, and each dashboard shows every probe change', async function () {
    this.timeout(30_000);
    const { pool } = testDatabase();
    // probeEveryMs 0: no timer, the test makes each probe and waits for every dashboard to show it.
    const dashboards = await connectDashboards({ urls: [server.url], count: 3, pool, probeEveryMs: 0 });
    try {
      for (let i = 0; i < 3; i++) {
        const latencies = await dashboards.probe();
        expect(latencies).to.have.length(3);
        for (const ms of latencies) expect(ms).to.be.within(0, 10_000);
      }
      const sample = dashboards.sample();
      expect(sample.probes).to.equal(3);
      expect(sample.latencyMs.count).to.equal(9);
      expect(sample.latencyMs.max).to.be.at.least(sample.latencyMs.p50);
      // A first snapshot each, then at least one per probe each.
      expect(sample.updates).to.be.at.least(3 * 4);
      expect(sample).to.include({ dropped: 0, failedProbes: 0 });
      expect(dashboards.sample()).to.deep.include({ updates: 0, probes: 0 });

      // The probe is a real supervisor action: the agent's history says who made it.
      const { rows } = await pool.query(
        `SELECT a.state, (SELECT count(*)::int FROM agent_state_changes h WHERE h.agent_id = a.id AND h.changed_by LIKE '%Capacity dashboard 1%') AS changes
         FROM agents a WHERE a.contact = 'capacity-probe'`,
      );
      expect(rows).to.deep.equal([{ state: 'break', changes: 3 }]);
    } finally {
      await dashboards.close();
    }
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM web_sessions`);
    expect(rows[0].n).to.equal(0);
  });

  it('in a centre too big for the snapshot to list the probe, its counts by state still show each probe', async function () {
    this.timeout(30_000);
    const { pool } = testDatabase();
    // 150 agents, all available, whose last change sorts after any probe's: the probe never makes the
    // snapshot's 100 rows, so only the counts by state can show it.
    await pool.query(
      `INSERT INTO agents (name, contact_kind, contact, state, state_since)
       SELECT 'Agent ' || i, 'phone', '+1555' || lpad(i::text, 7, '0'), 'available', now() + interval '1 hour'
       FROM generate_series(1, 150) i`,
    );
    const dashboards = await connectDashboards({ urls: [server.url], count: 2, pool, probeEveryMs: 0 });
    try {
      for (let i = 0; i < 3; i++) expect(await dashboards.probe()).to.have.length(2);
      expect(dashboards.sample()).to.deep.include({ probes: 3, dropped: 0, failedProbes: 0 });
    } finally {
      await dashboards.close();
    }
  });
});
