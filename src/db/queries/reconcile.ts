import type { Queryable } from '../pool.js';

// Any fixed number; all instances agree on it, so only one reconciles at a time.
const RECONCILE_LOCK = 7_482_913_002;

/** Takes the reconciler's lock on this connection, if no other instance holds it. */
export async function tryReconcileLock(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>({
    name: 'reconcile-lock',
    text: 'SELECT pg_try_advisory_lock($1) AS ok',
    values: [RECONCILE_LOCK],
  });
  return rows[0].ok;
}

export async function releaseReconcileLock(db: Queryable): Promise<void> {
  await db.query({ name: 'reconcile-unlock', text: 'SELECT pg_advisory_unlock($1)', values: [RECONCILE_LOCK] });
}

/** Rings whose lease ran out: the agent's phone rang longer than any ring timeout allows. */
export async function expiredRings(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>({
    name: 'expired-rings',
    text: `SELECT a.id FROM assignments a JOIN agents ag ON ag.id = a.agent_id WHERE a.state = 'ringing' AND ag.lease_until < now()`,
  });
  return rows.map((r) => r.id);
}

export interface ConnectedAssignment {
  id: number;
  kind: string;
  callSid: string;
  agentCallSid: string | null;
  /** The caller's call has ended. */
  ended: boolean;
  /** The agent's lease ran out. */
  expired: boolean;
  /** Talking for over `longCallSeconds`: worth asking Twilio whether the call is still going. */
  long: boolean;
}

export async function connectedAssignments(db: Queryable, longCallSeconds: number): Promise<ConnectedAssignment[]> {
  const { rows } = await db.query<ConnectedAssignment>({
    name: 'connected-assignments',
    text: `SELECT a.id, a.kind, q.call_sid AS "callSid", a.agent_call_sid AS "agentCallSid", c.ended_at IS NOT NULL AS ended,
        ag.lease_until < now() AS expired, a.answered_at < now() - make_interval(secs => $1) AS long
      FROM assignments a JOIN agents ag ON ag.id = a.agent_id JOIN queue_entries q ON q.id = a.entry_id
      JOIN calls c ON c.call_sid = q.call_sid WHERE a.state = 'connected'`,
    values: [longCallSeconds],
  });
  return rows;
}

/**
 * Open calls that have sent nothing (no webhook) for a while: `waitingSeconds` for a caller waiting
 * in a queue, `otherSeconds` for any other (a menu, a voicemail, a transfer). Their hang-up may have
 * been missed (a lost status callback), which Twilio can tell. Calls ringing or talking to an agent
 * are left to the ring's lease and the long-call check.
 */
export async function silentCalls(db: Queryable, limits: { waitingSeconds: number; otherSeconds: number }): Promise<string[]> {
  const { rows } = await db.query<{ callSid: string }>({
    name: 'silent-calls',
    text: `SELECT c.call_sid AS "callSid" FROM calls c
      WHERE c.ended_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM queue_entries q JOIN assignments a ON a.entry_id = q.id
          WHERE q.call_sid = c.call_sid AND a.state IN ('ringing', 'connected'))
        AND c.updated_at < now() - make_interval(secs => CASE
          WHEN EXISTS (SELECT 1 FROM queue_entries q WHERE q.call_sid = c.call_sid AND q.state = 'waiting') THEN $1::float8 ELSE $2::float8 END)`,
    values: [limits.waitingSeconds, limits.otherSeconds],
  });
  return rows.map((r) => r.callSid);
}

/**
 * Callers waiting past their group's maximum wait who have not been heard from since it passed
 * (their own next waitUrl request would overflow them). Each is kept from agents for
 * `holdSeconds` while it is redirected to its overflow; returns the call and its current step.
 */
export async function takeOverdueCallers(db: Queryable, holdSeconds: number): Promise<{ callSid: string; seq: number }[]> {
  const { rows } = await db.query<{ callSid: string; seq: number }>({
    name: 'take-overdue-callers',
    text: `UPDATE queue_entries q SET not_before = now() + make_interval(secs => $1)
      FROM calls c, skill_groups g
      WHERE c.call_sid = q.call_sid AND g.name = q.group_name
        AND q.state = 'waiting' AND q.callback_number IS NULL AND c.ended_at IS NULL
        AND (q.not_before IS NULL OR q.not_before <= now())
        AND q.entered_at + make_interval(secs => g.max_wait_seconds) <= now()
        AND c.updated_at < q.entered_at + make_interval(secs => g.max_wait_seconds)
      RETURNING q.call_sid AS "callSid", c.seq`,
    values: [holdSeconds],
  });
  return rows;
}
