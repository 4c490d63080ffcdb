import type { Queryable } from '../pool.js';

export interface SkillSummary {
  name: string;
  /** How many agents have the skill, and how many groups require it. */
  agents: number;
  groups: number;
}

export async function listSkills(db: Queryable): Promise<SkillSummary[]> {
  const { rows } = await db.query<SkillSummary>(
    `SELECT s.name,
            (SELECT count(*) FROM agent_skills a WHERE a.skill = s.name)::int AS agents,
            (SELECT count(*) FROM skill_group_requirements r WHERE r.skill = s.name)::int AS groups
     FROM skills s ORDER BY s.name`,
  );
  return rows;
}

export async function skillNames(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM skills ORDER BY name');
  return rows.map((r) => r.name);
}

/**
 * Adds a skill unless one with the same name in any letter case exists ("Billing" next to
 * "billing" would only confuse). Returns the existing name when it was not added.
 */
export async function insertSkill(db: Queryable, name: string): Promise<{ added: true } | { added: false; existing: string }> {
  const { rows } = await db.query<{ name: string; added: boolean }>(
    `WITH existing AS (SELECT name FROM skills WHERE lower(name) = lower($1)),
          added AS (INSERT INTO skills (name) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM existing) ON CONFLICT DO NOTHING RETURNING name)
     SELECT name, true AS added FROM added UNION ALL SELECT name, false FROM existing`,
    [name],
  );
  const row = rows[0];
  return row?.added ? { added: true } : { added: false, existing: row?.name ?? name };
}
