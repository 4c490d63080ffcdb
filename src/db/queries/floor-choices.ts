import type { Queryable } from '../pool.js';

/** The two lists the console offers: why an agent takes a break, how a call ended (wrap-up). */
export type ChoiceKind = 'break-reasons' | 'dispositions';
export interface Choice {
  name: string;
  label: string;
  position: number;
  active: boolean;
}

// Table names by kind: never from input, so they can be written into the statement.
const TABLE = { 'break-reasons': 'break_reasons', dispositions: 'dispositions' } as const;

export async function listChoices(db: Queryable, kind: ChoiceKind, opts: { activeOnly: boolean }): Promise<Choice[]> {
  const { rows } = await db.query<Choice>(
    `SELECT name, label, position, active FROM ${TABLE[kind]} WHERE active OR NOT $1 ORDER BY position, name`,
    [opts.activeOnly],
  );
  return rows;
}

export async function isActiveChoice(db: Queryable, kind: ChoiceKind, name: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM ${TABLE[kind]} WHERE name = $1 AND active`, [name]);
  return rows.length === 1;
}

/** Adds or changes one (and makes it active again); without a position it goes last. */
export async function upsertChoice(
  db: Queryable,
  kind: ChoiceKind,
  c: { name: string; label: string; position?: number },
): Promise<Choice> {
  const { rows } = await db.query<Choice>(
    `INSERT INTO ${TABLE[kind]} AS t (name, label, position)
       VALUES ($1, $2, coalesce($3, (SELECT coalesce(max(position), 0) + 1 FROM ${TABLE[kind]})))
     ON CONFLICT (name) DO UPDATE SET label = excluded.label, position = coalesce($3, t.position), active = true
     RETURNING name, label, position, active`,
    [c.name, c.label, c.position ?? null],
  );
  return rows[0];
}

/** No longer offered; kept for the records that name it. False when there is none of that name. */
export async function deactivateChoice(db: Queryable, kind: ChoiceKind, name: string): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE ${TABLE[kind]} SET active = false WHERE name = $1`, [name]);
  return rowCount === 1;
}
