import type { Queryable } from '../../db/pool.js';
import type { AgentState, RequestableState } from './states.js';

// The operations on an agent alone, each one SQL function of migration 013 (declared in transitions.ts).

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
export async function requestAgentState(
  db: Queryable,
  agentId: number,
  state: RequestableState,
  reason: string | null = null,
  actor: string | null = null,
): Promise<AgentStatus | undefined> {
  const { rows } = await db.query<AgentStatus>({
    name: 'request-agent-state',
    text: `SELECT id, state, state_since AS "stateSince", state_reason AS "stateReason", pending_state AS "pendingState"
      FROM request_agent_state($1, $2, $3, $4)`,
    values: [agentId, state, reason, actor],
  });
  return rows[0];
}

/** Agents whose wrap-up is over become available (or what they asked for meanwhile). */
export async function endDueWrapUps(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ ended: number }>({ name: 'end-due-wrap-ups', text: 'SELECT end_due_wrap_ups() AS ended' });
  return rows[0].ended;
}

/** The agent is done with wrap-up before its time is up (the same ending as endDueWrapUps). */
export async function endWrapUp(db: Queryable, agentId: number): Promise<void> {
  await db.query({ name: 'end-wrap-up', text: 'SELECT end_wrap_up($1)', values: [agentId] });
}
