import type { Queryable } from '../pool.js';

export const AGENT_STATES = ['offline', 'available', 'reserved', 'on-call', 'wrap-up', 'break', 'not-ready'] as const;
export type AgentState = (typeof AGENT_STATES)[number];
/** The states an agent (or a supervisor) can ask for; the others are set by routing. */
export const REQUESTABLE_STATES = ['available', 'break', 'offline', 'not-ready'] as const;
export type RequestableState = (typeof REQUESTABLE_STATES)[number];

export interface AgentStatus {
  id: number;
  state: AgentState;
  stateSince: Date;
  stateReason: string | null;
  pendingState: RequestableState | null;
}

/**
 * An agent asks for a state. While ringing or on a call the request waits (`pending_state`) and is
 * applied when the call's wrap-up ends; during wrap-up it applies at once (ending wrap-up early).
 * Returns undefined when there is no such agent.
 */
export async function requestAgentState(db: Queryable, agentId: number, state: RequestableState, reason: string | null = null): Promise<AgentStatus | undefined> {
  const { rows } = await db.query<AgentStatus>(
    `UPDATE agents SET
       state = CASE WHEN state IN ('reserved', 'on-call') THEN state ELSE $2 END,
       state_since = CASE WHEN state IN ('reserved', 'on-call') OR state = $2 THEN state_since ELSE now() END,
       state_reason = CASE WHEN state IN ('reserved', 'on-call') THEN state_reason ELSE $3 END,
       pending_state = CASE WHEN state IN ('reserved', 'on-call') THEN $2 END,
       pending_reason = CASE WHEN state IN ('reserved', 'on-call') THEN $3 END,
       lease_until = CASE WHEN state IN ('reserved', 'on-call') THEN lease_until END,
       missed_in_row = CASE WHEN $2 = 'available' AND state NOT IN ('reserved', 'on-call') THEN 0 ELSE missed_in_row END
     WHERE id = $1
     RETURNING id, state, state_since AS "stateSince", state_reason AS "stateReason", pending_state AS "pendingState"`,
    [agentId, state, reason],
  );
  return rows[0];
}
