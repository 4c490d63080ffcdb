import type { Queryable } from '../pool.js';

/** Queue entries per skill group and state (waiting, offered, callback), zeros included. */
export async function queueCounts(db: Queryable): Promise<{ name: string; state: string; n: number }[]> {
  const { rows } = await db.query({
    name: 'gauge-queue-counts',
    text: `SELECT g.name, s.state, count(q.id)::int AS n FROM skill_groups g CROSS JOIN (VALUES ('waiting'), ('offered'), ('callback')) s(state)
      LEFT JOIN queue_entries q ON q.group_name = g.name AND q.state = s.state GROUP BY g.name, s.state`,
  });
  return rows;
}

/** Agents per state, zeros included. */
export async function agentCounts(db: Queryable): Promise<{ state: string; n: number }[]> {
  const { rows } = await db.query({
    name: 'gauge-agent-counts',
    text: `SELECT s.state, count(a.id)::int AS n FROM (VALUES ('offline'), ('available'), ('reserved'), ('on-call'), ('wrap-up'), ('break'), ('not-ready')) s(state)
      LEFT JOIN agents a ON a.state = s.state GROUP BY s.state`,
  });
  return rows;
}
