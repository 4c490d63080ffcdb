import type { Queryable } from '../../db/pool.js';
import * as rules from '../../db/queries/feedback-rules.js';
import type { CaseSettings, FeedbackRule } from '../../db/queries/feedback-rules.js';
import { InputError, invalidField, parseInput } from '../../input-error.js';
import { caseSettingsInput, feedbackRuleInput, ruleName } from './case-input.js';

// The centre's feedback rules and case settings, as the API and the CLI edit them.

export const listFeedbackRules = (db: Queryable): Promise<FeedbackRule[]> => rules.listFeedbackRules(db);

/** Creates or replaces the rule `name`; its groups and agent must exist. */
export async function saveFeedbackRule(db: Queryable, name: string, input: unknown): Promise<FeedbackRule> {
  const n = parseInput(ruleName, name);
  const v = parseInput(feedbackRuleInput, input);
  const groups = [v.ownerGroup, v.callbackGroup].filter((g): g is string => !!g);
  const missing = await rules.missingOwners(db, groups, v.ownerAgentId ? [v.ownerAgentId] : []);
  if (missing.groups.length) {
    throw invalidField(missing.groups.includes(v.ownerGroup ?? '') ? 'ownerGroup' : 'callbackGroup', `no skill group ${missing.groups[0]}`);
  }
  if (missing.agents.length) throw invalidField('ownerAgentId', `no agent ${missing.agents[0]}`);
  return rules.saveFeedbackRule(db, n, v);
}

export async function deleteFeedbackRule(db: Queryable, name: string): Promise<void> {
  if (!(await rules.deleteFeedbackRule(db, parseInput(ruleName, name)))) throw new InputError('not-found', `no feedback rule ${name}`);
}

export const caseSettings = (db: Queryable): Promise<CaseSettings> => rules.caseSettings(db);

export async function updateCaseSettings(db: Queryable, input: unknown): Promise<CaseSettings> {
  return rules.updateCaseSettings(db, parseInput(caseSettingsInput, input));
}
