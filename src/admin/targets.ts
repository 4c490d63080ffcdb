import type { ServiceLevelFormula } from '../config.js';
import { didYouMean } from '../flows/diagnostics.js';
import { inTransaction, type Pool, type Queryable } from '../db/pool.js';
import * as groups from '../db/queries/groups.js';
import * as targets from '../db/queries/targets.js';
import { InputError, parseInput } from '../input-error.js';
import { judgeTargets, type KpiStatuses } from '../reports/target-status.js';
import { centreTargetsInput, groupTargetsInput } from './targets-input.js';

// KPI targets, shared by the HTTP API and the CLI: every input is validated here (docs/reports.md,
// "KPI targets"). `by` names who changed them (the supervisor, the token, or "cli").

export interface TargetsView {
  centre: targets.CentreTargets;
  groups: targets.GroupTargets[];
}

export async function listTargets(db: Queryable): Promise<TargetsView> {
  return { centre: await targets.centreTargets(db), groups: await targets.groupTargets(db) };
}

async function requireGroupTargets(db: Queryable, name: string): Promise<targets.GroupTargets> {
  const [found] = await targets.groupTargets(db, name);
  if (found) return found;
  const known = (await groups.listGroups(db)).map((g) => g.name);
  throw new InputError('not-found', `no group named '${name}'${didYouMean(name, known)}`);
}
export const getGroupTargets = (db: Queryable, name: string) => requireGroupTargets(db, name);

export async function setCentreTargets(pool: Pool, input: unknown, by: string | null): Promise<TargetsView> {
  const patch = parseInput(centreTargetsInput, input);
  await targets.saveCentreTargets(pool, patch, by);
  return listTargets(pool);
}

export async function setGroupTargets(pool: Pool, name: string, input: unknown, by: string | null): Promise<targets.GroupTargets> {
  const patch = parseInput(groupTargetsInput, input);
  await inTransaction(pool, async (tx) => {
    await requireGroupTargets(tx, name);
    await targets.saveGroupTargets(tx, name, patch, by);
  });
  return requireGroupTargets(pool, name);
}

/** A standing judged: the targets in effect, today's figures, and met / close / missed for each (null: nothing to judge). */
export interface JudgedStanding extends targets.TargetStanding {
  status: KpiStatuses;
}

/** Every group's figures today against its targets (src/reports/target-status.ts judges). */
export async function judgedStandings(db: Queryable, timezone: string, formula: ServiceLevelFormula): Promise<JudgedStanding[]> {
  return (await targets.targetStandings(db, timezone, formula)).map((s) => ({ ...s, status: judgeTargets(s.today, s.targets) }));
}

/** GET /api/queues: each group's live queue, with its targets and how today stands against them. */
export async function queuesWithTargets(db: Queryable, timezone: string, formula: ServiceLevelFormula) {
  const [queues, standings] = await Promise.all([groups.queueSummary(db), judgedStandings(db, timezone, formula)]);
  const byGroup = new Map(standings.map((s) => [s.group, s]));
  return queues.map((q) => {
    const s = byGroup.get(q.name);
    return { ...q, targets: s?.targets ?? null, today: s?.today ?? null, status: s?.status ?? null };
  });
}
