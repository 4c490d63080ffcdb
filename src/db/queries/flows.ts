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

/** One stored version of a flow: its hash, when this database first saw it, and the files it was read from. */
export interface FlowVersionInfo {
  hash: string;
  firstLoadedAt: Date;
  files: string[];
}

/** A flow's versions, newest first (the version history page). */
export async function listFlowVersions(db: Queryable, flowId: string): Promise<FlowVersionInfo[]> {
  const { rows } = await db.query<FlowVersionInfo>(
    `SELECT v.hash, v.first_loaded_at AS "firstLoadedAt", ARRAY(SELECT jsonb_object_keys(v.sources) ORDER BY 1) AS files
     FROM flow_versions v WHERE v.flow_id = $1 ORDER BY v.first_loaded_at DESC, v.hash`,
    [flowId],
  );
  return rows;
}
