import type { Pool } from '../src/db/pool.js';

// Claim order under contention: with two routers claiming at once, does the caller first in line
// still get the longest-idle agent who fits? Within one group of the bench's centre every caller
// needs the same skill and there is no widening, so any agent a later caller of the group got
// would have fitted an earlier one: an offer made to a caller while one ahead of them in the same
// group was still waiting (and was offered later) took a caller out of order, and an offer of an
// agent while one idle longer who fitted the group stayed free (and was offered later in the same
// group) took an agent out of order.

/** Keeps every agent's idle-since before the claims (a claim overwrites it). */
export async function keepIdleSince(pool: Pool): Promise<void> {
  await pool.query(`CREATE TABLE bench_idle_since AS SELECT id AS agent_id, state_since FROM agents`);
}

export interface ClaimOrder {
  offers: number;
  callersOutOfOrder: number;
  agentsOutOfOrder: number;
}

/** Offers (in claim order: assignment ids) that passed over a caller or an agent of their group. */
export async function claimOrder(pool: Pool): Promise<ClaimOrder> {
  const { rows } = await pool.query<ClaimOrder>(
    `WITH ranked AS (
       SELECT a.id, q.group_name,
              row_number() OVER (PARTITION BY q.group_name ORDER BY (-q.priority), q.first_entered_at, q.id) AS caller_rank,
              row_number() OVER (PARTITION BY q.group_name ORDER BY i.state_since, i.agent_id) AS agent_rank
       FROM assignments a JOIN queue_entries q ON q.id = a.entry_id JOIN bench_idle_since i ON i.agent_id = a.agent_id),
     later AS (
       SELECT caller_rank, agent_rank,
              min(caller_rank) OVER w AS later_caller_rank, min(agent_rank) OVER w AS later_agent_rank
       FROM ranked WINDOW w AS (PARTITION BY group_name ORDER BY id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING))
     SELECT count(*)::int AS offers,
            count(*) FILTER (WHERE later_caller_rank < caller_rank)::int AS "callersOutOfOrder",
            count(*) FILTER (WHERE later_agent_rank < agent_rank)::int AS "agentsOutOfOrder"
     FROM later`,
  );
  return rows[0];
}
