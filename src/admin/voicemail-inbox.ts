import { z } from 'zod';
import type { Queryable } from '../db/pool.js';
import type { Principal } from '../db/queries/people.js';
import * as voicemails from '../db/queries/voicemails.js';
import { InputError, parseInput } from '../input-error.js';

// The voicemail inbox's operations: supervisors see and change every message; an agent only those
// assigned to them (anything else is `forbidden`, which the API answers 403). Every input is
// validated here, once.

const GROUP_RULE = 'must be a skill group name';
const listQuery = z.strictObject({
  status: z.enum(['open', 'handled', 'all']).default('open'),
  group: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, GROUP_RULE)
    .optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number from 1 to 500')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 500, 'must be a whole number from 1 to 500')
    .default(200),
});
const handledInput = z.strictObject({ handled: z.boolean() });
const assignInput = z.strictObject({ agentId: z.number().int('must be an agent id').positive('must be an agent id').nullable() });

export class Forbidden extends Error {}

function voicemailId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1) throw new InputError('not-found', `no voicemail with id ${raw}`);
  return Number(raw);
}

const mayOpen = (who: Principal, assignedAgentId: number | null) => who.role === 'supervisor' || assignedAgentId === who.agentId;

export async function listInbox(db: Queryable, who: Principal, query: unknown): Promise<voicemails.VoicemailView[]> {
  const q = parseInput(listQuery, query);
  return voicemails.listVoicemails(db, { ...q, ...(who.role === 'agent' ? { assignedAgentId: who.agentId } : {}) });
}

/** One message, if `who` may see it (a supervisor: any; an agent: theirs, else Forbidden). */
export async function openVoicemail(db: Queryable, who: Principal, rawId: string): Promise<voicemails.VoicemailView> {
  const id = voicemailId(rawId);
  const found = await voicemails.getVoicemail(db, id);
  if (!found) throw new InputError('not-found', `no voicemail with id ${rawId}`);
  if (!mayOpen(who, found.assignedTo?.agentId ?? null)) throw new Forbidden('this voicemail is not assigned to you');
  return found;
}

/** The recording to play, if `who` may hear it. */
export async function voicemailRecordingFor(db: Queryable, who: Principal, rawId: string): Promise<{ recordingSid: string }> {
  const id = voicemailId(rawId);
  const found = await voicemails.voicemailRecording(db, id);
  if (!found) throw new InputError('not-found', `no voicemail with id ${rawId}`);
  if (!mayOpen(who, found.assignedAgentId)) throw new Forbidden('this voicemail is not assigned to you');
  if (!/^RE[0-9a-fA-F]{32}$/.test(found.key))
    throw new InputError(
      'not-found',
      `voicemail ${rawId} has no Twilio recording SID in its URL (${found.url}), so it cannot be played here`,
    );
  return { recordingSid: found.key };
}

export async function markHandled(db: Queryable, who: Principal, rawId: string, body: unknown): Promise<voicemails.VoicemailView> {
  await openVoicemail(db, who, rawId);
  const { handled } = parseInput(handledInput, body);
  await voicemails.setVoicemailHandled(db, Number(rawId), handled, who);
  return openVoicemail(db, who, rawId);
}

/** Supervisors only (the API is behind requireSupervisor): gives a message to an agent, or to nobody with null. */
export async function assignTo(db: Queryable, who: Principal, rawId: string, body: unknown): Promise<voicemails.VoicemailView> {
  const id = voicemailId(rawId);
  const { agentId } = parseInput(assignInput, body);
  const result = await voicemails.assignVoicemail(db, id, agentId, who.name);
  if (result === 'no-agent') throw new InputError('invalid', `agentId: no agent with id ${agentId}`);
  if (result === 'no-voicemail') throw new InputError('not-found', `no voicemail with id ${rawId}`);
  return openVoicemail(db, who, rawId);
}
