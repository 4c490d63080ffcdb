import type { Queryable } from '../pool.js';
import { AGENT_TIME_CTE, HANDLED_CTE, ratio, secs } from './report-agent-time.js';
import { BUCKETS_CTE, SLOTS_CTE, localParts, slotKey, windowValues, type ReportWindow } from './report-window.js';

/** One agent in one interval (start null: the whole range). */
export interface AgentReportRow {
  agentId: number;
  agent: string;
  start: Date | null;
  startLocal: string | null;
  startOffset: number | null;
  loggedInSeconds: number;
  busySeconds: number;
  occupancy: number | null;
  handled: number;
  aht: number | null;
}

/**
 * Every agent × every interval: time logged in and busy (on-call + wrap-up), occupancy = busy ÷
 * logged in, and the calls they completed (answered in the interval) with their mean handle time.
 */
export async function agentReport(db: Queryable, w: ReportWindow): Promise<AgentReportRow[]> {
  const { rows } = await db.query<AgentReportRow>({
    text: `WITH ${BUCKETS_CTE}, ${SLOTS_CTE}, ${AGENT_TIME_CTE}, ${HANDLED_CTE},
      time_stats AS (
        SELECT agent_id, ${slotKey('bucket')} AS key, sum(logged_in) AS logged_in, sum(busy) AS busy
        FROM agent_time GROUP BY GROUPING SETS ((agent_id, bucket), (agent_id))),
      handle_stats AS (
        SELECT agent_id, ${slotKey('bucket')} AS key, count(*) AS handled, avg(handle) AS aht
        FROM handled GROUP BY GROUPING SETS ((agent_id, bucket), (agent_id)))
      SELECT a.id AS "agentId", a.name AS agent, s.start, ${localParts('s.start', 'start')},
        ${secs('coalesce(t.logged_in, 0)')} AS "loggedInSeconds", ${secs('coalesce(t.busy, 0)')} AS "busySeconds",
        ${ratio('t.busy', 't.logged_in')} AS occupancy, coalesce(h.handled, 0)::int AS handled, ${secs('h.aht')} AS aht
      FROM agents a CROSS JOIN slots s
      LEFT JOIN time_stats t ON t.agent_id = a.id AND t.key = s.key
      LEFT JOIN handle_stats h ON h.agent_id = a.id AND h.key = s.key
      ORDER BY a.id, s.start NULLS LAST`,
    values: windowValues(w),
  });
  return rows;
}
