import type { Queryable } from '../pool.js';

/** One arrow of a flow version's diagram over a window: hops from one step to the next. */
export interface FlowTransition {
  /** '$start' for the call's start. */
  from: string;
  /** 'hangup' when the flow ended the call. */
  to: string;
  times: number;
  calls: number;
}

/** The hops calls of one flow version made, for calls started in [from, to) (flow_step_transitions, migration 024). */
export async function flowTransitions(db: Queryable, w: { from: Date; to: Date }, flowHash: string): Promise<FlowTransition[]> {
  const { rows } = await db.query<FlowTransition>(
    `SELECT from_step AS "from", to_step AS "to", times, calls FROM flow_step_transitions($1, $2)
     WHERE flow_hash = $3 ORDER BY from_step COLLATE "C", to_step COLLATE "C"`,
    [w.from, w.to, flowHash],
  );
  return rows;
}
