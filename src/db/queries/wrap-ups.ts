import type { Queryable } from '../pool.js';
import type { Principal } from './people.js';

export interface WrapUp {
  disposition: string;
  notes: string;
}

export interface WrapUpChange {
  changedAt: Date;
  changedBy: { role: 'agent' | 'supervisor'; agentId: number | null; supervisorId: number | null; name: string };
  oldDisposition: string | null;
  newDisposition: string | null;
  oldNotes: string | null;
  newNotes: string | null;
  reason: string | null;
}

/** Saved, or refused because the edit window closed (at `closedAt`), or no such call. */
export type WrapUpSave = { status: 'saved' } | { status: 'closed'; closedAt: Date } | { status: 'not-found' };

// Records one change, when something changed: old values from the locked row `t`, new ones given;
// who and why are always $4–$8 (see whoValues).
const logChange = (
  disposition: string,
  notes: string,
) => `INSERT INTO wrap_up_changes (assignment_id, changed_by_role, changed_by_agent_id, changed_by_supervisor_id, changed_by_name,
                                   old_disposition, new_disposition, old_notes, new_notes, reason)
  SELECT t.id, $4::text, $5::bigint, $6::bigint, $7::text, t.disposition, ${disposition}, t.notes, ${notes}, $8::text FROM target t
  WHERE t.open AND (t.disposition IS DISTINCT FROM ${disposition} OR t.notes IS DISTINCT FROM ${notes})`;

const whoValues = (who: Principal) => [
  who.role,
  who.role === 'agent' ? who.agentId : null,
  who.role === 'supervisor' ? who.supervisorId : null,
  who.name,
];

/**
 * An agent's disposition and notes for one of their completed calls: open during its wrap-up and
 * for `graceMinutes` after it ended; every change is recorded with who and when.
 */
export async function saveAgentWrapUp(
  db: Queryable,
  who: Extract<Principal, { role: 'agent' }>,
  assignmentId: number,
  w: WrapUp,
  graceMinutes: number,
): Promise<WrapUpSave> {
  const { rows } = await db.query<{ open: boolean; closedAt: Date }>(
    `WITH target AS (
       SELECT x.id, x.disposition, x.notes, w.closes_at AS "closedAt",
              (x.wrap_up_ended_at IS NULL AND ag.state = 'wrap-up') OR w.closes_at > now() AS open
       FROM assignments x JOIN agents ag ON ag.id = x.agent_id
       CROSS JOIN LATERAL (SELECT coalesce(x.wrap_up_ended_at, x.ended_at) + make_interval(mins => $10) AS closes_at) w
       WHERE x.id = $1 AND x.agent_id = $9 AND x.outcome = 'completed'
       FOR UPDATE OF x),
     saved AS (UPDATE assignments x SET disposition = $2, notes = $3 FROM target t WHERE x.id = t.id AND t.open),
     logged AS (${logChange('$2::text', '$3::text')})
     SELECT open, "closedAt" FROM target`,
    [assignmentId, w.disposition, w.notes, ...whoValues(who), null, who.agentId, graceMinutes],
  );
  const r = rows[0];
  if (!r) return { status: 'not-found' };
  return r.open ? { status: 'saved' } : { status: 'closed', closedAt: r.closedAt };
}

/** A supervisor's correction of any completed call's wrap-up, at any time; recorded like every change. */
export async function correctWrapUp(
  db: Queryable,
  who: Principal,
  assignmentId: number,
  w: Partial<WrapUp> & { reason?: string },
): Promise<boolean> {
  const { rows } = await db.query(
    `WITH target AS (
       SELECT id, disposition, notes, true AS open FROM assignments WHERE id = $1 AND outcome = 'completed' FOR UPDATE),
     saved AS (UPDATE assignments x SET disposition = coalesce($2, t.disposition), notes = coalesce($3, t.notes) FROM target t WHERE x.id = t.id),
     logged AS (${logChange('coalesce($2, t.disposition)', 'coalesce($3, t.notes)')})
     SELECT id FROM target`,
    [assignmentId, w.disposition ?? null, w.notes ?? null, ...whoValues(who), w.reason ?? null],
  );
  return rows.length === 1;
}

/** A completed call's wrap-up as it stands and every change to it, oldest first. */
export async function wrapUpHistory(
  db: Queryable,
  assignmentId: number,
): Promise<
  { assignmentId: number; agentId: number; disposition: string | null; notes: string | null; changes: WrapUpChange[] } | undefined
> {
  const { rows } = await db.query(
    `SELECT x.id AS "assignmentId", x.agent_id AS "agentId", x.disposition, x.notes,
       coalesce((SELECT json_agg(json_build_object(
           'changedAt', c.changed_at,
           'changedBy', json_build_object('role', c.changed_by_role, 'agentId', c.changed_by_agent_id, 'supervisorId', c.changed_by_supervisor_id, 'name', c.changed_by_name),
           'oldDisposition', c.old_disposition, 'newDisposition', c.new_disposition, 'oldNotes', c.old_notes, 'newNotes', c.new_notes, 'reason', c.reason) ORDER BY c.id)
         FROM wrap_up_changes c WHERE c.assignment_id = x.id), '[]') AS changes
     FROM assignments x WHERE x.id = $1 AND x.outcome = 'completed'`,
    [assignmentId],
  );
  return rows[0];
}
