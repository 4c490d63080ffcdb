import type { Queryable } from '../pool.js';
import type { Principal } from './people.js';

/** One message in the voicemail inbox, with the call it came from and who has dealt with it. */
export interface VoicemailView {
  id: number;
  callSid: string;
  caller: string;
  /** The queue the caller was in, or null for a message left outside any queue. */
  group: string | null;
  flow: string;
  step: string;
  language: string | null;
  createdAt: Date;
  durationSeconds: number;
  /** The RE… SID of the recording at Twilio, or null when the stored URL names none. */
  recordingSid: string | null;
  assignedTo: { agentId: number; name: string } | null;
  assignedAt: Date | null;
  assignedBy: string | null;
  handledAt: Date | null;
  handledBy: string | null;
}

export interface VoicemailFilter {
  status: 'open' | 'handled' | 'all';
  /** Only those assigned to this agent (an agent sees no others). */
  assignedAgentId?: number;
  group?: string;
  limit: number;
}

const SELECT = `SELECT v.id, v.call_sid AS "callSid", c.from_number AS caller, v.group_name AS "group", c.flow_id AS flow, v.step,
    c.context->>'language' AS language, v.created_at AS "createdAt", v.duration_seconds AS "durationSeconds",
    CASE WHEN v.recording_key ~ '^RE[0-9a-fA-F]{32}$' THEN v.recording_key END AS "recordingSid",
    CASE WHEN a.id IS NOT NULL THEN json_build_object('agentId', a.id, 'name', a.name) END AS "assignedTo",
    v.assigned_at AS "assignedAt", v.assigned_by AS "assignedBy", v.handled_at AS "handledAt", v.handled_by AS "handledBy"
  FROM voicemails v JOIN calls c ON c.call_sid = v.call_sid LEFT JOIN agents a ON a.id = v.assigned_agent_id`;

/** The inbox, newest first. */
export async function listVoicemails(db: Queryable, f: VoicemailFilter): Promise<VoicemailView[]> {
  const { rows } = await db.query<VoicemailView>(
    `${SELECT}
     WHERE ($1 = 'all' OR ($1 = 'open') = (v.handled_at IS NULL))
       AND ($2::bigint IS NULL OR v.assigned_agent_id = $2)
       AND ($3::text IS NULL OR v.group_name = $3)
     ORDER BY v.created_at DESC, v.id DESC LIMIT $4`,
    [f.status, f.assignedAgentId ?? null, f.group ?? null, f.limit],
  );
  return rows;
}

export async function getVoicemail(db: Queryable, id: number): Promise<VoicemailView | undefined> {
  const { rows } = await db.query<VoicemailView>(`${SELECT} WHERE v.id = $1`, [id]);
  return rows[0];
}

/** Where the recording is kept (the URL Twilio gave), for the authenticated proxy. */
export async function voicemailRecording(
  db: Queryable,
  id: number,
): Promise<{ url: string; key: string; assignedAgentId: number | null } | undefined> {
  const { rows } = await db.query(
    `SELECT recording_url AS url, recording_key AS key, assigned_agent_id AS "assignedAgentId" FROM voicemails WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/** Marks a message handled by `who` (the first handler and time are kept), or open again. */
export async function setVoicemailHandled(db: Queryable, id: number, handled: boolean, who: Principal): Promise<boolean> {
  const { rowCount } = handled
    ? await db.query(
        `UPDATE voicemails SET handled_at = coalesce(handled_at, now()), handled_by = coalesce(handled_by, $2),
           handled_by_agent_id = CASE WHEN handled_at IS NULL THEN $3::bigint ELSE handled_by_agent_id END,
           handled_by_supervisor_id = CASE WHEN handled_at IS NULL THEN $4::bigint ELSE handled_by_supervisor_id END
         WHERE id = $1`,
        [id, who.name, who.role === 'agent' ? who.agentId : null, who.role === 'supervisor' ? who.supervisorId : null],
      )
    : await db.query(
        `UPDATE voicemails SET handled_at = NULL, handled_by = NULL, handled_by_agent_id = NULL, handled_by_supervisor_id = NULL
         WHERE id = $1`,
        [id],
      );
  return rowCount === 1;
}

/** Gives a message to an agent (or to nobody), noting who gave it; undefined when there is no such agent. */
export async function assignVoicemail(
  db: Queryable,
  id: number,
  agentId: number | null,
  by: string,
): Promise<'assigned' | 'no-voicemail' | 'no-agent'> {
  const { rows } = await db.query<{ found: boolean; agent: boolean }>(
    `WITH agent AS (SELECT id FROM agents WHERE id = $2),
          changed AS (
            UPDATE voicemails SET assigned_agent_id = $2, assigned_at = CASE WHEN $2::bigint IS NULL THEN NULL ELSE now() END,
              assigned_by = CASE WHEN $2::bigint IS NULL THEN NULL ELSE $3 END
            WHERE id = $1 AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM agent)) RETURNING id)
     SELECT EXISTS (SELECT 1 FROM changed) AS found, ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM agent)) AS agent`,
    [id, agentId, by],
  );
  if (!rows[0].agent) return 'no-agent';
  return rows[0].found ? 'assigned' : 'no-voicemail';
}
