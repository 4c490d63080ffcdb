// The capacity bench's centre: its two queues and enough available agents, seeded set-based
// (generate_series), so 5,000 agents take one statement each, not 5,000 round trips.
import type { Queryable } from '../../src/db/pool.js';

/** The bench flow's queues (bench/capacity/flows/capacity.yaml); every agent has both skills. */
export const CAPACITY_QUEUES = ['billing', 'support'];

export async function seedCentre(db: Queryable, o: { agents: number; wrapUpSeconds: number }): Promise<void> {
  await db.query(`INSERT INTO skill_groups (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [CAPACITY_QUEUES]);
  await db.query(`INSERT INTO skills (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [CAPACITY_QUEUES]);
  await db.query(
    `INSERT INTO skill_group_requirements (group_name, skill, min_level) SELECT q, q, 1 FROM unnest($1::text[]) q ON CONFLICT DO NOTHING`,
    [CAPACITY_QUEUES],
  );
  await db.query(`UPDATE skill_groups SET wrap_up_seconds = $2 WHERE name = ANY($1)`, [CAPACITY_QUEUES, o.wrapUpSeconds]);
  // Agent i's phone: +1555 and i in seven digits, distinct for up to ten million agents.
  await db.query(
    `INSERT INTO agents (name, contact_kind, contact, state)
     SELECT 'Bench agent ' || i, 'phone', '+1555' || lpad(i::text, 7, '0'), 'available' FROM generate_series(1, $1::int) i`,
    [o.agents],
  );
  await db.query(
    `INSERT INTO agent_skills (agent_id, skill, level)
     SELECT a.id, q, 3 FROM agents a CROSS JOIN unnest($1::text[]) q WHERE a.name LIKE 'Bench agent %'`,
    [CAPACITY_QUEUES],
  );
}
