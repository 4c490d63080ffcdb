import type { Pool } from '../src/db/pool.js';

/** Skills (and skill groups, one skill each) of the routing bench's centre. */
export const SKILLS = 20;

/**
 * A centre for the routing bench: `agents` available agents with 3 of the 20 skills each (levels
 * 1–5; a group asks level 2, so about one agent in eight fits a group), and `waiting` callers
 * spread over the 20 groups, with priorities 0–3.
 */
export async function seedRoutingCentre(pool: Pool, agents: number, waiting: number, random: () => number): Promise<void> {
  await pool.query(`INSERT INTO skills (name) SELECT 'skill' || i FROM generate_series(1, $1) i ON CONFLICT DO NOTHING`, [SKILLS]);
  await pool.query(`INSERT INTO skill_groups (name) SELECT 'group' || i FROM generate_series(1, $1) i ON CONFLICT DO NOTHING`, [SKILLS]);
  await pool.query(
    `INSERT INTO skill_group_requirements (group_name, skill, min_level) SELECT 'group' || i, 'skill' || i, 2 FROM generate_series(1, $1) i ON CONFLICT DO NOTHING`,
    [SKILLS],
  );
  // agent_group_fit's triggers look the changed agents up by `= ANY` of their ids, which grows with
  // the square of a statement's agents (50,000 agents took 45 s): here they are off, and the table
  // is filled once for everyone, as the triggers would have.
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('ALTER TABLE agents DISABLE TRIGGER agents_fit; ALTER TABLE agent_skills DISABLE TRIGGER agent_skills_fit_insert');
    await client.query(
      `INSERT INTO agents (name, contact_kind, contact, state, state_since)
      SELECT 'Bench agent ' || i, 'client', 'bench-' || i, 'available', now() - make_interval(secs => i) FROM generate_series(1, $1) i`,
      [agents],
    );
    const skillRows: [number, string, number][] = [];
    const { rows: ids } = await client.query<{ id: number }>(`SELECT id FROM agents WHERE contact LIKE 'bench-%' ORDER BY id`);
    for (const { id } of ids) {
      const chosen = new Set<number>();
      while (chosen.size < 3) chosen.add(1 + Math.floor(random() * SKILLS));
      for (const s of chosen) skillRows.push([id, `skill${s}`, 1 + Math.floor(random() * 5)]);
    }
    await client.query(`INSERT INTO agent_skills (agent_id, skill, level) SELECT * FROM unnest($1::bigint[], $2::text[], $3::smallint[])`, [
      skillRows.map((r) => r[0]),
      skillRows.map((r) => r[1]),
      skillRows.map((r) => r[2]),
    ]);
    await client.query('SELECT refresh_agent_group_fit(NULL, NULL)');
    await client.query('ALTER TABLE agents ENABLE TRIGGER agents_fit; ALTER TABLE agent_skills ENABLE TRIGGER agent_skills_fit_insert');
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
  await insertCallers(pool, waiting, random, 0);
  // Statistics as autovacuum would keep them on a live system.
  await pool.query(`ANALYZE agents; ANALYZE agent_skills; ANALYZE agent_group_fit; ANALYZE queue_entries`);
}

/** `n` callers waiting in the groups (call SIDs numbered from `offset`). */
export async function insertCallers(pool: Pool, n: number, random: () => number, offset: number): Promise<void> {
  await pool.query(
    `INSERT INTO flow_versions (hash, flow_id, definition, sources) VALUES ('bench', 'bench', '{}', '{}') ON CONFLICT DO NOTHING`,
  );
  const sids = Array.from({ length: n }, (_, i) => 'CA' + (900_000 + offset + i).toString(16).padStart(32, '0'));
  await pool.query(
    `WITH c AS (INSERT INTO calls (call_sid, account_sid, flow_id, flow_hash, from_number, to_number, state, context, seq)
       SELECT s, 'AC', 'bench', 'bench', '+15550000000', '+18005550100', 'x', '{}', 1 FROM unnest($1::text[]) s RETURNING call_sid)
     INSERT INTO queue_entries (call_sid, group_name, priority, step)
     SELECT c.call_sid, 'group' || (1 + (row_number() OVER () + $2) % ${SKILLS}), (random() * 3)::int, 'x' FROM c`,
    [sids, Math.floor(random() * 1000)],
  );
}
