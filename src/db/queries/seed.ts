import type { Queryable } from '../pool.js';

export const DEMO_GROUPS = ['billing', 'support', 'sales', 'general'];

/** A new database gets the demo centre's skill groups so the shipped flow works at once. */
export async function seedDemoGroupsIfEmpty(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `INSERT INTO skill_groups (name) SELECT unnest($1::text[]) WHERE NOT EXISTS (SELECT 1 FROM skill_groups) RETURNING name`,
    [DEMO_GROUPS],
  );
  return rows.map((r) => r.name);
}
