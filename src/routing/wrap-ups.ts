import { z } from 'zod';
import type { Queryable } from '../db/pool.js';
import type { Principal } from '../db/queries/people.js';
import * as wrapUps from '../db/queries/wrap-ups.js';
import { InputError, parseInput } from '../input-error.js';
import { COMPLAINT_DISPOSITION, openCaseFromWrapUp } from './cases/index.js';
import { requireChoice } from './floor-choices.js';

const disposition = z.string().trim().min(1, 'choose a disposition').max(64);
const notes = z.string().max(4000);

export const agentWrapUpInput = z.strictObject({
  assignmentId: z.number().int().positive(),
  disposition,
  notes: notes.default(''),
  /** Done: leave wrap-up now (available, or the state asked for during the call). */
  done: z.boolean().default(false),
});

const correctionInput = z
  .strictObject({ disposition: disposition.optional(), notes: notes.optional(), reason: z.string().trim().min(1).max(500).optional() })
  .refine((v) => v.disposition !== undefined || v.notes !== undefined, 'give a disposition or notes to change');

/**
 * An agent closes one of their calls. Open during its wrap-up and for `graceMinutes` after; later
 * the record stands (409) and only a supervisor can correct it.
 */
export async function saveAgentWrapUp(
  db: Queryable,
  who: Extract<Principal, { role: 'agent' }>,
  w: z.output<typeof agentWrapUpInput>,
  graceMinutes: number,
): Promise<void> {
  await requireChoice(db, 'dispositions', w.disposition, 'disposition');
  const saved = await wrapUps.saveAgentWrapUp(db, who, w.assignmentId, w, graceMinutes);
  if (saved.status === 'not-found') throw new InputError('not-found', `no finished call ${w.assignmentId} of yours to wrap up`);
  if (saved.status === 'closed') {
    throw new InputError(
      'conflict',
      `the wrap-up of call ${w.assignmentId} closed at ${saved.closedAt.toISOString()} (${graceMinutes} minutes after its wrap-up ended); ask a supervisor to correct it`,
    );
  }
  // A complaint opens a case the agent owns (once per call).
  if (w.disposition === COMPLAINT_DISPOSITION) await openCaseFromWrapUp(db, who, w.assignmentId, w.notes);
}

/** A supervisor's correction, at any time; recorded with who, when and why. */
export async function correctWrapUp(db: Queryable, who: Principal, assignmentId: number, input: unknown): Promise<void> {
  const v = parseInput(correctionInput, input);
  if (v.disposition !== undefined) await requireChoice(db, 'dispositions', v.disposition, 'disposition');
  if (!(await wrapUps.correctWrapUp(db, who, assignmentId, v))) throw new InputError('not-found', `no finished call ${assignmentId}`);
}

export async function wrapUpHistory(
  db: Queryable,
  assignmentId: number,
): Promise<NonNullable<Awaited<ReturnType<typeof wrapUps.wrapUpHistory>>>> {
  const found = await wrapUps.wrapUpHistory(db, assignmentId);
  if (!found) throw new InputError('not-found', `no finished call ${assignmentId}`);
  return found;
}
