import { z } from 'zod';
import type { Pool } from '../db/pool.js';
import { agentConnectedCall } from '../db/queries/assignments.js';
import { findGroup, groupNameLike, listGroups } from '../db/queries/groups.js';
import { InputError, invalidField, parseInput } from '../input-error.js';
import type { Logger } from '../log.js';
import { callIsOver, restError, type CallControl } from '../twilio/call-control.js';
import { transferUrl } from '../twiml/urls.js';
import type { TransferTarget } from './lifecycle/index.js';
import { checkTransferNumber, type TransferRule } from './transfer-policy.js';

/** What a blind transfer needs: Twilio's REST API, where our webhooks are, the centre's allowed numbers. */
export interface TransferDeps {
  pool: Pool;
  control: CallControl;
  baseUrl: string;
  numbers: readonly TransferRule[];
  log: Logger;
}

export const transferInput = z
  .object({ group: z.string().trim().min(1).max(64).optional(), number: z.string().trim().max(32).optional() })
  .strict()
  .refine((t) => (t.group === undefined) !== (t.number === undefined), { message: 'give either a group or a number' });

/**
 * A blind transfer from the console: the caller's call is redirected (Twilio REST) to /voice/transfer,
 * whose webhook ends the agent's part (wrap-up) and sends the caller on, to the new group's queue
 * keeping their place or to the number. Refused, with why, unless the agent is talking to a caller,
 * the group exists and is another, or the number is one the centre allows.
 */
export async function transferFromConsole(deps: TransferDeps, agentId: number, body: unknown): Promise<TransferTarget> {
  const input = parseInput(transferInput, body);
  const call = await agentConnectedCall(deps.pool, agentId);
  if (!call) throw new InputError('conflict', 'you are not talking to a caller: only a connected call can be transferred');
  if (call.kind !== 'inbound') throw new InputError('conflict', 'a callback cannot be transferred: only an incoming call can');
  let to: TransferTarget;
  if (input.group !== undefined) {
    const group = await findGroup(deps.pool, input.group);
    if (!group) {
      const like = await groupNameLike(deps.pool, input.group);
      throw new InputError('not-found', `group: no group '${input.group}'${like ? ` (did you mean '${like}'?)` : ''}`);
    }
    if (group.name === call.group) throw invalidField('group', `the caller is already in the '${group.name}' queue; choose another group`);
    to = { group: group.name };
  } else {
    const number = input.number!.replace(/[\s().-]/g, '');
    const verdict = checkTransferNumber(number, deps.numbers);
    if (!verdict.ok) throw invalidField('number', verdict.problem);
    to = { number };
  }
  const log = deps.log.child({ callSid: call.callSid, assignment: call.assignmentId, agent: agentId });
  try {
    await deps.control.redirect(call.callSid, transferUrl(deps.baseUrl, call.seq, call.assignmentId, to));
  } catch (err) {
    if (callIsOver(err)) throw new InputError('conflict', 'the caller has already hung up');
    log.warn({ twilio: restError(err) }, 'transfer: Twilio refused the redirect');
    throw Object.assign(new Error('Twilio did not take the transfer; the call goes on as it was: try again'), { status: 502 });
  }
  log.info({ to }, 'call transferred');
  return to;
}

/** The groups an agent may transfer to, by name (the console's choice). */
export async function transferGroups(pool: Pool): Promise<{ name: string }[]> {
  return (await listGroups(pool)).map((g) => ({ name: g.name }));
}
