import type { Queryable } from '../../db/pool.js';
import { markCaseBreaches } from '../../db/queries/cases.js';
import type { Logger } from '../../log.js';

/**
 * Each pass (with the reconciler's): open cases whose acknowledge or resolve due time has passed are
 * marked once, with a 'breached' change in their history (the database's clock decides); the
 * change notifies the live pages. The breach flag itself is always computed, not stored.
 */
export async function checkCaseDeadlines(db: Queryable, log: Logger): Promise<number[]> {
  const breached = await markCaseBreaches(db);
  for (const caseId of breached) log.warn({ caseId }, 'case is past its due time');
  return breached;
}
