import type { Queryable } from '../pool.js';
import type { Principal } from './people.js';

// Complaint cases (migration 023): the lifecycle's SQL functions and the reads of cases with their
// breach flags, computed by the database against its clock.

export interface CaseRow {
  id: number;
  state: string;
  stateSince: Date;
  source: 'rule' | 'wrap-up' | 'api';
  category: string;
  summary: string;
  customerNumber: string | null;
  callSid: string | null;
  assignmentId: number | null;
  rule: string | null;
  survey: { kind: string; score: number; comment: string | null; channel: string | null } | null;
  owner: { group: string | null; agentId: number | null; agentName: string | null };
  acknowledgeDueAt: Date;
  resolveDueAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** A due time passed before its step was taken (or it still is not). */
  breached: boolean;
  acknowledgeBreached: boolean;
  resolveBreached: boolean;
  /** Open, and the step it waits for is past due now. */
  overdue: boolean;
  recovery: { entryId: number; group: string; state: string; priority: number } | null;
  createdAt: Date;
}

export interface CaseChange {
  at: Date;
  what: string;
  fromState: string | null;
  toState: string | null;
  by: { role: 'agent' | 'supervisor' | 'system'; agentId: number | null; supervisorId: number | null; name: string };
  note: string | null;
  detail: Record<string, unknown> | null;
}

/** Who made a change: a signed-in person, or the system (rules, the deadline check). */
export type CaseActor = Principal | { role: 'system'; name: string };

export const actorValues = (who: CaseActor): [string, number | null, number | null, string] => [
  who.role,
  who.role === 'agent' ? who.agentId : null,
  who.role === 'supervisor' ? who.supervisorId : null,
  who.name,
];

const CASE_JSON = `json_build_object(
  'id', c.id, 'state', c.state, 'stateSince', c.state_since, 'source', c.source, 'category', c.category, 'summary', c.summary,
  'customerNumber', c.customer_number, 'callSid', c.call_sid, 'assignmentId', c.assignment_id,
  'rule', (SELECT r.name FROM feedback_rules r WHERE r.id = c.rule_id),
  'survey', CASE WHEN c.survey_kind IS NULL THEN NULL ELSE json_build_object('kind', c.survey_kind, 'score', c.survey_score, 'comment', c.survey_comment, 'channel', c.survey_channel) END,
  'owner', json_build_object('group', c.owner_group, 'agentId', c.owner_agent_id, 'agentName', (SELECT ag.name FROM agents ag WHERE ag.id = c.owner_agent_id)),
  'acknowledgeDueAt', c.acknowledge_due_at, 'resolveDueAt', c.resolve_due_at,
  'acknowledgedAt', c.acknowledged_at, 'resolvedAt', c.resolved_at, 'closedAt', c.closed_at,
  'breached', case_breached(c), 'acknowledgeBreached', case_acknowledge_breached(c), 'resolveBreached', case_resolve_breached(c),
  'overdue', case_overdue(c),
  'recovery', (SELECT json_build_object('entryId', q.id, 'group', q.group_name, 'state', q.state, 'priority', q.priority) FROM queue_entries q WHERE q.id = c.recovery_entry_id),
  'createdAt', c.created_at)`;

/** The agent owns the case: it is theirs, or their group's with no agent named (an agent of a group meets its requirements). */
const OWNED_BY = (agentParam: string) => `(c.owner_agent_id = ${agentParam} OR (c.owner_agent_id IS NULL AND EXISTS (
  SELECT 1 FROM agent_group_fit f WHERE f.agent_id = ${agentParam} AND f.group_name = c.owner_group AND f.max_cap = 5)))`;

export interface CaseFilters {
  state?: string[];
  open?: boolean;
  ownerGroup?: string;
  ownerAgentId?: number;
  breached?: boolean;
  overdue?: boolean;
  customer?: string;
  createdFrom?: Date;
  createdTo?: Date;
  limit: number;
  /** Only the cases this agent owns. */
  forAgent?: number;
}

/** Cases matching every filter given: overdue first, then the soonest due, newest last. */
export async function listCases(db: Queryable, f: CaseFilters): Promise<CaseRow[]> {
  const { rows } = await db.query<{ c: CaseRow }>(
    `SELECT ${CASE_JSON} AS c FROM cases c
     WHERE ($1::text[] IS NULL OR c.state = ANY ($1))
       AND ($2::boolean IS NULL OR (c.state <> 'closed') = $2)
       AND ($3::text IS NULL OR c.owner_group = $3)
       AND ($4::bigint IS NULL OR c.owner_agent_id = $4)
       AND ($5::boolean IS NULL OR case_breached(c) = $5)
       AND ($6::boolean IS NULL OR case_overdue(c) = $6)
       AND ($7::text IS NULL OR c.customer_number = $7)
       AND ($8::timestamptz IS NULL OR c.created_at >= $8)
       AND ($9::timestamptz IS NULL OR c.created_at < $9)
       AND ($10::bigint IS NULL OR ${OWNED_BY('$10')})
     ORDER BY case_overdue(c) DESC, CASE WHEN c.state = 'received' THEN least(c.acknowledge_due_at, c.resolve_due_at) ELSE c.resolve_due_at END, c.id
     LIMIT $11`,
    [
      f.state ?? null,
      f.open ?? null,
      f.ownerGroup ?? null,
      f.ownerAgentId ?? null,
      f.breached ?? null,
      f.overdue ?? null,
      f.customer ?? null,
      f.createdFrom ?? null,
      f.createdTo ?? null,
      f.forAgent ?? null,
      f.limit,
    ],
  );
  return rows.map((r) => r.c);
}

/** One case with every change to it, oldest first; `ownedBy` says whether the agent given owns it. */
export async function caseWithHistory(
  db: Queryable,
  id: number,
  agentId: number | null,
): Promise<{ case: CaseRow; history: CaseChange[]; ownedBy: boolean } | undefined> {
  const { rows } = await db.query(
    `SELECT ${CASE_JSON} AS case,
       coalesce((SELECT json_agg(json_build_object('at', h.changed_at, 'what', h.what, 'fromState', h.from_state, 'toState', h.to_state,
           'by', json_build_object('role', h.by_role, 'agentId', h.by_agent_id, 'supervisorId', h.by_supervisor_id, 'name', h.by_name),
           'note', h.note, 'detail', h.detail) ORDER BY h.id) FROM case_changes h WHERE h.case_id = c.id), '[]') AS history,
       $2::bigint IS NOT NULL AND ${OWNED_BY('$2')} AS "ownedBy"
     FROM cases c WHERE c.id = $1`,
    [id, agentId],
  );
  return rows[0];
}

export interface NewCase {
  source: 'rule' | 'wrap-up' | 'api';
  category: string;
  summary: string;
  customerNumber: string | null;
  callSid: string | null;
  assignmentId: number | null;
  ruleId: number | null;
  survey: { kind: string; score: number; comment: string | null; channel: string } | null;
  ownerGroup: string | null;
  ownerAgentId: number | null;
  note: string | null;
}

/** Opens a case in `received` (open_case: due times from the centre's settings, the 'opened' change). */
export async function insertCase(db: Queryable, c: NewCase, who: CaseActor): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT open_case($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) AS id',
    [
      c.source,
      c.category,
      c.summary,
      c.customerNumber,
      c.callSid,
      c.assignmentId,
      c.ruleId,
      c.survey ? JSON.stringify(c.survey) : null,
      c.ownerGroup,
      c.ownerAgentId,
      ...actorValues(who),
      c.note,
    ],
  );
  return Number(rows[0].id);
}

/** The one SQL function that moves a case between states (and refuses what is not allowed). */
export async function changeCaseState(
  db: Queryable,
  id: number,
  to: string,
  who: CaseActor,
  note: string | null,
): Promise<{ status: 'changed' | 'refused'; fromState: string } | undefined> {
  const { rows } = await db.query(
    'SELECT status, from_state AS "fromState" FROM change_case_state($1, $2, $3, $4, $5, $6, $7) WHERE status IS NOT NULL',
    [id, to, ...actorValues(who), note],
  );
  return rows[0];
}

export async function assignCase(
  db: Queryable,
  id: number,
  owner: { group: string | null; agentId: number | null },
  who: CaseActor,
  note: string | null,
): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>('SELECT assign_case($1, $2, $3, $4, $5, $6, $7, $8) AS ok', [
    id,
    owner.group,
    owner.agentId,
    ...actorValues(who),
    note,
  ]);
  return rows[0].ok;
}

/** Adds a change to a case's history with no state change (a note, feedback, a callback booked, a message asked for). */
export async function recordCaseChange(
  db: Queryable,
  id: number,
  what: 'note' | 'feedback' | 'callback' | 'message',
  who: CaseActor,
  note: string | null,
  detail: Record<string, unknown> | null = null,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO case_changes (case_id, what, by_role, by_agent_id, by_supervisor_id, by_name, note, detail)
     SELECT id, $2, $3, $4, $5, $6, $7, $8 FROM cases WHERE id = $1`,
    [id, what, ...actorValues(who), note, detail ? JSON.stringify(detail) : null],
  );
  return rowCount === 1;
}

/** The customer's case still open (not closed), newest first. */
export async function openCaseOf(db: Queryable, customerNumber: string): Promise<{ id: number; state: string } | undefined> {
  const { rows } = await db.query<{ id: string; state: string }>(
    `SELECT id, state FROM cases WHERE customer_number = $1 AND state <> 'closed' ORDER BY id DESC LIMIT 1`,
    [customerNumber],
  );
  return rows[0] ? { id: Number(rows[0].id), state: rows[0].state } : undefined;
}

export async function setRecoveryEntry(db: Queryable, caseId: number, entryId: number): Promise<void> {
  await db.query('UPDATE cases SET recovery_entry_id = $2 WHERE id = $1', [caseId, entryId]);
}

/** Marks each open case whose due time passed, once (a 'breached' change); returns their ids. */
export async function markCaseBreaches(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ id: string }>('SELECT mark_case_breaches() AS id');
  return rows.map((r) => Number(r.id));
}

/** Asks for a text message to the customer (the SMS sender delivers the pending ones). */
/** The texts sent about a case (its acknowledgement), as the SMS outbox has them: pending, sent, delivered, failed… */
export async function caseMessages(
  db: Queryable,
  caseId: number,
): Promise<{ id: number; to: string; body: string; status: string; requestedAt: Date }[]> {
  const { rows } = await db.query(
    `SELECT id::int, to_number AS to, body, status, created_at AS "requestedAt" FROM sms_messages WHERE case_id = $1 ORDER BY id`,
    [caseId],
  );
  return rows;
}

/** The number a call dialled: what a text about it is sent from. */
export async function dialledNumber(db: Queryable, callSid: string): Promise<string | undefined> {
  const { rows } = await db.query<{ to: string }>('SELECT to_number AS to FROM calls WHERE call_sid = $1', [callSid]);
  return rows[0]?.to;
}

/** What a feedback rule needs to know about the call an answer belongs to. */
export async function feedbackCall(
  db: Queryable,
  callSid: string,
): Promise<{ from: string; language: string | null; queued: boolean } | undefined> {
  const { rows } = await db.query({
    name: 'feedback-call',
    text: `SELECT c.from_number AS from, c.context->>'language' AS language,
       EXISTS (SELECT 1 FROM queue_entries q WHERE q.call_sid = c.call_sid AND q.state IN ('waiting', 'offered', 'connected', 'callback')) AS queued
     FROM calls c WHERE c.call_sid = $1`,
    values: [callSid],
  });
  return rows[0];
}

/** The call and caller of a completed agent call (for a case opened at its wrap-up). */
export async function wrapUpCall(
  db: Queryable,
  assignmentId: number,
): Promise<{ callSid: string; caller: string; group: string; caseId: number | null } | undefined> {
  const { rows } = await db.query(
    `SELECT c.call_sid AS "callSid", coalesce(q.callback_number, c.from_number) AS caller, q.group_name AS group,
       (SELECT k.id FROM cases k WHERE k.assignment_id = x.id) AS "caseId"
     FROM assignments x JOIN queue_entries q ON q.id = x.entry_id JOIN calls c ON c.call_sid = q.call_sid WHERE x.id = $1`,
    [assignmentId],
  );
  return rows[0];
}
