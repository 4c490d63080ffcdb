import type { Queryable } from '../../db/pool.js';

// The reconciler's repairs of routing rows that lost webhooks or a crashed instance left behind,
// each one SQL function of migration 013 (declared in transitions.ts).

/** Agents reserved or on a call without a live offer are freed. */
export async function releaseOrphanAgents(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ freed: number }>({ name: 'release-orphan-agents', text: 'SELECT release_orphan_agents() AS freed' });
  return rows[0].freed;
}

/** Entries offered or connected without a live offer wait again (or end); waiting ones whose caller is gone are abandoned. */
export async function repairOrphanEntries(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ repaired: number }>({
    name: 'repair-orphan-entries',
    text: 'SELECT repair_orphan_entries() AS repaired',
  });
  return rows[0].repaired;
}
