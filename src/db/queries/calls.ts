import type { CallContext } from '../../flows/call-types.js';
import type { Queryable } from '../pool.js';

/** A call row as the webhook path needs it. */
export interface CallRow {
  callSid: string;
  accountSid: string;
  flowId: string;
  flowHash: string;
  fromNumber: string;
  toNumber: string;
  state: string;
  context: CallContext;
  seq: number;
  lastRequestHash: string | null;
  lastIdempotencyToken: string | null;
  lastResponse: string | null;
  endedAt: Date | null;
}

/** One line of the call's event log. */
export interface CallEventRow {
  kind: string;
  step: string | null;
  detail: unknown;
}

const COLUMNS = `call_sid AS "callSid", account_sid AS "accountSid", flow_id AS "flowId", flow_hash AS "flowHash", from_number AS "fromNumber",
  to_number AS "toNumber", state, context, seq, last_request_hash AS "lastRequestHash",
  last_idempotency_token AS "lastIdempotencyToken", last_response AS "lastResponse", ended_at AS "endedAt"`;

/** Loads and locks the call for the rest of the transaction. */
export async function lockCall(db: Queryable, callSid: string): Promise<CallRow | undefined> {
  const { rows } = await db.query<CallRow>({
    name: 'lock-call',
    text: `SELECT ${COLUMNS} FROM calls WHERE call_sid = $1 FOR UPDATE`,
    values: [callSid],
  });
  return rows[0];
}

export async function findCall(db: Queryable, callSid: string): Promise<CallRow | undefined> {
  const { rows } = await db.query<CallRow>({
    name: 'find-call',
    text: `SELECT ${COLUMNS} FROM calls WHERE call_sid = $1`,
    values: [callSid],
  });
  return rows[0];
}

export interface NewCall extends Pick<
  CallRow,
  'callSid' | 'accountSid' | 'flowId' | 'flowHash' | 'fromNumber' | 'toNumber' | 'state' | 'context' | 'seq'
> {
  requestHash: string;
  idempotencyToken: string | null;
  response: string;
  events: CallEventRow[];
}

/**
 * Creates the call with its first answer and events in one statement. Returns false when the call
 * already exists (Twilio retried the first webhook): the caller then replays the stored answer.
 */
export async function insertCall(db: Queryable, c: NewCall): Promise<boolean> {
  const { rows } = await db.query({
    name: 'insert-call',
    text: `WITH created AS (
        INSERT INTO calls (call_sid, account_sid, flow_id, flow_hash, from_number, to_number, state, context, seq,
                           last_request_hash, last_idempotency_token, last_response)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        ON CONFLICT (call_sid) DO NOTHING
        RETURNING call_sid),
      logged AS (
        INSERT INTO call_events (call_sid, kind, step, detail)
        SELECT created.call_sid, e.kind, e.step, e.detail
        FROM created, unnest($13::text[], $14::text[], $15::jsonb[]) AS e(kind, step, detail))
      SELECT call_sid FROM created`,
    values: [
      c.callSid,
      c.accountSid,
      c.flowId,
      c.flowHash,
      c.fromNumber,
      c.toNumber,
      c.state,
      c.context,
      c.seq,
      c.requestHash,
      c.idempotencyToken,
      c.response,
      ...eventColumns(c.events),
    ],
  });
  return rows.length === 1;
}

export interface CallUpdate extends Pick<CallRow, 'callSid' | 'state' | 'context' | 'seq'> {
  requestHash: string;
  idempotencyToken: string | null;
  response: string;
  ended: boolean;
  events: CallEventRow[];
}

/** Saves the step a webhook made, with its answer (for replays) and events, in one statement. */
export async function saveCallStep(db: Queryable, u: CallUpdate): Promise<void> {
  await db.query({
    name: 'save-call-step',
    text: `WITH saved AS (
        UPDATE calls SET state = $2, context = $3, seq = $4, last_request_hash = $5, last_idempotency_token = $6,
               last_response = $7, updated_at = now(),
               ended_at = CASE WHEN $8 THEN coalesce(ended_at, now()) ELSE ended_at END
        WHERE call_sid = $1 RETURNING call_sid)
      INSERT INTO call_events (call_sid, kind, step, detail)
      SELECT saved.call_sid, e.kind, e.step, e.detail FROM saved, unnest($9::text[], $10::text[], $11::jsonb[]) AS e(kind, step, detail)`,
    values: [u.callSid, u.state, u.context, u.seq, u.requestHash, u.idempotencyToken, u.response, u.ended, ...eventColumns(u.events)],
  });
}

/** Status callback: records how the call ended (callbacks can arrive late or twice). */
export async function closeCall(
  db: Queryable,
  c: { callSid: string; status: string; durationSeconds: number | null; state: string; context: CallContext; events: CallEventRow[] },
): Promise<void> {
  await db.query({
    name: 'close-call',
    text: `WITH closed AS (
        UPDATE calls SET ended_at = coalesce(ended_at, now()),
               -- The first final callback tells how the call ended; a late or repeated one does not rewrite it.
               status = CASE WHEN status = 'in-progress' THEN $2 ELSE status END,
               duration_seconds = coalesce(duration_seconds, $3),
               state = $4, context = $5, updated_at = now()
        WHERE call_sid = $1 RETURNING call_sid)
      INSERT INTO call_events (call_sid, kind, step, detail)
      SELECT closed.call_sid, e.kind, e.step, e.detail FROM closed, unnest($6::text[], $7::text[], $8::jsonb[]) AS e(kind, step, detail)`,
    values: [c.callSid, c.status, c.durationSeconds, c.state, c.context, ...eventColumns(c.events)],
  });
}

export async function appendCallEvents(db: Queryable, callSid: string, events: CallEventRow[]): Promise<void> {
  if (!events.length) return;
  await db.query({
    name: 'append-call-events',
    text: `INSERT INTO call_events (call_sid, kind, step, detail)
      SELECT $1, e.kind, e.step, e.detail FROM unnest($2::text[], $3::text[], $4::jsonb[]) AS e(kind, step, detail)
      WHERE EXISTS (SELECT 1 FROM calls WHERE call_sid = $1)`,
    values: [callSid, ...eventColumns(events)],
  });
}

function eventColumns(events: CallEventRow[]): [string[], (string | null)[], string[]] {
  return [events.map((e) => e.kind), events.map((e) => e.step), events.map((e) => JSON.stringify(e.detail ?? {}))];
}
