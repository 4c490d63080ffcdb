import type { Queryable } from '../pool.js';

// Reads of agent offers (assignments). Their state changes are the routing lifecycle's operations
// (src/routing/lifecycle/, SQL functions of migration 013).

export interface AssignmentDetails {
  id: number;
  state: 'ringing' | 'connected' | 'ended';
  kind: 'inbound' | 'callback';
  callSid: string;
  agentId: number;
  agentName: string;
  contactKind: 'phone' | 'client' | 'sip';
  contact: string;
  group: string;
  ringTimeoutSeconds: number;
  callerNumber: string;
  centreNumber: string;
  callbackNumber: string | null;
  language: string | null;
  firstEnteredAt: Date;
  /** The case a recovery callback is for (migration 023). */
  recoveryCaseId: number | null;
}

export async function assignmentDetails(db: Queryable, id: number): Promise<AssignmentDetails | undefined> {
  const { rows } = await db.query<AssignmentDetails>({
    name: 'assignment-details',
    text: `SELECT a.id, a.state, a.kind, q.call_sid AS "callSid", a.agent_id AS "agentId", ag.name AS "agentName",
        ag.contact_kind AS "contactKind", ag.contact, q.group_name AS "group", g.ring_timeout_seconds AS "ringTimeoutSeconds",
        c.from_number AS "callerNumber", c.to_number AS "centreNumber", q.callback_number AS "callbackNumber",
        q.language, q.first_entered_at AS "firstEnteredAt",
        (SELECT k.id FROM cases k WHERE k.recovery_entry_id = q.id) AS "recoveryCaseId"
      FROM assignments a JOIN queue_entries q ON q.id = a.entry_id JOIN agents ag ON ag.id = a.agent_id
      JOIN skill_groups g ON g.name = q.group_name JOIN calls c ON c.call_sid = q.call_sid
      WHERE a.id = $1`,
    values: [id],
  });
  return rows[0];
}

/**
 * An offer's state (undefined: no such offer), its row locked until the transaction ends: the
 * caller's DIAL_RESULT reads it before the step, so the agent leg cannot connect or end the offer
 * before the step's effect does; the operation that ends it reads it again under the same lock.
 */
export async function lockedOfferState(db: Queryable, id: number): Promise<AssignmentDetails['state'] | undefined> {
  const { rows } = await db.query<{ state: AssignmentDetails['state'] }>({
    name: 'locked-offer-state',
    text: 'SELECT state FROM assignments WHERE id = $1 FOR UPDATE',
    values: [id],
  });
  return rows[0]?.state;
}

/** The call an agent is talking on (a connected offer), with what a transfer needs: the caller's call, its step and group. */
export interface AgentCall {
  assignmentId: number;
  kind: 'inbound' | 'callback';
  callSid: string;
  seq: number;
  group: string;
}

export async function agentConnectedCall(db: Queryable, agentId: number): Promise<AgentCall | undefined> {
  const { rows } = await db.query<AgentCall>({
    name: 'agent-connected-call',
    text: `SELECT a.id AS "assignmentId", a.kind, q.call_sid AS "callSid", c.seq, q.group_name AS "group"
      FROM assignments a JOIN queue_entries q ON q.id = a.entry_id JOIN calls c ON c.call_sid = q.call_sid
      WHERE a.agent_id = $1 AND a.state = 'connected' AND c.ended_at IS NULL
      ORDER BY a.id DESC LIMIT 1`,
    values: [agentId],
  });
  return rows[0];
}
