import type { Queryable } from '../pool.js';
import type { SurveyKind } from './recordings.js';

// The centre's feedback rules and case settings (migration 023), edited through the API and the CLI.

export interface FeedbackRule {
  id: number;
  name: string;
  kind: SurveyKind;
  /** The rule fires on an answer scoring at most this (resolved: 0 is "no"). */
  maxScore: number;
  category: string;
  ownerGroup: string | null;
  ownerAgentId: number | null;
  callbackGroup: string | null;
  callbackPriority: number;
  enabled: boolean;
}

export interface CaseSettings {
  acknowledgeMinutes: number;
  resolveMinutes: number;
  acknowledgeBySms: boolean;
  /** The acknowledgement text; {reference} is replaced by the case number. */
  acknowledgeText: string;
  /** What it is sent from; null: the number the customer called. */
  acknowledgeFrom: string | null;
}

const RULE_COLUMNS = `id, name, kind, max_score AS "maxScore", category, owner_group AS "ownerGroup", owner_agent_id AS "ownerAgentId",
  callback_group AS "callbackGroup", callback_priority AS "callbackPriority", enabled`;

export async function listFeedbackRules(db: Queryable): Promise<FeedbackRule[]> {
  return (await db.query<FeedbackRule>(`SELECT ${RULE_COLUMNS} FROM feedback_rules ORDER BY id`)).rows;
}

/** The first enabled rule, in id order, that an answer of `kind` scoring `score` fires. */
export async function firstMatchingRule(db: Queryable, kind: SurveyKind, score: number): Promise<FeedbackRule | undefined> {
  const { rows } = await db.query<FeedbackRule>({
    name: 'first-matching-feedback-rule',
    text: `SELECT ${RULE_COLUMNS} FROM feedback_rules WHERE enabled AND kind = $1 AND $2 <= max_score ORDER BY id LIMIT 1`,
    values: [kind, score],
  });
  return rows[0];
}

export type RuleFields = Omit<FeedbackRule, 'id' | 'name'>;

/** Creates or replaces the rule called `name`. */
export async function saveFeedbackRule(db: Queryable, name: string, r: RuleFields): Promise<FeedbackRule> {
  const { rows } = await db.query<FeedbackRule>(
    `INSERT INTO feedback_rules (name, kind, max_score, category, owner_group, owner_agent_id, callback_group, callback_priority, enabled)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind, max_score = EXCLUDED.max_score, category = EXCLUDED.category,
       owner_group = EXCLUDED.owner_group, owner_agent_id = EXCLUDED.owner_agent_id, callback_group = EXCLUDED.callback_group,
       callback_priority = EXCLUDED.callback_priority, enabled = EXCLUDED.enabled, updated_at = now()
     RETURNING ${RULE_COLUMNS}`,
    [name, r.kind, r.maxScore, r.category, r.ownerGroup, r.ownerAgentId, r.callbackGroup, r.callbackPriority, r.enabled],
  );
  return rows[0];
}

export async function deleteFeedbackRule(db: Queryable, name: string): Promise<boolean> {
  return ((await db.query('DELETE FROM feedback_rules WHERE name = $1', [name])).rowCount ?? 0) > 0;
}

export async function caseSettings(db: Queryable): Promise<CaseSettings> {
  const { rows } = await db.query<CaseSettings>(
    `SELECT acknowledge_minutes AS "acknowledgeMinutes", resolve_minutes AS "resolveMinutes",
       acknowledge_by_sms AS "acknowledgeBySms", acknowledge_text AS "acknowledgeText",
       acknowledge_from AS "acknowledgeFrom" FROM centre_case_settings()`,
  );
  return rows[0];
}

export async function updateCaseSettings(db: Queryable, s: Partial<CaseSettings>): Promise<CaseSettings> {
  await caseSettings(db); // the row exists
  await db.query(
    `UPDATE case_settings SET acknowledge_minutes = coalesce($1, acknowledge_minutes), resolve_minutes = coalesce($2, resolve_minutes),
       acknowledge_by_sms = coalesce($3, acknowledge_by_sms), acknowledge_text = coalesce($4, acknowledge_text),
       acknowledge_from = coalesce($5, acknowledge_from), updated_at = now()`,
    [
      s.acknowledgeMinutes ?? null,
      s.resolveMinutes ?? null,
      s.acknowledgeBySms ?? null,
      s.acknowledgeText ?? null,
      s.acknowledgeFrom ?? null,
    ],
  );
  return caseSettings(db);
}

/** Do these exist? (for a clear refusal before a foreign key would fail) */
export async function missingOwners(db: Queryable, groups: string[], agentIds: number[]): Promise<{ groups: string[]; agents: number[] }> {
  const { rows } = await db.query<{ groups: string[]; agents: number[] }>(
    `SELECT coalesce((SELECT array_agg(g) FROM unnest($1::text[]) g WHERE NOT EXISTS (SELECT 1 FROM skill_groups WHERE name = g)), '{}') AS groups,
            coalesce((SELECT array_agg(a) FROM unnest($2::bigint[]) a WHERE NOT EXISTS (SELECT 1 FROM agents WHERE id = a)), '{}') AS agents`,
    [groups, agentIds],
  );
  return rows[0];
}

/** The rules that name an agent as owner, or a group as owner or callback group (they keep it from being removed). */
export async function rulesNaming(db: Queryable, who: { agentId: number } | { group: string }): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    'agentId' in who
      ? { text: 'SELECT name FROM feedback_rules WHERE owner_agent_id = $1 ORDER BY name', values: [who.agentId] }
      : { text: 'SELECT name FROM feedback_rules WHERE $1 IN (owner_group, callback_group) ORDER BY name', values: [who.group] },
  );
  return rows.map((r) => r.name);
}
