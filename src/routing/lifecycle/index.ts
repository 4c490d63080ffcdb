// The routing lifecycle's named operations (agents, queue entries, agent offers). Today a facade
// over the data layer; issue 10 moves the definitions here (see docs/architecture.md).
export {
  claimBatch as claimOffers,
  acceptAssignment as acceptOffer,
  missAssignment as missOffer,
  cancelAssignment as withdrawOffer,
  completeAssignment as completeCall,
  callbackNotReached,
  finishDial as endAgentDial,
  callerGone,
  endDueWrapUps,
  endWrapUp,
  noteAgentCallSid,
  type Claim,
  type MissOutcome,
} from '../../db/queries/assignments.js';
export { openQueueEntry as enqueueCaller, leaveQueue } from '../../db/queries/queue-entries.js';
export { requestAgentState } from '../../db/queries/agent-status.js';
