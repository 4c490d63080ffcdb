import { testDatabase } from './database.js';

export interface TestAgent {
  id: number;
  name: string;
  phone: string;
}

let counter = 0;

/** Adds an agent directly in the database (tests of routing set up their centre this way). */
export async function addAgent(
  a: {
    name?: string;
    phone?: string;
    client?: string;
    state?: string;
    skills?: Record<string, number>;
    stateSinceSecondsAgo?: number;
  } = {},
): Promise<TestAgent> {
  const db = testDatabase().pool;
  const n = ++counter;
  const name = a.name ?? `Agent ${n}`;
  const phone = a.phone ?? `+1555700${String(n).padStart(4, '0')}`;
  const kind = a.client ? 'client' : 'phone';
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO agents (name, contact_kind, contact, state, state_since) VALUES ($1, $2, $3, $4, now() - make_interval(secs => $5)) RETURNING id`,
    [name, kind, a.client ?? phone, a.state ?? 'available', a.stateSinceSecondsAgo ?? 0],
  );
  for (const [skill, level] of Object.entries(a.skills ?? {})) {
    await db.query('INSERT INTO skills (name) VALUES ($1) ON CONFLICT DO NOTHING', [skill]);
    await db.query('INSERT INTO agent_skills (agent_id, skill, level) VALUES ($1, $2, $3)', [rows[0].id, skill, level]);
  }
  return { id: rows[0].id, name, phone };
}

/** Sets a group's routing settings and required skills (creating skills as needed). */
export async function configureGroup(
  name: string,
  settings: Record<string, unknown> = {},
  requirements: Record<string, number> = {},
): Promise<void> {
  const db = testDatabase().pool;
  await db.query('INSERT INTO skill_groups (name) VALUES ($1) ON CONFLICT DO NOTHING', [name]);
  for (const [column, value] of Object.entries(settings)) {
    if (!/^[a-z_]+$/.test(column)) throw new Error(`bad column ${column}`);
    await db.query(`UPDATE skill_groups SET ${column} = $2 WHERE name = $1`, [
      name,
      typeof value === 'object' ? JSON.stringify(value) : value,
    ]);
  }
  await db.query('DELETE FROM skill_group_requirements WHERE group_name = $1', [name]);
  for (const [skill, level] of Object.entries(requirements)) {
    await db.query('INSERT INTO skills (name) VALUES ($1) ON CONFLICT DO NOTHING', [skill]);
    await db.query('INSERT INTO skill_group_requirements (group_name, skill, min_level) VALUES ($1, $2, $3)', [name, skill, level]);
  }
}

/** Someone logged in but on a break: every demo group is staffed, nobody takes calls. */
export async function staffOnBreak(): Promise<TestAgent> {
  return addAgent({ name: 'On break', state: 'break' });
}

export async function agentRow(
  id: number,
): Promise<{ state: string; state_reason: string | null; pending_state: string | null; missed_in_row: number }> {
  const { rows } = await testDatabase().pool.query('SELECT state, state_reason, pending_state, missed_in_row FROM agents WHERE id = $1', [
    id,
  ]);
  return rows[0];
}

/**
 * A floor of `count` agents in one statement, named 'Agent 001' on: each changed state a minute
 * after the one before (Agent 001 longest ago), every tenth on a break, the others available.
 */
export async function addFloorOfAgents(count: number): Promise<void> {
  await testDatabase().pool.query(
    `INSERT INTO agents (name, contact_kind, contact, state, state_since)
     SELECT 'Agent ' || lpad(i::text, 3, '0'), 'phone', '+1555' || lpad(i::text, 7, '0'),
       CASE WHEN i % 10 = 0 THEN 'break' ELSE 'available' END, now() - make_interval(mins => $1 - i)
     FROM generate_series(1, $1::int) i`,
    [count],
  );
}
