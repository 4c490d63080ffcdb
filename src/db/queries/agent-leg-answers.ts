import type { Queryable } from '../pool.js';

/** One agent-leg webhook as it identifies itself: Twilio's retry has the same token, or the same URL and parameters. */
export interface AgentLegRequestKey {
  assignmentId: number;
  route: string;
  requestHash: string;
  idempotencyToken: string | null;
}

/**
 * Locks the assignment for the webhook's transaction: a retry arriving while the first copy is
 * still running waits here, then finds its answer. False when there is no such assignment.
 */
export async function lockAssignment(db: Queryable, assignmentId: number): Promise<boolean> {
  const { rowCount } = await db.query({
    name: 'lock-assignment',
    text: 'SELECT 1 FROM assignments WHERE id = $1 FOR NO KEY UPDATE',
    values: [assignmentId],
  });
  return rowCount === 1;
}

/** The answer already given to this request, if any (read after the lock, so a copy that just committed is seen). */
export async function storedAgentLegAnswer(db: Queryable, k: AgentLegRequestKey): Promise<string | undefined> {
  const { rows } = await db.query<{ response: string }>({
    name: 'stored-agent-leg-answer',
    text: `SELECT response FROM agent_leg_answers
      WHERE assignment_id = $1 AND route = $2 AND (request_hash = $3 OR idempotency_token = $4) LIMIT 1`,
    values: [k.assignmentId, k.route, k.requestHash, k.idempotencyToken],
  });
  return rows[0]?.response;
}

/** Keeps the first answer to a request, in the transaction of the change it answers. */
export async function saveAgentLegAnswer(db: Queryable, k: AgentLegRequestKey, response: string): Promise<void> {
  await db.query({
    name: 'save-agent-leg-answer',
    text: `INSERT INTO agent_leg_answers (assignment_id, route, request_hash, idempotency_token, response)
      VALUES ($1, $2, $3, $4, $5) ON CONFLICT (assignment_id, route, request_hash) DO NOTHING`,
    values: [k.assignmentId, k.route, k.requestHash, k.idempotencyToken, response],
  });
}
