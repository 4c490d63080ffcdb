import { claimOffers } from '../src/routing/lifecycle/index.js';
import type { Pool } from '../src/db/pool.js';
import { averageSpeedOfAnswer, probabilityOfWait, serviceLevel } from '../src/reports/erlang-c.js';
import { exponential, mulberry32 } from '../src/reports/prng.js';
import { parseGroupReportQuery } from '../src/reports/report-params.js';
import { buildGroupReport } from '../src/reports/reports.js';

export interface DayFigures {
  calls: number;
  hours: number;
  agents: number;
  expected: { serviceLevel: number; asa: number; pWait: number };
  measured: { serviceLevel: number; asa: number };
}

const QUEUE = { arrivalsPerSecond: 100 / 1800, ahtSeconds: 180, agents: 14 };
const THRESHOLD = 20;
const START = Date.UTC(2026, 0, 5);

/**
 * A queue sized by Erlang C, run on a virtual clock through the real claim function: the database
 * decides which caller goes to which agent (routing order, longest idle), the simulation decides
 * when calls arrive and end. The report SQL then measures service level and ASA.
 */
export async function benchSimulatedDay(pool: Pool, hours: number, seed = 20260105): Promise<DayFigures> {
  await pool.query(`INSERT INTO skill_groups (name, service_level_seconds, wrap_up_seconds) VALUES ('sim', $1, 0) ON CONFLICT DO NOTHING`, [
    THRESHOLD,
  ]);
  await pool.query(
    `INSERT INTO flow_versions (hash, flow_id, definition, sources) VALUES ('sim', 'sim', '{}', '{}') ON CONFLICT DO NOTHING`,
  );
  const iso = (ms: number) => new Date(ms).toISOString();
  await pool.query(
    `INSERT INTO agents (name, contact_kind, contact, state, state_since)
     SELECT 'Sim agent ' || i, 'client', 'sim-' || i, 'available', $2 FROM generate_series(1, $1) i`,
    [QUEUE.agents, iso(START)],
  );
  // Only the simulation's agents may take its calls.
  await pool.query(`UPDATE agents SET state = 'offline' WHERE contact NOT LIKE 'sim-%' AND state = 'available'`);
  const random = mulberry32(seed);
  const ends: { at: number; assignment: number; agent: number; entry: number }[] = [];
  let now = START;
  let nextArrival = START + exponential(random, 1000 / QUEUE.arrivalsPerSecond);
  const endMs = START + hours * 3_600_000;
  let calls = 0;
  let waiting = 0;

  const claim = async () => {
    // Nothing to match: nobody waiting, or every agent busy (known here without asking).
    if (waiting === 0 || ends.length === QUEUE.agents) return;
    for (const c of await claimOffers(pool, 16)) {
      const end = now + exponential(random, QUEUE.ahtSeconds * 1000);
      await pool.query(
        `WITH a AS (UPDATE assignments SET state = 'connected', answered_at = $2 WHERE id = $1)
         UPDATE agents SET state = 'on-call', state_since = $2 WHERE id = $3`,
        [c.assignmentId, iso(now), c.agentId],
      );
      ends.push({ at: end, assignment: c.assignmentId, agent: c.agentId, entry: c.entryId });
      waiting--;
    }
  };

  while (nextArrival < endMs || ends.length) {
    ends.sort((a, b) => a.at - b.at);
    if (ends.length && (ends[0].at <= nextArrival || nextArrival >= endMs)) {
      const e = ends.shift()!;
      now = e.at;
      await pool.query(
        `WITH a AS (UPDATE assignments SET state = 'ended', outcome = 'completed', ended_at = $2, wrap_up_until = $2, wrap_up_ended_at = $2 WHERE id = $1),
              q AS (UPDATE queue_entries SET state = 'completed', state_since = $2, ended_at = $2 WHERE id = $4)
         UPDATE agents SET state = 'available', state_since = $2, lease_until = NULL WHERE id = $3`,
        [e.assignment, iso(now), e.agent, e.entry],
      );
    } else {
      now = nextArrival;
      nextArrival += exponential(random, 1000 / QUEUE.arrivalsPerSecond);
      const sid = 'CA' + (0xd0000000 + calls++).toString(16).padStart(32, '0');
      await pool.query(
        `WITH c AS (INSERT INTO calls (call_sid, account_sid, flow_id, flow_hash, from_number, to_number, state, context, seq, started_at)
                    VALUES ($1, 'AC', 'sim', 'sim', '+15550000000', '+18005550100', 'x', '{}', 1, $2) RETURNING call_sid)
         INSERT INTO queue_entries (call_sid, group_name, step, created_at, first_entered_at, entered_at, state_since)
         SELECT call_sid, 'sim', 'sim', $2, $2, $2, $2 FROM c`,
        [sid, iso(now)],
      );
      waiting++;
    }
    await claim();
  }
  const to = new Date(endMs).toISOString().slice(0, 10);
  const report = await buildGroupReport(pool, parseGroupReportQuery({ from: iso(START).slice(0, 10), to, interval: 'day', group: 'sim' }));
  const total = report.totals[0];
  return {
    calls,
    hours,
    agents: QUEUE.agents,
    expected: { serviceLevel: serviceLevel(QUEUE, THRESHOLD), asa: averageSpeedOfAnswer(QUEUE), pWait: probabilityOfWait(QUEUE) },
    measured: { serviceLevel: total.serviceLevel!, asa: total.asa! },
  };
}
