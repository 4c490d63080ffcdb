import { expect } from 'chai';
import pg from 'pg';
import { postgresPids, processUsage } from '../../../bench/capacity/process-usage.js';
import { testDatabase } from '../../support/database.js';

/** Burns this process's own CPU until Node's own account says `ms` have gone by. */
function spinCpu(ms: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return;
  }
}

describe('bench capacity: CPU and RSS of process groups from /proc', () => {
  it('reads this process: its CPU grows as it works, its RSS is what Node says', () => {
    const [before] = processUsage([{ name: 'me', pids: [process.pid] }]);
    spinCpu(300);
    const [after] = processUsage([{ name: 'me', pids: [process.pid] }]);
    expect(after.name).to.equal('me');
    // Ticks are 10 ms: 300 ms of spinning shows as at least 0.25 s.
    expect(after.cpuSeconds - before.cpuSeconds).to.be.within(0.25, 1.5);
    const nodeRssMb = process.memoryUsage().rss / 1024 / 1024;
    expect(after.rssMb).to.be.within(nodeRssMb * 0.8, nodeRssMb * 1.2);
  });

  it('sums a group, and a process that has gone counts 0', () => {
    const [alone, withGone] = processUsage([
      { name: 'alone', pids: [process.pid] },
      { name: 'with a gone pid', pids: [process.pid, 2 ** 22 + 1] },
    ]);
    expect(withGone.rssMb).to.be.closeTo(alone.rssMb, alone.rssMb * 0.1);
    expect(processUsage([{ name: 'none', pids: [2 ** 22 + 1] }])).to.deep.equal([{ name: 'none', cpuSeconds: 0, rssMb: 0 }]);
  });

  it("leaves out other databases' backends when asked for one database's, keeping the server's own processes", async () => {
    const { pool, url } = testDatabase();
    const own = (await pool.query<{ pid: number; db: string }>('SELECT pg_backend_pid() AS pid, current_database() AS db')).rows[0];
    // A backend of another database (the maintenance database every cluster has).
    const other = new pg.Client({ connectionString: url.replace(/\/[^/?]*(\?|$)/, '/postgres$1') });
    await other.connect();
    try {
      const otherPid = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const all = postgresPids();
      const mine = postgresPids({ database: own.db });
      expect(all).to.include.members([own.pid, otherPid]);
      expect(mine).to.include(own.pid).and.not.include(otherPid);
      // The server's own processes (here its checkpointer) are kept.
      const checkpointer = (await pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'`))
        .rows[0].pid;
      expect(mine).to.include(checkpointer);
    } finally {
      await other.end();
    }
  });

  it("finds PostgreSQL's processes, the backend serving this test among them, and its CPU", async () => {
    const client = await testDatabase().pool.connect();
    try {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const backend = rows[0].pid;
      const pids = postgresPids();
      expect(pids).to.include(backend);
      // The postmaster and its helpers (checkpointer, WAL writer…) besides this backend.
      expect(pids.length).to.be.at.least(4);
      expect(pids).not.to.include(process.pid);
      const [before] = processUsage([{ name: 'backend', pids: [backend] }]);
      await client.query('SELECT count(*) FROM generate_series(1, 3000000)');
      const [after] = processUsage([{ name: 'backend', pids: [backend] }]);
      expect(after.cpuSeconds).to.be.greaterThan(before.cpuSeconds);
      expect(after.rssMb).to.be.greaterThan(1);
    } finally {
      client.release();
    }
  });
});
