import { inTransaction, type Pool, type Queryable } from '../pool.js';
import type { SurveyKind } from './recordings.js';

// Text messages (migration 022). Times are the call path's clock, passed in: a test's fake clock
// and SWITCHBOARD_CLOCK move due times, survey windows and the frequency cap alike.

export type OutboundPurpose = 'survey' | 'text-step' | 'case-ack';

/** A message to send, written to the outbox in the transaction that decided it. */
export async function queueOutboundSms(
  db: Queryable,
  m: {
    purpose: OutboundPurpose;
    callSid: string | null;
    step: string | null;
    to: string;
    sender: string;
    body: string;
    language: string | null;
    /** When to send it (the caller's clock); absent: at once, whatever the worker's clock says. */
    dueAt?: Date;
    /** The case a case-ack acknowledges. */
    caseId?: number;
  },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO sms_messages (direction, purpose, call_sid, step, to_number, sender, body, language, status, due_at, created_at, updated_at, case_id)
     VALUES ('outbound', $1, $2, $3, $4, $5, $6, $7, 'pending', coalesce($8::timestamptz, '-infinity'), coalesce($8::timestamptz, now()), coalesce($8::timestamptz, now()), $9)
     RETURNING id`,
    [m.purpose, m.callSid, m.step, m.to, m.sender, m.body, m.language, m.dueAt ?? null, m.caseId ?? null],
  );
  return Number(rows[0].id);
}

/** A message the worker took to send. */
export interface ClaimedSms {
  id: number;
  purpose: OutboundPurpose;
  callSid: string | null;
  to: string;
  sender: string;
  body: string;
  attempts: number;
  optedOut: boolean;
}

/**
 * Takes up to `limit` due messages for this instance: locked with SKIP LOCKED, so another instance
 * takes other rows, and marked `sending` before the lock is released, so none is taken twice.
 */
export async function claimDueSms(db: Queryable, at: Date, limit: number): Promise<ClaimedSms[]> {
  const { rows } = await db.query<ClaimedSms>(
    `WITH due AS (
       SELECT id FROM sms_messages WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
     UPDATE sms_messages m SET status = 'sending', claimed_at = $1, attempts = m.attempts + 1, updated_at = $1
     FROM due WHERE m.id = due.id
     RETURNING m.id::int AS id, m.purpose, m.call_sid AS "callSid", m.to_number AS "to", m.sender, m.body, m.attempts,
       EXISTS (SELECT 1 FROM sms_opt_outs o WHERE o.number = m.to_number) AS "optedOut"`,
    [at, limit],
  );
  return rows;
}

/** Twilio's statuses in the order a message moves through them: a late callback never moves one back. */
const statusRank = (status: string) => `CASE ${status} WHEN 'accepted' THEN 1 WHEN 'scheduled' THEN 1 WHEN 'queued' THEN 2
  WHEN 'sending' THEN 3 WHEN 'sent' THEN 4 WHEN 'delivered' THEN 5 WHEN 'undelivered' THEN 5 WHEN 'failed' THEN 5 WHEN 'canceled' THEN 5
  WHEN 'read' THEN 6 ELSE 0 END`;

/** Serializes what is written about one MessageSid until the transaction ends. */
const lockMessage = (db: Queryable, messageSid: string) => db.query(`SELECT pg_advisory_xact_lock(hashtext('sms:' || $1))`, [messageSid]);

/** Twilio took the message (its MessageSid and first status). */
export async function markSmsSent(db: Queryable, id: number, r: { messageSid: string; status: string; at: Date }): Promise<void> {
  // Twilio may report statuses before its answer to Messages.create reaches us: the furthest one
  // already reported wins over the answer's. The message's lock (held to commit; `db` is a
  // transaction) orders this with its status callbacks, so none is missed in between.
  await lockMessage(db, r.messageSid);
  await db.query(
    `WITH reported AS (
       SELECT s.status, s.error_code FROM sms_message_statuses s WHERE s.message_sid = $3
       ORDER BY ${statusRank('s.status')} DESC, s.id DESC LIMIT 1)
     UPDATE sms_messages SET message_sid = $3, sent_at = $4, updated_at = $4,
       status = CASE WHEN (SELECT ${statusRank('reported.status')} FROM reported) > ${statusRank('$2::text')}
                     THEN (SELECT reported.status FROM reported) ELSE $2 END,
       error_code = (SELECT reported.error_code FROM reported)
     WHERE id = $1`,
    [id, r.status, r.messageSid, r.at],
  );
}

/** Not sent: `refused` (we would not: opted out) or `failed` (Twilio would not, or gave up); a message is never dropped silently. */
export async function markSmsNotSent(
  db: Queryable,
  id: number,
  r: { status: 'refused' | 'failed'; errorCode?: string | null; error: string; at: Date },
): Promise<void> {
  await db.query(`UPDATE sms_messages SET status = $2, error_code = $3, error = $4, updated_at = $5 WHERE id = $1`, [
    id,
    r.status,
    r.errorCode ?? null,
    r.error.slice(0, 500),
    r.at,
  ]);
}

/** A send that may succeed later (Twilio unreachable, 429, 5xx): back to the outbox at `dueAt`. */
export async function retrySmsLater(db: Queryable, id: number, r: { dueAt: Date; error: string; at: Date }): Promise<void> {
  await db.query(`UPDATE sms_messages SET status = 'pending', due_at = $2, error = $3, updated_at = $4 WHERE id = $1`, [
    id,
    r.dueAt,
    r.error.slice(0, 500),
    r.at,
  ]);
}

/**
 * Messages left `sending` by an instance that stopped mid-send: whether Twilio took them is
 * unknown, and a second copy is worse than none, so they are failed (not resent) and returned.
 */
export async function failAbandonedSends(db: Queryable, claimedBefore: Date, at: Date): Promise<{ id: number; callSid: string | null }[]> {
  const { rows } = await db.query<{ id: number; callSid: string | null }>(
    `UPDATE sms_messages SET status = 'failed', error = 'the instance sending it stopped; not sent again to avoid a duplicate',
       updated_at = $2
     WHERE status = 'sending' AND claimed_at < $1 RETURNING id::int AS id, call_sid AS "callSid"`,
    [claimedBefore, at],
  );
  return rows;
}

/** A MessageStatus callback: kept in full, and the message's status moved on; returns whether we sent that message. */
export async function recordSmsStatus(pool: Pool, s: { messageSid: string; status: string; errorCode: string | null }): Promise<boolean> {
  return inTransaction(pool, async (tx) => {
    await lockMessage(tx, s.messageSid);
    return statusRecorded(tx, s);
  });
}

async function statusRecorded(db: Queryable, s: { messageSid: string; status: string; errorCode: string | null }): Promise<boolean> {
  const { rows } = await db.query<{ known: boolean }>(
    `WITH logged AS (INSERT INTO sms_message_statuses (message_sid, status, error_code) VALUES ($1, $2, $3)),
     moved AS (
       UPDATE sms_messages SET status = $2, error_code = coalesce($3, error_code), updated_at = now()
       WHERE message_sid = $1 AND direction = 'outbound'
         AND ${statusRank('$2')} >= ${statusRank('status')})
     SELECT EXISTS (SELECT 1 FROM sms_messages WHERE message_sid = $1 AND direction = 'outbound') AS known`,
    [s.messageSid, s.status, s.errorCode],
  );
  return rows[0].known;
}

// --- opt-outs ---------------------------------------------------------------------------------

export async function optOut(db: Queryable, number: string, keyword: string, at: Date): Promise<void> {
  await db.query(`INSERT INTO sms_opt_outs (number, keyword, opted_out_at) VALUES ($1, $2, $3) ON CONFLICT (number) DO NOTHING`, [
    number,
    keyword,
    at,
  ]);
}

export async function optIn(db: Queryable, number: string): Promise<void> {
  await db.query(`DELETE FROM sms_opt_outs WHERE number = $1`, [number]);
}

export async function isOptedOut(db: Queryable, number: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM sms_opt_outs WHERE number = $1`, [number]);
  return rows.length > 0;
}

// --- surveys ----------------------------------------------------------------------------------

export type SmsSurveyState = 'scheduled' | 'asked' | 'commenting' | 'done';

export interface SmsSurveyRow {
  callSid: string;
  number: string;
  sender: string;
  kind: SurveyKind;
  language: string;
  state: SmsSurveyState;
  windowHours: number;
  clarified: boolean;
  score: number | null;
  askedAt: Date | null;
  /** Whether `at` (the reply's time) is inside the survey's window. */
  open: boolean;
}

/**
 * What decides a call's SMS survey, read in one round trip: already decided (a repeated final
 * status callback), the caller hung up waiting for an agent, the number opted out, the number was
 * surveyed since `since` (the frequency cap).
 */
export async function smsSurveyFacts(
  db: Queryable,
  callSid: string,
  number: string,
  since: Date,
): Promise<{ decided: boolean; abandoned: boolean; optedOut: boolean; capped: boolean }> {
  const { rows } = await db.query<{ decided: boolean; abandoned: boolean; optedOut: boolean; capped: boolean }>({
    name: 'sms-survey-facts',
    text: `SELECT
       EXISTS (SELECT 1 FROM sms_surveys WHERE call_sid = $1)
         OR EXISTS (SELECT 1 FROM call_events WHERE call_sid = $1 AND kind = 'sms-survey-skipped') AS decided,
       EXISTS (SELECT 1 FROM queue_entries WHERE call_sid = $1 AND state = 'abandoned') AS abandoned,
       EXISTS (SELECT 1 FROM sms_opt_outs WHERE number = $2) AS "optedOut",
       EXISTS (SELECT 1 FROM sms_surveys WHERE number = $2 AND created_at >= $3) AS capped`,
    values: [callSid, number, since],
  });
  return rows[0];
}

/** A survey for a call that has ended; false when the call already has one (a repeated end). */
export async function insertSmsSurvey(
  db: Queryable,
  s: { callSid: string; number: string; sender: string; kind: SurveyKind; language: string; windowHours: number; at: Date },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO sms_surveys (call_sid, number, sender, kind, language, window_hours, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (call_sid) DO NOTHING`,
    [s.callSid, s.number, s.sender, s.kind, s.language, s.windowHours, s.at],
  );
  return rowCount === 1;
}

/** The survey question was sent: the window starts now. Returns the survey's kind. */
export async function markSurveyAsked(db: Queryable, callSid: string, at: Date): Promise<SurveyKind | undefined> {
  const { rows } = await db.query<{ kind: SurveyKind }>(
    `UPDATE sms_surveys SET state = CASE WHEN state = 'scheduled' THEN 'asked' ELSE state END, asked_at = coalesce(asked_at, $2)
     WHERE call_sid = $1 RETURNING kind`,
    [callSid, at],
  );
  return rows[0]?.kind;
}

/** The question was never sent: the survey is closed unanswered. */
export async function closeSurvey(db: Queryable, callSid: string): Promise<void> {
  await db.query(`UPDATE sms_surveys SET state = 'done' WHERE call_sid = $1`, [callSid]);
}

/** The number's latest survey that was asked, locked for the reply's transaction, with whether `at` is inside its window. */
export async function lockLatestSurvey(db: Queryable, number: string, at: Date): Promise<SmsSurveyRow | undefined> {
  const { rows } = await db.query<SmsSurveyRow>(
    `SELECT call_sid AS "callSid", number, sender, kind, language, state, window_hours AS "windowHours", clarified, score,
       asked_at AS "askedAt", $2 <= asked_at + make_interval(hours => window_hours) AS open
     FROM sms_surveys WHERE number = $1 AND asked_at IS NOT NULL ORDER BY asked_at DESC LIMIT 1 FOR UPDATE`,
    [number, at],
  );
  return rows[0];
}

export async function updateSurveyConversation(
  db: Queryable,
  callSid: string,
  s: { state: SmsSurveyState; clarified: boolean; score: number | null },
): Promise<void> {
  await db.query(`UPDATE sms_surveys SET state = $2, clarified = $3, score = $4 WHERE call_sid = $1`, [
    callSid,
    s.state,
    s.clarified,
    s.score,
  ]);
}

// --- inbound ----------------------------------------------------------------------------------

/** A message a customer sent, once per MessageSid; returns the stored answer when Twilio sends it again. */
export async function insertInboundSms(
  db: Queryable,
  m: { messageSid: string; from: string; to: string; body: string; at: Date },
): Promise<{ inserted: true; id: number } | { inserted: false; answer: string | null }> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO sms_messages (direction, purpose, to_number, sender, body, status, message_sid, created_at, updated_at)
     VALUES ('inbound', 'unsolicited', $3, $2, $4, 'received', $1, $5, $5) ON CONFLICT (message_sid) DO NOTHING RETURNING id::int AS id`,
    [m.messageSid, m.from, m.to, m.body, m.at],
  );
  if (rows.length) return { inserted: true, id: rows[0].id };
  const { rows: seen } = await db.query<{ answer: string | null }>(`SELECT answer FROM sms_messages WHERE message_sid = $1`, [
    m.messageSid,
  ]);
  return { inserted: false, answer: seen[0]?.answer ?? null };
}

/** What an inbound message turned out to be: a reply to a call's survey (or not), and what we answered. */
export async function noteInboundSms(
  db: Queryable,
  id: number,
  r: { callSid: string | null; language: string | null; answer: string | null },
): Promise<void> {
  await db.query(
    `UPDATE sms_messages SET call_sid = $2, purpose = CASE WHEN $2::text IS NULL THEN 'unsolicited' ELSE 'reply' END, language = $3,
       answer = $4 WHERE id = $1`,
    [id, r.callSid, r.language, r.answer],
  );
}
