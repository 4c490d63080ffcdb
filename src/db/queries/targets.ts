import { DEFAULT_SHORT_ABANDON_SECONDS, type ServiceLevelFormula } from '../../config.js';
import type { KpiTargets, KpiValues } from '../../reports/target-status.js';
import type { Queryable } from '../pool.js';

// KPI targets (migration 019): the centre's defaults and each group's own, stored in kpi_targets
// (a group's threshold in skill_groups.service_level_seconds); what is in effect per group is the
// view group_targets.

/** What a target write may change; null clears a group's own (back to the centre's). */
export type TargetsPatch = Partial<{ [K in keyof KpiTargets]: KpiTargets[K] | null }>;

const COLUMNS: Record<Exclude<keyof KpiTargets, 'serviceLevelSeconds'>, string> = {
  serviceLevel: 'service_level',
  serviceLevelFormula: 'service_level_formula',
  asaSeconds: 'asa_seconds',
  abandonRate: 'abandon_rate',
  nps: 'nps',
  csat: 'csat',
};
const select = (alias: string) =>
  `${alias}.service_level_seconds AS "serviceLevelSeconds", ${Object.entries(COLUMNS)
    .map(([key, col]) => `${alias}.${col} AS "${key}"`)
    .join(', ')}`;

export interface GroupTargets {
  group: string;
  /** In effect: the group's own, else the centre's. */
  targets: KpiTargets;
  /** The group's own; null where it takes the centre's. */
  own: TargetsPatch;
}

export interface CentreTargets {
  targets: KpiTargets;
  /** When and by whom they were last changed; null: never (the built-in defaults). */
  updatedAt: Date | null;
  updatedBy: string | null;
}

export async function centreTargets(db: Queryable): Promise<CentreTargets> {
  const { rows } = await db.query<CentreTargets>(
    `SELECT (SELECT row_to_json(x) FROM (SELECT ${select('t')}) x) AS targets, t.updated_at AS "updatedAt", t.updated_by AS "updatedBy"
     FROM centre_targets t`,
  );
  return rows[0];
}

/** Every group's targets in effect and its own (`group`: only that one). */
export async function groupTargets(db: Queryable, group?: string): Promise<GroupTargets[]> {
  const { rows } = await db.query<GroupTargets>(
    `SELECT g.name AS "group",
       (SELECT row_to_json(x) FROM (SELECT ${select('e')}) x) AS targets,
       (SELECT row_to_json(x) FROM (SELECT g.service_level_seconds AS "serviceLevelSeconds",
          ${Object.entries(COLUMNS)
            .map(([key, col]) => `o.${col} AS "${key}"`)
            .join(', ')}) x) AS own
     FROM skill_groups g JOIN group_targets e ON e.group_name = g.name LEFT JOIN kpi_targets o ON o.group_name = g.name
     WHERE $1::text IS NULL OR g.name = $1
     ORDER BY g.name`,
    [group ?? null],
  );
  return rows;
}

/** Changes the centre's targets named in `patch` (validated by src/admin/targets-input.ts); the others keep theirs. */
export async function saveCentreTargets(db: Queryable, patch: TargetsPatch, by: string | null): Promise<void> {
  // The row, with the defaults in effect, for a centre that never changed them.
  await db.query(
    `INSERT INTO kpi_targets (group_name, service_level, service_level_seconds)
     SELECT NULL, service_level, service_level_seconds FROM centre_targets ON CONFLICT (group_name) DO NOTHING`,
  );
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
  const cols = entries.map(([k]) => (k === 'serviceLevelSeconds' ? 'service_level_seconds' : COLUMNS[k as keyof typeof COLUMNS]));
  await db.query(
    `UPDATE kpi_targets SET updated_at = now(), updated_by = $1${cols.map((c, i) => `, ${c} = $${i + 2}`).join('')} WHERE group_name IS NULL`,
    [by, ...entries.map(([, v]) => v)],
  );
}

/** Changes a group's own targets named in `patch`; null: back to the centre's. */
export async function saveGroupTargets(db: Queryable, group: string, patch: TargetsPatch, by: string | null): Promise<void> {
  const { serviceLevelSeconds, ...rest } = patch;
  if (serviceLevelSeconds !== undefined)
    await db.query('UPDATE skill_groups SET service_level_seconds = $2, updated_at = now() WHERE name = $1', [group, serviceLevelSeconds]);
  const entries = Object.entries(rest).filter(([, v]) => v !== undefined);
  const cols = entries.map(([k]) => COLUMNS[k as keyof typeof COLUMNS]);
  await db.query(
    `INSERT INTO kpi_targets (group_name, updated_by${cols.map((c) => `, ${c}`).join('')}) VALUES ($1, $2${cols.map((_, i) => `, $${i + 3}`).join('')})
     ON CONFLICT (group_name) DO UPDATE SET updated_at = now(), updated_by = $2${cols.map((c) => `, ${c} = excluded.${c}`).join('')}`,
    [group, by, ...entries.map(([, v]) => v)],
  );
}

/** A group's targets in effect and its figures since midnight in the centre's time zone. */
export interface TargetStanding {
  group: string;
  targets: KpiTargets;
  today: KpiValues & { offered: number; answered: number; abandoned: number };
}

/**
 * Today's KPIs of every group against its targets: group_queue_kpis (migrations 014, 016, 019),
 * the function the dashboard and the reports use, from midnight in `timezone`; `formula` is the
 * service level's for groups whose targets name none; NPS and CSAT are survey_kpis' (migration 021).
 */
export async function targetStandings(db: Queryable, timezone: string, formula: ServiceLevelFormula): Promise<TargetStanding[]> {
  const { rows } = await db.query<TargetStanding>({
    name: 'target-standings',
    text: `SELECT e.group_name AS "group", (SELECT row_to_json(x) FROM (SELECT ${select('e')}) x) AS targets,
       json_build_object('serviceLevel', k.service_level, 'asaSeconds', k.asa, 'abandonRate', k.abandonment_rate, 'nps', u.nps, 'csat', u.csat,
         'offered', coalesce(k.offered, 0), 'answered', coalesce(k.answered, 0), 'abandoned', coalesce(k.abandoned, 0)) AS today
     FROM group_targets e
     LEFT JOIN group_queue_kpis(report_origin(now(), $1, 0), 'infinity', $1, 0, $3, $2) k ON k.group_name = e.group_name AND k.start IS NULL
     LEFT JOIN survey_kpis(report_origin(now(), $1, 0), 'infinity', $1, 0, 'group') u ON u.owner = e.group_name AND u.start IS NULL
     ORDER BY e.group_name`,
    values: [timezone, formula, DEFAULT_SHORT_ABANDON_SECONDS],
  });
  return rows;
}
