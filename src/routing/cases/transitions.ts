import type { CaseState } from './states.js';

/**
 * Every state change a case can make, by the action that makes it (as data). The one SQL function
 * that changes a case's state, change_case_state (migration 023), allows exactly these pairs, which
 * test/cases/lifecycle.test.ts checks on PostgreSQL for every pair of states; anything else is
 * refused (the API answers 409).
 */
export const CASE_TRANSITIONS = {
  /** The owner tells the customer we have it. */
  acknowledge: ['received→acknowledged'],
  /** A resolution was given to the customer. */
  resolve: ['acknowledged→resolved', 'reopened→resolved'],
  /** The customer accepted the resolution, or stopped answering. */
  close: ['resolved→closed'],
  /** The customer is not satisfied after all, or it came back. */
  reopen: ['resolved→reopened', 'closed→reopened'],
} as const satisfies Record<string, readonly `${CaseState}→${CaseState}`[]>;
export type CaseAction = keyof typeof CASE_TRANSITIONS;
export const CASE_ACTIONS = Object.keys(CASE_TRANSITIONS) as CaseAction[];

/** The state each action moves a case to. */
export const ACTION_TARGET: Record<CaseAction, CaseState> = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  close: 'closed',
  reopen: 'reopened',
};

/** The states an action may start from. */
export const allowedFrom = (action: CaseAction): CaseState[] => CASE_TRANSITIONS[action].map((move) => move.split('→')[0] as CaseState);

/** The states a case in `from` can move to (what the pages offer). */
export const nextStates = (from: string): CaseState[] =>
  Object.values(CASE_TRANSITIONS)
    .flat()
    .filter((m) => m.startsWith(`${from}→`))
    .map((m) => m.split('→')[1] as CaseState);
