import { z } from 'zod';
import type { Queryable } from '../db/pool.js';
import * as choices from '../db/queries/floor-choices.js';
import { InputError, parseInput } from '../input-error.js';

export type { ChoiceKind, Choice } from '../db/queries/floor-choices.js';
const WHAT = { 'break-reasons': 'break reason', dispositions: 'disposition' } as const;

const choiceName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes (at most 40), e.g. lunch');
export const choiceInput = z.strictObject({
  label: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
  position: z.number().int().min(0).max(1000).optional(),
});

export const listChoices = (db: Queryable, kind: choices.ChoiceKind, opts = { activeOnly: true }) => choices.listChoices(db, kind, opts);

export async function setChoice(db: Queryable, kind: choices.ChoiceKind, name: string, input: unknown): Promise<choices.Choice> {
  const n = parseInput(z.strictObject({ name: choiceName }), { name });
  return choices.upsertChoice(db, kind, { name: n.name, ...parseInput(choiceInput, input) });
}

export async function removeChoice(db: Queryable, kind: choices.ChoiceKind, name: string): Promise<void> {
  if (!(await choices.deactivateChoice(db, kind, name))) throw new InputError('not-found', `no ${WHAT[kind]} named '${name}'`);
}

/** Refuses a break reason or disposition the centre does not offer, naming the ones it does. */
export async function requireChoice(db: Queryable, kind: choices.ChoiceKind, name: string, field: string): Promise<void> {
  if (await choices.isActiveChoice(db, kind, name)) return;
  const offered = (await choices.listChoices(db, kind, { activeOnly: true })).map((c) => c.name);
  throw new InputError('invalid', `${field}: '${name}' is not one of the centre's ${WHAT[kind]}s (${offered.join(', ') || 'none set'})`);
}
