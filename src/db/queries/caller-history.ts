import type { Queryable } from '../pool.js';

/** What the centre knows about a number from before: shown on the screen pop, and read at call start. */
export interface CallerHistory {
  /** The latest calls from the number (this one aside), newest first. */
  recentContacts: { at: Date; group: string | null; agent: string | null; outcome: string }[];
  /** The latest answer of each survey kind. */
  lastScores: { kind: 'csat' | 'nps' | 'resolved'; score: number; channel: string; at: Date }[];
  /** The customer's newest case that is not closed. */
  openCase: { id: number; state: string; category: string; ownerGroup: string | null; overdue: boolean } | null;
}

const RECENT_CONTACTS = 5;
/** How far back the last scores are looked for: the number's latest calls (a bounded read at call start). */
const SCORED_CALLS = 50;

/**
 * One query: a number's recent contacts (date, the group and agent they talked to, the wrap-up's
 * disposition or how the queue ended), last scores and open case. `exceptCallSid`: the call on screen.
 */
export async function callerHistory(db: Queryable, number: string, exceptCallSid: string | null): Promise<CallerHistory> {
  const { rows } = await db.query<CallerHistory>({
    name: 'caller-history',
    text: `SELECT
      coalesce((SELECT json_agg(h ORDER BY h.at DESC) FROM (
          SELECT c.started_at AS at, q.group_name AS "group", ag.name AS agent,
                 coalesce(x.disposition, q.state, CASE WHEN c.ended_at IS NULL THEN 'in progress' ELSE 'self-service' END) AS outcome
          FROM calls c
          LEFT JOIN LATERAL (SELECT id, group_name, state FROM queue_entries WHERE call_sid = c.call_sid
                             ORDER BY state = 'completed' DESC, id DESC LIMIT 1) q ON true
          LEFT JOIN LATERAL (SELECT agent_id, disposition FROM assignments
                             WHERE entry_id = q.id AND outcome = 'completed' ORDER BY id DESC LIMIT 1) x ON true
          LEFT JOIN agents ag ON ag.id = x.agent_id
          WHERE c.from_number = $1 AND c.call_sid IS DISTINCT FROM $2
          ORDER BY c.started_at DESC LIMIT ${RECENT_CONTACTS}) h), '[]') AS "recentContacts",
      coalesce((SELECT json_agg(s ORDER BY s.kind) FROM (
          SELECT DISTINCT ON (r.kind) r.kind, r.score, r.channel, r.created_at AS at
          FROM (SELECT call_sid FROM calls WHERE from_number = $1 ORDER BY started_at DESC LIMIT ${SCORED_CALLS}) c
          JOIN survey_responses r ON r.call_sid = c.call_sid
          ORDER BY r.kind, r.created_at DESC) s), '[]') AS "lastScores",
      (SELECT json_build_object('id', k.id, 'state', k.state, 'category', k.category, 'ownerGroup', k.owner_group, 'overdue', case_overdue(k))
       FROM cases k WHERE k.customer_number = $1 AND k.state <> 'closed' ORDER BY k.id DESC LIMIT 1) AS "openCase"`,
    values: [number, exceptCallSid],
  });
  return rows[0];
}
