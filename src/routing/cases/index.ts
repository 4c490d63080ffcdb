/**
 * Complaint cases and the feedback that opens them (issue 12: closed-loop feedback). Modelled like
 * the routing lifecycle:
 *
 * - states.ts: every case state, with its meaning (ISO 10002: received → acknowledged → resolved →
 *   closed, and reopened);
 * - transitions.ts: the allowed state changes as data; change_case_state (migration 023) enforces
 *   the same list in one place, and test/cases/lifecycle.test.ts checks that the two agree;
 * - cases.ts: the operations as supervisors and agents use them (open, change state, assign, note;
 *   agents only on their own cases), each a SQL function of migration 023;
 * - feedback-rules.ts: applyFeedbackRules, which the survey paths call once an answer is stored: a
 *   rule opens a case and can book a recovery callback through the routing lifecycle;
 * - wrap-up-case.ts: the "complaint" wrap-up opens a case;
 * - recognition.ts: the variables a known caller's call starts with (open_case, last_nps, …);
 * - deadlines.ts: marks breaches once (history and a live notification);
 * - rule-admin.ts, case-input.ts: the rules and settings, and every input, checked once.
 */
export * from './states.js';
export * from './transitions.js';
export {
  addCaseNote,
  assignCase,
  CaseAccessError,
  changeCaseState,
  createCase,
  getCase,
  listCases,
  type CaseWithHistory,
} from './cases.js';
export { applyFeedbackRules, RECOVERY_STEP, type FeedbackAnswer, type FeedbackOutcome } from './feedback-rules.js';
export { COMPLAINT_DISPOSITION, openCaseFromWrapUp } from './wrap-up-case.js';
export { recognitionVars, recognizeCaller } from './recognition.js';
export { checkCaseDeadlines } from './deadlines.js';
export { caseSettings, deleteFeedbackRule, listFeedbackRules, saveFeedbackRule, updateCaseSettings } from './rule-admin.js';
