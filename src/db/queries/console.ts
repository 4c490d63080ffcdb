import type { Queryable } from '../pool.js';
import type { AgentPresence } from './agents.js';
import { customerNumber } from '../../routing/cases/caller-number.js';
import { callerHistory, type CallerHistory } from './caller-history.js';
import type { Flow } from '../../flows/model.js';
import { pathInWords, variableLabel } from '../../flows/path-words.js';

/** The flow version a call ran, by its hash (the flow registry's `byHash`), for the screen pop's words. */
export type FlowOf = (hash: string) => Promise<Pick<Flow, 'steps' | 'languages' | 'labels'> | undefined>;

/** What the agent's screen shows about a call: who, why, how long they waited. */
export interface ScreenPop {
  assignmentId: number;
  state: 'ringing' | 'connected' | 'ended';
  kind: 'inbound' | 'callback';
  group: string;
  callSid: string;
  caller: string;
  language: string | null;
  /** The menu entries as the call context keeps them (`main-menu:1`). */
  menuPath: string[];
  /** The same in words from the flow's titles ("Español", "Billing"), in the flow's first language: the centre's. */
  menuPathWords: string[];
  data: Record<string, unknown>;
  /** `data` labelled for the agent: the flow's `labels:`, else the variable's name in words. */
  fields: { name: string; label: string; value: unknown }[];
  priority: number;
  waitedSeconds: number;
  offeredAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  wrapUpUntil: Date | null;
  disposition: string | null;
  notes: string | null;
  /** A recovery callback: the case it is for, and why (the survey answer that opened it). */
  recovery: {
    caseId: number;
    category: string;
    state: string;
    survey: { kind: string; score: number; comment: string | null } | null;
    summary: string;
  } | null;
  /** What the centre knows about the caller from before: recent contacts, last scores, an open case. */
  history?: CallerHistory;
}

export interface ConsoleSnapshot {
  agent: AgentPresence & { contact: { kind: string; value: string } };
  /** The call ringing, in progress, or in wrap-up (the latest assignment while it matters). */
  call: ScreenPop | null;
}

export async function consoleSnapshot(db: Queryable, agentId: number, flowOf?: FlowOf): Promise<ConsoleSnapshot | undefined> {
  const { rows } = await db.query(
    `SELECT a.id, a.name, a.state, a.state_since AS "stateSince", a.state_reason AS "stateReason", a.pending_state AS "pendingState",
        json_build_object('kind', a.contact_kind, 'value', a.contact) AS contact,
        (SELECT json_build_object(
            'assignmentId', x.id, 'state', x.state, 'kind', x.kind, 'group', q.group_name, 'callSid', c.call_sid, 'flowHash', c.flow_hash,
            'caller', coalesce(q.callback_number, c.from_number), 'language', coalesce(q.language, c.context->>'language'),
            'menuPath', coalesce(c.context->'path', '[]'::jsonb), 'data', coalesce(c.context->'vars', '{}'::jsonb),
            'priority', q.priority, 'waitedSeconds', floor(extract(epoch FROM coalesce(x.answered_at, now()) - q.first_entered_at))::int,
            'offeredAt', x.created_at, 'answeredAt', x.answered_at, 'endedAt', x.ended_at, 'wrapUpUntil', x.wrap_up_until,
            'disposition', x.disposition, 'notes', x.notes,
            'recovery', (SELECT json_build_object('caseId', k.id, 'category', k.category, 'state', k.state, 'summary', k.summary,
                'survey', CASE WHEN k.survey_kind IS NULL THEN NULL
                               ELSE json_build_object('kind', k.survey_kind, 'score', k.survey_score, 'comment', k.survey_comment) END)
              FROM cases k WHERE k.recovery_entry_id = q.id))
         FROM assignments x JOIN queue_entries q ON q.id = x.entry_id JOIN calls c ON c.call_sid = q.call_sid
         WHERE x.agent_id = a.id AND (x.state IN ('ringing', 'connected') OR (a.state = 'wrap-up' AND x.outcome = 'completed'))
         ORDER BY x.id DESC LIMIT 1) AS call
     FROM agents a WHERE a.id = $1`,
    [agentId],
  );
  const r = rows[0];
  if (!r) return undefined;
  const { call, ...agent } = r;
  if (call) await putInWords(call, flowOf);
  // What we know of the caller from before (not for a withheld number: that is no one in particular).
  const known = call && customerNumber(call.caller);
  if (known) call.history = await callerHistory(db, known, call.kind === 'inbound' ? call.callSid : null);
  return { agent, call };
}

/** Without its flow version (not passed, or not loadable) the pop keeps the raw entries and names the variables in words. */
async function putInWords(call: ScreenPop & { flowHash?: string | null }, flowOf?: FlowOf): Promise<void> {
  const hash = call.flowHash;
  delete call.flowHash;
  const flow = hash && flowOf ? await flowOf(hash).catch(() => undefined) : undefined;
  call.menuPathWords = flow ? pathInWords(flow, call.menuPath, flow.languages[0]) : [...call.menuPath];
  // The flow's labelled variables first, in the order of its `labels:`; then the others by label.
  const order = Object.keys(flow?.labels ?? {});
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  call.fields = Object.entries(call.data)
    .map(([name, value]) => ({ name, label: variableLabel(flow, name), value }))
    .sort((a, b) => rank(a.name) - rank(b.name) || a.label.localeCompare(b.label));
}
