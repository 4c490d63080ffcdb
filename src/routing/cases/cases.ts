import type { z } from 'zod';
import type { Queryable } from '../../db/pool.js';
import * as cases from '../../db/queries/cases.js';
import type { CaseActor, CaseChange, CaseRow, NewCase } from '../../db/queries/cases.js';
import { caseSettings, missingOwners } from '../../db/queries/feedback-rules.js';
import type { Principal } from '../../db/queries/people.js';
import { InputError, invalidField, parseInput } from '../../input-error.js';
import { caseAssignInput, caseCreateInput, caseListQuery, caseNoteInput, caseStateInput } from './case-input.js';
import { CASE_TRANSITIONS, nextStates } from './transitions.js';
import type { CaseState } from './states.js';
import { isOptedOut, queueOutboundSms } from '../../db/queries/sms.js';
import { isTextableNumber } from '../../twilio/sms-numbers.js';

// The case operations as supervisors and agents use them (API, CLI, console): input checked once,
// who may do what, and a clear refusal. Agents see and update only the cases they own.

/** Refused because of who is asking (the API answers 403). */
export class CaseAccessError extends Error {
  readonly status = 403;
}

const agentOf = (who: Principal) => (who.role === 'agent' ? who.agentId : null);

function supervisorsOnly(who: Principal, what: string): void {
  if (who.role !== 'supervisor') throw new CaseAccessError(`only a supervisor can ${what}`);
}

/** A case as the API shows it: with the states it can move to next. */
export type CaseView = CaseRow & { next: CaseState[] };
const view = (c: CaseRow): CaseView => ({ ...c, next: nextStates(c.state) });

export async function listCases(db: Queryable, who: Principal, query: unknown): Promise<CaseView[]> {
  const q = parseInput(caseListQuery, query);
  const found = await cases.listCases(db, {
    ...(q.state ? { state: q.state } : {}),
    ...(q.open !== undefined ? { open: q.open } : {}),
    ...(q.owner ? { ownerGroup: q.owner } : {}),
    ...(q.ownerAgentId ? { ownerAgentId: q.ownerAgentId } : {}),
    ...(q.breached !== undefined ? { breached: q.breached } : {}),
    ...(q.overdue !== undefined ? { overdue: q.overdue } : {}),
    ...(q.customer ? { customer: q.customer } : {}),
    ...(q.createdFrom ? { createdFrom: q.createdFrom } : {}),
    ...(q.createdTo ? { createdTo: q.createdTo } : {}),
    limit: q.limit,
    ...(who.role === 'agent' ? { forAgent: who.agentId } : {}),
  });
  return found.map(view);
}

export interface CaseWithHistory {
  case: CaseView;
  history: CaseChange[];
}

/** A case with its history; an agent gets 403 on a case they do not own. */
export async function getCase(db: Queryable, who: Principal, id: number): Promise<CaseWithHistory> {
  const found = await cases.caseWithHistory(db, id, agentOf(who));
  if (!found) throw new InputError('not-found', `no case ${id}`);
  if (who.role === 'agent' && !found.ownedBy) throw new CaseAccessError(`case ${id} is not yours: it belongs to ${ownerText(found.case)}`);
  return { case: view(found.case), history: found.history };
}

const ownerText = (c: CaseRow) =>
  [c.owner.agentName ?? (c.owner.agentId ? `agent ${c.owner.agentId}` : null), c.owner.group ? `group ${c.owner.group}` : null]
    .filter(Boolean)
    .join(' in ');

async function checkOwners(db: Queryable, group: string | null | undefined, agentId: number | null | undefined): Promise<void> {
  const missing = await missingOwners(db, group ? [group] : [], agentId ? [agentId] : []);
  if (missing.groups.length) throw invalidField('ownerGroup', `no skill group ${missing.groups[0]}`);
  if (missing.agents.length) throw invalidField('ownerAgentId', `no agent ${missing.agents[0]}`);
}

/**
 * Opens a case and, when the centre turns it on and the customer can be texted, queues their
 * acknowledgement in the SMS outbox (sent after commit by its worker, from the number they called);
 * why it was not sent is kept on the case otherwise.
 */
export async function openCase(db: Queryable, c: NewCase, who: CaseActor): Promise<number> {
  const id = await cases.insertCase(db, c, who);
  const settings = await caseSettings(db);
  if (settings.acknowledgeBySms && c.customerNumber) {
    const body = settings.acknowledgeText.replaceAll('{reference}', String(id));
    const system = { role: 'system', name: 'acknowledgement' } as const;
    const from = settings.acknowledgeFrom ?? (c.callSid ? await cases.dialledNumber(db, c.callSid) : undefined);
    const notSent = !isTextableNumber(c.customerNumber)
      ? 'not a number that takes texts'
      : (await isOptedOut(db, c.customerNumber))
        ? 'the customer opted out of texts'
        : !from
          ? 'no number to text from (set acknowledgeFrom in /api/case-settings)'
          : undefined;
    if (notSent) {
      await cases.recordCaseChange(db, id, 'message', system, `acknowledgement not sent: ${notSent}`, { to: c.customerNumber });
    } else {
      const messageId = await queueOutboundSms(db, {
        purpose: 'case-ack',
        callSid: c.callSid,
        step: null,
        to: c.customerNumber,
        sender: from!,
        body,
        language: null,
        caseId: id,
      });
      await cases.recordCaseChange(db, id, 'message', system, body, { messageId, to: c.customerNumber });
    }
  }
  return id;
}

/** A supervisor opens a case by hand (API, CLI). */
export async function createCase(db: Queryable, who: Principal, input: unknown): Promise<CaseWithHistory> {
  supervisorsOnly(who, 'open a case by hand (agents open one with the complaint wrap-up)');
  const v = parseInput(caseCreateInput, input);
  await checkOwners(db, v.ownerGroup, v.ownerAgentId);
  const id = await openCase(
    db,
    {
      source: 'api',
      category: v.category,
      summary: v.summary,
      customerNumber: v.customerNumber ?? null,
      callSid: v.callSid ?? null,
      assignmentId: null,
      ruleId: null,
      survey: null,
      ownerGroup: v.ownerGroup ?? null,
      ownerAgentId: v.ownerAgentId ?? null,
      note: v.note ?? null,
    },
    who,
  );
  return getCase(db, who, id);
}

/** Why a state change is refused, in words: where the case is and where it can go from there. */
export function refusal(id: number, from: string, to: CaseState): string {
  const next = nextStates(from);
  const sources = Object.values(CASE_TRANSITIONS)
    .flat()
    .filter((m) => m.endsWith(`→${to}`))
    .map((m) => m.split('→')[0]);
  return `case ${id} is ${from} and cannot become ${to}: from ${from} it can become ${next.join(' or ') || 'nothing'}; ${to} is reached from ${sources.join(' or ')}`;
}

export async function changeCaseState(db: Queryable, who: Principal, id: number, input: unknown): Promise<CaseWithHistory> {
  const v = parseInput(caseStateInput, input);
  await getCase(db, who, id); // 404, or 403 for an agent's case they do not own
  const changed = await cases.changeCaseState(db, id, v.state, who, v.note ?? null);
  if (!changed) throw new InputError('not-found', `no case ${id}`);
  if (changed.status === 'refused') throw new InputError('conflict', refusal(id, changed.fromState, v.state));
  return getCase(db, who, id);
}

export async function assignCase(db: Queryable, who: Principal, id: number, input: unknown): Promise<CaseWithHistory> {
  supervisorsOnly(who, 'give a case to another owner');
  const v: z.output<typeof caseAssignInput> = parseInput(caseAssignInput, input);
  await checkOwners(db, v.ownerGroup, v.ownerAgentId);
  const current = await getCase(db, who, id);
  const owner = {
    group: v.ownerGroup === undefined ? current.case.owner.group : v.ownerGroup,
    agentId: v.ownerAgentId === undefined ? current.case.owner.agentId : v.ownerAgentId,
  };
  if (!owner.group && !owner.agentId) throw invalidField('ownerGroup', 'a case needs an owner: a group or an agent');
  if (!(await cases.assignCase(db, id, owner, who, v.note ?? null))) throw new InputError('not-found', `no case ${id}`);
  return getCase(db, who, id);
}

export async function addCaseNote(db: Queryable, who: Principal, id: number, input: unknown): Promise<CaseWithHistory> {
  const v = parseInput(caseNoteInput, input);
  await getCase(db, who, id);
  await cases.recordCaseChange(db, id, 'note', who, v.note);
  return getCase(db, who, id);
}
