import type { Queryable } from '../pool.js';

/** SQL to free an agent after a call that never reached them: pending request first, else available. */
const RELEASE = `state = coalesce(pending_state, 'available'), state_reason = pending_reason, pending_state = NULL,
  pending_reason = NULL, lease_until = NULL, state_since = now()`;

export interface Claim {
  assignmentId: number;
  entryId: number;
  agentId: number;
  callSid: string;
  kind: 'inbound' | 'callback';
  group: string;
  ringTimeoutSeconds: number;
}

/** Claims up to `max` caller–agent matches in routing order, in one statement; see claim_assignments(). */
export async function claimBatch(db: Queryable, max: number): Promise<Claim[]> {
  const { rows } = await db.query<Claim>({
    name: 'claim-batch',
    text: `SELECT assignment_id AS "assignmentId", entry_id AS "entryId", agent_id AS "agentId", call_sid AS "callSid",
      kind, group_name AS "group", ring_timeout_seconds AS "ringTimeoutSeconds" FROM claim_assignments($1)`,
    values: [max],
  });
  return rows;
}

/** Claims the next match, or nothing. */
export async function claimNext(db: Queryable): Promise<Claim | undefined> {
  return (await claimBatch(db, 1))[0];
}

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
}

export async function assignmentDetails(db: Queryable, id: number): Promise<AssignmentDetails | undefined> {
  const { rows } = await db.query<AssignmentDetails>({
    name: 'assignment-details',
    text: `SELECT a.id, a.state, a.kind, q.call_sid AS "callSid", a.agent_id AS "agentId", ag.name AS "agentName",
        ag.contact_kind AS "contactKind", ag.contact, q.group_name AS "group", g.ring_timeout_seconds AS "ringTimeoutSeconds",
        c.from_number AS "callerNumber", c.to_number AS "centreNumber", q.callback_number AS "callbackNumber",
        q.language, q.first_entered_at AS "firstEnteredAt"
      FROM assignments a JOIN queue_entries q ON q.id = a.entry_id JOIN agents ag ON ag.id = a.agent_id
      JOIN skill_groups g ON g.name = q.group_name JOIN calls c ON c.call_sid = q.call_sid
      WHERE a.id = $1`,
    values: [id],
  });
  return rows[0];
}

/** The agent pressed 1: the assignment is connected, the agent on the call (a long lease). */
export async function acceptAssignment(db: Queryable, id: number, agentCallSid: string | null): Promise<boolean> {
  const { rows } = await db.query({
    name: 'accept-assignment',
    text: `WITH accepted AS (
        UPDATE assignments SET state = 'connected', answered_at = now(), agent_call_sid = coalesce($2, agent_call_sid)
        WHERE id = $1 AND state = 'ringing' RETURNING agent_id, entry_id),
      agent AS (
        UPDATE agents SET state = 'on-call', state_since = now(), lease_until = now() + interval '4 hours', missed_in_row = 0
        WHERE id IN (SELECT agent_id FROM accepted)),
      entry AS (
        UPDATE queue_entries SET state = 'connected', state_since = now() WHERE id IN (SELECT entry_id FROM accepted))
      SELECT 1 FROM accepted`,
    values: [id, agentCallSid],
  });
  return rows.length === 1;
}

/**
 * The call with the agent is over (talked): assignment completed, entry completed, agent into
 * wrap-up for the group's seconds. Safe to run twice (Dial action and status callback both end it).
 */
export async function completeAssignment(db: Queryable, id: number): Promise<void> {
  await db.query({
    name: 'complete-assignment',
    text: `WITH done AS (
        UPDATE assignments a SET state = 'ended', outcome = 'completed', ended_at = now(),
          wrap_up_until = now() + make_interval(secs => g.wrap_up_seconds)
        FROM queue_entries q, skill_groups g
        WHERE a.id = $1 AND a.state = 'connected' AND q.id = a.entry_id AND g.name = q.group_name
        RETURNING a.agent_id, a.entry_id, a.wrap_up_until),
      entry AS (
        UPDATE queue_entries SET state = 'completed', state_since = now(), ended_at = now() WHERE id IN (SELECT entry_id FROM done))
      UPDATE agents ag SET state = 'wrap-up', state_since = now(), lease_until = done.wrap_up_until,
        calls_today = CASE WHEN calls_today_date = current_date THEN calls_today + 1 ELSE 1 END, calls_today_date = current_date
      FROM done WHERE ag.id = done.agent_id`,
    values: [id],
  });
}

export type MissOutcome = 'no-answer' | 'busy' | 'failed' | 'rejected' | 'lost';

/**
 * The agent did not take the call. The caller's entry goes back to where it was (its original
 * place); the agent is available again, or not-ready after the group's number of misses in a row,
 * and is not offered this caller again for the group's miss back-off (expired back-offs are
 * pruned here, so the table holds only recent misses).
 */
export async function missAssignment(db: Queryable, id: number, outcome: MissOutcome): Promise<boolean> {
  const { rows } = await db.query({
    name: 'miss-assignment',
    text: `WITH missed AS (
        UPDATE assignments SET state = 'ended', outcome = $2, ended_at = now() WHERE id = $1 AND state = 'ringing'
        RETURNING agent_id, entry_id, kind),
      entry AS (
        UPDATE queue_entries q SET state = CASE WHEN m.kind = 'callback' THEN 'callback' ELSE 'waiting' END, state_since = now()
        FROM missed m WHERE q.id = m.entry_id AND q.state = 'offered'),
      backoff AS (
        INSERT INTO agent_entry_backoffs (entry_id, agent_id, until)
        SELECT m.entry_id, m.agent_id, now() + make_interval(secs => g.miss_backoff_seconds)
        FROM missed m JOIN queue_entries q ON q.id = m.entry_id JOIN skill_groups g ON g.name = q.group_name
        WHERE g.miss_backoff_seconds > 0
        ON CONFLICT (entry_id, agent_id) DO UPDATE SET until = EXCLUDED.until),
      pruned AS (
        DELETE FROM agent_entry_backoffs b WHERE b.until <= now()
          AND NOT EXISTS (SELECT 1 FROM missed m WHERE m.entry_id = b.entry_id AND m.agent_id = b.agent_id))
      UPDATE agents ag SET missed_in_row = ag.missed_in_row + 1, state_since = now(), lease_until = NULL,
        state = CASE WHEN ag.missed_in_row + 1 >= g.max_misses THEN 'not-ready' ELSE coalesce(ag.pending_state, 'available') END,
        state_reason = CASE WHEN ag.missed_in_row + 1 >= g.max_misses THEN 'missed ' || (ag.missed_in_row + 1) || ' calls in a row' ELSE ag.pending_reason END,
        pending_state = NULL, pending_reason = NULL
      FROM missed m, queue_entries q, skill_groups g
      WHERE ag.id = m.agent_id AND q.id = m.entry_id AND g.name = q.group_name
      RETURNING ag.id`,
    values: [id, outcome],
  });
  return rows.length === 1;
}

/**
 * A ring is withdrawn (the agent is released, not counted as missing it). The caller is
 * `abandoned`, or goes `back-in-line` (a callback back to waiting for its callback), unless their
 * call has ended meanwhile, which is an abandon too. A `lost` ring is one the reconciler found
 * outliving its lease.
 */
export async function cancelAssignment(db: Queryable, id: number, outcome: 'caller-hung-up' | 'cancelled' | 'lost', entryState: 'back-in-line' | 'abandoned'): Promise<void> {
  await db.query({
    name: 'cancel-assignment',
    text: `WITH cancelled AS (
        UPDATE assignments SET state = 'ended', outcome = $2, ended_at = now() WHERE id = $1 AND state = 'ringing'
        RETURNING agent_id, entry_id, kind),
      target AS (
        SELECT c.entry_id, c.kind, CASE
            WHEN $3 = 'abandoned' OR (c.kind = 'inbound' AND k.ended_at IS NOT NULL) THEN 'abandoned'
            WHEN c.kind = 'callback' THEN 'callback' ELSE 'waiting' END AS state
        FROM cancelled c JOIN queue_entries q ON q.id = c.entry_id JOIN calls k ON k.call_sid = q.call_sid),
      entry AS (
        UPDATE queue_entries q SET state = t.state, state_since = now(), ended_at = CASE WHEN t.state = 'abandoned' THEN now() END,
          -- A withdrawn offer is not retried at once: in a second for a caller on the line, in a minute for a callback.
          not_before = CASE WHEN t.state <> 'abandoned' THEN now() + CASE WHEN t.kind = 'callback' THEN interval '1 minute' ELSE interval '2 seconds' END END
        FROM target t WHERE q.id = t.entry_id AND q.state = 'offered')
      UPDATE agents SET ${RELEASE} WHERE id IN (SELECT agent_id FROM cancelled)`,
    values: [id, outcome, entryState],
  });
}

/** The live assignment of a call's open entry, if any (for status callbacks and dial results). */
export async function liveAssignmentOfCall(db: Queryable, callSid: string): Promise<{ id: number; state: 'ringing' | 'connected'; kind: string } | undefined> {
  const { rows } = await db.query({
    name: 'live-assignment-of-call',
    text: `SELECT a.id, a.state, a.kind FROM assignments a JOIN queue_entries q ON q.id = a.entry_id
      WHERE q.call_sid = $1 AND a.state IN ('ringing', 'connected')`,
    values: [callSid],
  });
  return rows[0];
}

/** Agents whose wrap-up is over become available (or what they asked for meanwhile). */
export async function endDueWrapUps(db: Queryable): Promise<number> {
  const { rowCount } = await db.query({
    name: 'end-due-wrap-ups',
    text: `UPDATE agents SET ${RELEASE}, missed_in_row = 0 WHERE state = 'wrap-up' AND lease_until <= now()`,
  });
  return rowCount ?? 0;
}

/** The agent is done with wrap-up before its time is up (the same ending as endDueWrapUps). */
export async function endWrapUp(db: Queryable, agentId: number): Promise<void> {
  await db.query({
    name: 'end-wrap-up',
    text: `UPDATE agents SET ${RELEASE}, missed_in_row = 0 WHERE id = $1 AND state = 'wrap-up'`,
    values: [agentId],
  });
}

export { RELEASE as RELEASE_AGENT_SQL };

/**
 * The caller's call is over (status callback): an agent ringing for them is released without a
 * miss, a call in progress with an agent is completed (wrap-up), and a waiting entry is abandoned.
 * Callback entries stay: hanging up is how a caller waits for their callback.
 */
export async function callerGone(db: Queryable, callSid: string): Promise<void> {
  const live = await liveAssignmentOfCall(db, callSid);
  if (live?.state === 'ringing' && live.kind === 'inbound') await cancelAssignment(db, live.id, 'caller-hung-up', 'abandoned');
  if (live?.state === 'connected' && live.kind === 'inbound') await completeAssignment(db, live.id);
  await db.query({
    name: 'abandon-entry',
    text: `UPDATE queue_entries SET state = 'abandoned', state_since = now(), ended_at = now()
      WHERE call_sid = $1 AND state IN ('waiting', 'offered') AND callback_number IS NULL`,
    values: [callSid],
  });
}

/**
 * The agent's Dial for this caller ended: talked (completed), or not: a miss, unless the caller hung
 * up while it rang. Returns whether they talked, and the miss if it was one.
 */
export async function finishDial(db: Queryable, assignmentId: number, dialStatus: string, callerGone = false): Promise<{ bridged: boolean; missed?: MissOutcome }> {
  const a = await assignmentDetails(db, assignmentId);
  if (a?.state === 'connected') {
    await completeAssignment(db, assignmentId);
    return { bridged: true };
  }
  if (a?.state === 'ringing' && callerGone) await cancelAssignment(db, assignmentId, 'caller-hung-up', 'abandoned');
  else if (a?.state === 'ringing') {
    const missed = MISS_OUTCOMES[dialStatus] ?? 'rejected';
    if (await missAssignment(db, assignmentId, missed)) return { bridged: false, missed };
  }
  return { bridged: false };
}

/** How a ring that did not reach the agent ended, by Twilio's call or dial status. */
export const MISS_OUTCOMES: Readonly<Record<string, MissOutcome>> = { 'no-answer': 'no-answer', canceled: 'no-answer', busy: 'busy', failed: 'failed', completed: 'rejected' };

/** The agent's own call of a callback (agent first): noted once, for the reconciler's status checks. */
export async function noteAgentCallSid(db: Queryable, assignmentId: number, callSid: string | null): Promise<void> {
  await db.query({
    name: 'note-agent-call-sid',
    text: 'UPDATE assignments SET agent_call_sid = coalesce(agent_call_sid, $2) WHERE id = $1',
    values: [assignmentId, callSid],
  });
}

/** A callback reached the agent but not the customer: the customer keeps their place and is tried again later (three tries). */
export async function callbackNotReached(db: Queryable, id: number): Promise<void> {
  await db.query({
    name: 'callback-not-reached',
    text: `WITH ended AS (
        UPDATE assignments SET state = 'ended', outcome = 'failed', ended_at = now() WHERE id = $1 AND state = 'connected'
        RETURNING agent_id, entry_id),
      entry AS (
        UPDATE queue_entries q SET callback_attempts = q.callback_attempts + 1,
          state = CASE WHEN q.callback_attempts + 1 >= 3 THEN 'failed' ELSE 'callback' END, state_since = now(),
          not_before = now() + interval '5 minutes', ended_at = CASE WHEN q.callback_attempts + 1 >= 3 THEN now() END
        FROM ended WHERE q.id = ended.entry_id)
      UPDATE agents SET ${RELEASE} WHERE id IN (SELECT agent_id FROM ended)`,
    values: [id],
  });
}

/**
 * An offer's state, its row locked until the transaction ends: the caller's DIAL_RESULT reads it
 * before the step, so the agent leg cannot connect or end the offer before the step's effect does.
 */
export async function lockedOfferState(db: Queryable, id: number): Promise<AssignmentDetails['state'] | undefined> {
  const { rows } = await db.query<{ state: AssignmentDetails['state'] }>({
    name: 'locked-offer-state',
    text: 'SELECT state FROM assignments WHERE id = $1 FOR UPDATE',
    values: [id],
  });
  return rows[0]?.state;
}
