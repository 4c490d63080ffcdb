// The states of a complaint case (ISO 10002's handling: received, acknowledged, resolved, closed,
// and reopened). The database's CHECK constraint (migration 023) allows exactly these; the changes
// between them are in transitions.ts.

/** Each case state, and what it means. */
export const CASE_STATE_MEANINGS = {
  /** Opened (by a rule, a wrap-up or by hand); the customer waits to hear that we have it. */
  received: 'opened, not yet acknowledged',
  /** The owner has acknowledged it to the customer and is working on it. */
  acknowledged: 'acknowledged, being worked on',
  /** A resolution was given; it waits to be closed (or reopened if the customer is not satisfied). */
  resolved: 'resolved, waiting to be closed',
  /** Done. */
  closed: 'closed',
  /** Resolved or closed, then opened again: being worked on, with a new resolve due time. */
  reopened: 'reopened, being worked on',
} as const;
export type CaseState = keyof typeof CASE_STATE_MEANINGS;
export const CASE_STATES = Object.keys(CASE_STATE_MEANINGS) as CaseState[];

/** Open: anything not closed (the dashboard's list). */
export const OPEN_CASE_STATES: readonly CaseState[] = ['received', 'acknowledged', 'resolved', 'reopened'];

/** How a case opened. */
export const CASE_SOURCES = ['rule', 'wrap-up', 'api'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
