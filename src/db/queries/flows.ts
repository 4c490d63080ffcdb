import type { Flow } from '../../flows/model.js';
import type { Queryable } from '../pool.js';

/** Records a flow version before any call uses it; the same hash is stored once. */
export async function saveFlowVersion(db: Queryable, v: { hash: string; flow: Flow; sources: Record<string, string> }): Promise<void> {
  await db.query(`INSERT INTO flow_versions (hash, flow_id, definition, sources) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING`, [
    v.hash,
    v.flow.id,
    v.flow,
    v.sources,
  ]);
}

export async function loadFlowVersion(db: Queryable, hash: string): Promise<{ flow: Flow; sources: Record<string, string> } | undefined> {
  const { rows } = await db.query('SELECT definition AS flow, sources FROM flow_versions WHERE hash = $1', [hash]);
  return rows[0];
}

export async function listSkillGroupNames(db: Queryable): Promise<Set<string>> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM skill_groups');
  return new Set(rows.map((r) => r.name));
}
