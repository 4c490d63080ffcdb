import type { Queryable } from '../pool.js';

export const STRATEGIES = ['longest-idle', 'round-robin', 'fewest-calls', 'most-skilled'] as const;
export type Strategy = (typeof STRATEGIES)[number];
import type { Overflow } from '../../flows/call-types.js';

export type { Overflow };
export interface WideningStep {
  afterSeconds: number;
  minLevel?: number;
  addGroup?: string;
}

/** A group's settings as the API speaks them (camelCase); the columns are snake_case. */
export interface GroupSettings {
  requirements: Record<string, number>;
  strategy: Strategy;
  ringTimeoutSeconds: number;
  wrapUpSeconds: number;
  maxMisses: number;
  /** Seconds before an agent who missed or refused a caller is offered that caller again (0: at once). */
  missBackoffSeconds: number;
  maxWaitSeconds: number;
  overflow: Overflow;
  /** The threshold in effect: the group's own, else the centre's targets' (migration 019; set with the targets too). */
  serviceLevelSeconds: number;
  announceEverySeconds: number;
  widening: WideningStep[];
}
export interface Group extends GroupSettings {
  name: string;
}

const COLUMNS: Record<Exclude<keyof GroupSettings, 'requirements'>, string> = {
  strategy: 'strategy',
  ringTimeoutSeconds: 'ring_timeout_seconds',
  wrapUpSeconds: 'wrap_up_seconds',
  maxMisses: 'max_misses',
  missBackoffSeconds: 'miss_backoff_seconds',
  maxWaitSeconds: 'max_wait_seconds',
  overflow: 'overflow',
  serviceLevelSeconds: 'service_level_seconds',
  announceEverySeconds: 'announce_every_seconds',
  widening: 'widening',
};

interface StoredStep {
  after_seconds: number;
  min_level?: number;
  add_group?: string;
}
const toStored = (w: WideningStep[]): StoredStep[] =>
  w.map((s) => ({
    after_seconds: s.afterSeconds,
    ...(s.minLevel !== undefined ? { min_level: s.minLevel } : {}),
    ...(s.addGroup !== undefined ? { add_group: s.addGroup } : {}),
  }));
const fromStored = (w: StoredStep[]): WideningStep[] =>
  w.map((s) => ({
    afterSeconds: s.after_seconds,
    ...(s.min_level !== undefined ? { minLevel: s.min_level } : {}),
    ...(s.add_group !== undefined ? { addGroup: s.add_group } : {}),
  }));

const SELECT_GROUPS = `
  SELECT g.name,
         coalesce((SELECT json_object_agg(r.skill, r.min_level ORDER BY r.skill) FROM skill_group_requirements r WHERE r.group_name = g.name), '{}'::json) AS requirements,
         ${Object.entries(COLUMNS)
           .map(([key, col]) => (key === 'serviceLevelSeconds' ? `t.${col} AS "${key}"` : `g.${col} AS "${key}"`))
           .join(', ')}
  FROM skill_groups g JOIN group_targets t ON t.group_name = g.name`;

export async function listGroups(db: Queryable): Promise<Group[]> {
  const { rows } = await db.query(`${SELECT_GROUPS} ORDER BY g.name`);
  return rows.map((r) => ({ ...r, widening: fromStored(r.widening) }));
}

export async function findGroup(db: Queryable, name: string, opts: { lock?: boolean } = {}): Promise<Group | undefined> {
  const { rows } = await db.query(`${SELECT_GROUPS} WHERE g.name = $1${opts.lock ? ' FOR UPDATE OF g' : ''}`, [name]);
  return rows[0] && { ...rows[0], widening: fromStored(rows[0].widening) };
}

/** Every group name, with the group each overflows to (for checking references and cycles). */
export async function groupOverflowTargets(db: Queryable): Promise<Map<string, string | null>> {
  const { rows } = await db.query<{ name: string; target: string | null }>(`SELECT name, overflow->>'group' AS target FROM skill_groups`);
  return new Map(rows.map((r) => [r.name, r.target]));
}

/** The name as stored when a group with this name in any letter case exists. */
export async function groupNameLike(db: Queryable, name: string): Promise<string | undefined> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM skill_groups WHERE lower(name) = lower($1)', [name]);
  return rows[0]?.name;
}

/** Writes the given settings (the others keep their values, or the column defaults for a new group). */
export async function saveGroupSettings(db: Queryable, name: string, s: Partial<GroupSettings>, opts: { create: boolean }): Promise<void> {
  const cols: string[] = [];
  const values: unknown[] = [name];
  for (const [key, col] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
    if (s[key] === undefined) continue;
    values.push(key === 'widening' ? JSON.stringify(toStored(s.widening!)) : key === 'overflow' ? JSON.stringify(s.overflow) : s[key]);
    cols.push(col);
  }
  if (opts.create) {
    await db.query(
      `INSERT INTO skill_groups (name${cols.map((c) => `, ${c}`).join('')}) VALUES ($1${cols.map((_, i) => `, $${i + 2}`).join('')})`,
      values,
    );
  } else {
    await db.query(
      `UPDATE skill_groups SET updated_at = now()${cols.map((c, i) => `, ${c} = $${i + 2}`).join('')} WHERE name = $1`,
      values,
    );
  }
  if (s.requirements) {
    await db.query('DELETE FROM skill_group_requirements WHERE group_name = $1', [name]);
    await db.query(
      'INSERT INTO skill_group_requirements (group_name, skill, min_level) SELECT $1, k, v FROM unnest($2::text[], $3::int[]) AS x(k, v)',
      [name, Object.keys(s.requirements), Object.values(s.requirements)],
    );
  }
}

/** What stops a group from being deleted: callers in its queue, and other groups that name it. */
export async function groupDependents(
  db: Queryable,
  name: string,
): Promise<{ openEntries: number; referencedBy: string[]; ownedCases: number }> {
  const { rows } = await db.query<{ openEntries: number; referencedBy: string[]; ownedCases: number }>(
    `SELECT (SELECT count(*) FROM queue_entries WHERE group_name = $1 AND state IN ('waiting', 'offered', 'connected', 'callback'))::int AS "openEntries",
            coalesce((SELECT array_agg(name ORDER BY name) FROM skill_groups
                      WHERE name <> $1 AND (overflow->>'group' = $1 OR widening @> jsonb_build_array(jsonb_build_object('add_group', $1::text)))), '{}') AS "referencedBy",
            (SELECT count(*) FROM cases WHERE owner_group = $1)::int AS "ownedCases"`,
    [name],
  );
  return rows[0];
}

/** Deletes the group; past queue entries (or wait announcements) referring to it make this fail with 23503. */
export async function deleteGroup(db: Queryable, name: string): Promise<void> {
  await db.query('DELETE FROM skill_groups WHERE name = $1', [name]);
}

export interface QueueEntryView {
  id: number;
  callSid: string;
  from: string;
  priority: number;
  state: string;
  waitedSeconds: number;
  /** 1-based place among the group's routable (waiting, callback) entries; null once offered or connected. */
  position: number | null;
}
export interface QueueView {
  name: string;
  waiting: number;
  longestWaitSeconds: number;
  entries: QueueEntryView[];
  /** Logged-in agents who meet the group's base requirements. */
  agents: { available: number; busy: number; away: number };
}

/** Every group's queue right now: open entries in routing order, and who could take them. */
export async function queueSummary(db: Queryable): Promise<QueueView[]> {
  const groups = await db.query<Omit<QueueView, 'entries'>>(
    `SELECT g.name,
            count(q.id)::int AS waiting,
            coalesce(floor(extract(epoch FROM now() - min(q.first_entered_at))), 0)::int AS "longestWaitSeconds",
            group_agent_counts(g.name) AS agents
     FROM skill_groups g LEFT JOIN queue_entries q ON q.group_name = g.name AND q.state IN ('waiting', 'callback')
     GROUP BY g.name ORDER BY g.name`,
  );
  const entries = await db.query<QueueEntryView & { group: string }>(
    `SELECT q.group_name AS "group", q.id, q.call_sid AS "callSid", c.from_number AS "from", q.priority, q.state,
            floor(extract(epoch FROM now() - q.first_entered_at))::int AS "waitedSeconds",
            CASE WHEN q.state IN ('waiting', 'callback') THEN
              (row_number() OVER (PARTITION BY q.group_name, q.state IN ('waiting', 'callback') ORDER BY q.priority DESC, q.first_entered_at, q.id))::int
            END AS position
     FROM queue_entries q JOIN calls c ON c.call_sid = q.call_sid
     WHERE q.state IN ('waiting', 'offered', 'connected', 'callback')
     ORDER BY q.group_name, q.priority DESC, q.first_entered_at, q.id`,
  );
  return groups.rows.map((g) => ({
    name: g.name,
    waiting: g.waiting,
    longestWaitSeconds: g.longestWaitSeconds,
    entries: entries.rows.filter((e) => e.group === g.name).map(({ group: _group, ...e }) => e),
    agents: g.agents,
  }));
}
