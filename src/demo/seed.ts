import { verifyPassword } from '../auth/passwords.js';
import type { Queryable } from '../db/pool.js';

export const DEMO_GROUPS = ['billing', 'support', 'sales', 'general'];

/** A new database gets the demo centre's skill groups so the shipped flow works at once. */
export async function seedDemoGroupsIfEmpty(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    // Two instances starting together on a new database may both see it empty: the second inserts nothing.
    `INSERT INTO skill_groups (name) SELECT unnest($1::text[]) WHERE NOT EXISTS (SELECT 1 FROM skill_groups) ON CONFLICT DO NOTHING RETURNING name`,
    [DEMO_GROUPS],
  );
  return rows.map((r) => r.name);
}

const DEMO_AGENTS: { name: string; kind: 'phone' | 'client' | 'sip'; contact: string; state: string; skills: Record<string, number> }[] = [
  { name: 'Ana Ruiz', kind: 'phone', contact: '+15550100001', state: 'available', skills: { billing: 4, spanish: 5, support: 2 } },
  { name: 'Ben Carter', kind: 'phone', contact: '+15550100002', state: 'available', skills: { support: 5, billing: 2 } },
  { name: 'Chloe Diaz', kind: 'client', contact: 'chloe', state: 'available', skills: { sales: 4, spanish: 3 } },
  { name: 'Dev Patel', kind: 'phone', contact: '+15550100004', state: 'break', skills: { support: 3, sales: 2 } },
  { name: 'Eve Moreau', kind: 'sip', contact: 'sip:eve@pbx.example.com', state: 'offline', skills: { billing: 3 } },
];

/**
 * The demo centre, on a database that has no agents yet: skills, the groups' requirements and
 * widening, five sample agents (three available, one on a break, one offline) who sign in to the
 * console with their first name, and a supervisor `supervisor`; all with the demo's generated password.
 */
export async function seedDemoCentreIfEmpty(db: Queryable, opts: { passwordHash: string }): Promise<string[]> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM agents');
  if (rows[0].n > 0) return [];
  await seedDemoGroupsIfEmpty(db);
  await db.query(`INSERT INTO skills (name) VALUES ('billing'), ('support'), ('sales'), ('spanish') ON CONFLICT DO NOTHING`);
  await db.query(
    `INSERT INTO skill_group_requirements (group_name, skill, min_level)
     SELECT * FROM (VALUES ('billing', 'billing', 3), ('support', 'support', 3), ('sales', 'sales', 2)) v(g, s, l)
     WHERE EXISTS (SELECT 1 FROM skill_groups WHERE name = v.g) ON CONFLICT DO NOTHING`,
  );
  await db.query(
    `UPDATE skill_groups SET widening = '[{"after_seconds": 60, "min_level": 1}, {"after_seconds": 120, "add_group": "general"}]'
     WHERE name IN ('billing', 'support', 'sales')`,
  );
  await db.query(`UPDATE skill_groups SET overflow = '{"action": "callback"}' WHERE name = 'sales'`);
  for (const a of DEMO_AGENTS) {
    const { rows: created } = await db.query<{ id: number }>(
      'INSERT INTO agents (name, contact_kind, contact, state, username, password_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [a.name, a.kind, a.contact, a.state, a.name.split(' ')[0].toLowerCase(), opts.passwordHash],
    );
    for (const [skill, level] of Object.entries(a.skills)) {
      await db.query('INSERT INTO agent_skills (agent_id, skill, level) VALUES ($1, $2, $3)', [created[0].id, skill, level]);
    }
  }
  await db.query(
    `INSERT INTO supervisors (username, name, password_hash) VALUES ('supervisor', 'Demo Supervisor', $1) ON CONFLICT DO NOTHING`,
    [opts.passwordHash],
  );
  await seedDemoFeedbackRules(db);
  return DEMO_AGENTS.map((a) => a.name);
}

/**
 * The demo centre's feedback rules: a detractor (NPS 0–6) or a dissatisfied caller (CSAT 1–2) opens
 * a case for the retention group, which calls them back first (priority 80); "not resolved" opens
 * one for support. Retention is staffed by senior support agents (support 4 or more).
 */
async function seedDemoFeedbackRules(db: Queryable): Promise<void> {
  await db.query(`INSERT INTO skill_groups (name) VALUES ('retention') ON CONFLICT DO NOTHING`);
  await db.query(
    `INSERT INTO skill_group_requirements (group_name, skill, min_level) VALUES ('retention', 'support', 4) ON CONFLICT DO NOTHING`,
  );
  await db.query(
    `INSERT INTO feedback_rules (name, kind, max_score, category, owner_group, callback_group, callback_priority)
     VALUES ('detractor', 'nps', 6, 'detractor', 'retention', 'retention', 80),
            ('dissatisfied', 'csat', 2, 'dissatisfied', 'retention', 'retention', 80),
            ('not-resolved', 'resolved', 0, 'not-resolved', 'support', NULL, 50)
     ON CONFLICT (name) DO NOTHING`,
  );
}

/** What demo centres created before the password was generated signed in with. */
const LEGACY_DEMO_PASSWORD = 'switchboard';

/**
 * A demo centre seeded by an earlier version still has the fixed password everyone knows: its
 * sample accounts that still use it get `passwordHash` instead. Returns the usernames changed.
 */
export async function retireLegacyDemoPassword(db: Queryable, passwordHash: string): Promise<string[]> {
  const { rows } = await db.query<{ kind: 'agent' | 'supervisor'; username: string; hash: string }>(
    `SELECT 'agent' AS kind, username, password_hash AS hash FROM agents WHERE username = ANY($1::text[])
     UNION ALL SELECT 'supervisor', username, password_hash FROM supervisors WHERE username = 'supervisor'`,
    [DEMO_AGENTS.map((a) => a.name.split(' ')[0].toLowerCase())],
  );
  const changed: string[] = [];
  for (const r of rows) {
    if (!(await verifyPassword(LEGACY_DEMO_PASSWORD, r.hash))) continue;
    await db.query(`UPDATE ${r.kind === 'agent' ? 'agents' : 'supervisors'} SET password_hash = $2 WHERE username = $1`, [
      r.username,
      passwordHash,
    ]);
    changed.push(r.username);
  }
  return changed;
}
