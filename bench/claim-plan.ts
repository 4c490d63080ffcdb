import type { Pool } from '../src/db/pool.js';
import { CLAIM_BATCH } from '../src/routing/router.js';

/** One kind of statement inside the claim, over one claim statement. */
export interface ClaimStep {
  /** The statement's first words (the claim's own SQL, inside claim_assignments_walk and its triggers). */
  statement: string;
  runs: number;
  ms: number;
  /** Indexes its plans read, comma-separated (empty: none). */
  indexes: string;
  /** Rows its scans read (returned and filtered out), over all its runs. */
  rowsExamined: number;
  /** Shared buffers hit or read. */
  buffers: number;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of every statement one claim of CLAIM_BATCH runs inside its
 * PL/pgSQL functions (auto_explain's nested statements; an EXPLAIN of the claim itself shows only a
 * function scan), rolled back. Undefined when auto_explain cannot be loaded (not a superuser).
 */
export async function explainClaim(pool: Pool): Promise<ClaimStep[] | undefined> {
  const client = await pool.connect();
  const logged: string[] = [];
  const onNotice = (m: { message?: string }) => m.message?.startsWith('duration:') && logged.push(m.message);
  client.on('notice', onNotice);
  try {
    try {
      await client.query(`LOAD 'auto_explain'`);
    } catch {
      return undefined;
    }
    await client.query(
      `SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET auto_explain.log_analyze = on;
       SET auto_explain.log_buffers = on; SET auto_explain.log_format = json; SET client_min_messages = log`,
    );
    await client.query('BEGIN');
    await client.query('SELECT count(*) FROM claim_assignments($1)', [CLAIM_BATCH]);
    await client.query('ROLLBACK');
    await client.query('SET client_min_messages = notice; SET auto_explain.log_min_duration = -1');
  } finally {
    client.off('notice', onNotice);
    client.release();
  }
  const steps = new Map<string, ClaimStep>();
  for (const message of logged) {
    const ms = Number(/^duration: ([\d.]+) ms/.exec(message)?.[1]);
    const { 'Query Text': text, Plan: plan } = JSON.parse(message.slice(message.indexOf('{'))) as { 'Query Text': string; Plan: PlanNode };
    const statement = text.replace(/\s+/g, ' ').trim().slice(0, 60);
    if (/claim_assignments/.test(statement)) continue; // the wrappers: their time is their statements'
    const step = steps.get(statement) ?? { statement, runs: 0, ms: 0, indexes: '', rowsExamined: 0, buffers: 0 };
    const indexes = new Set(step.indexes ? step.indexes.split(', ') : []);
    const visit = (node: PlanNode) => {
      if (node['Index Name']) indexes.add(node['Index Name']);
      if (/Scan/.test(node['Node Type']))
        step.rowsExamined += ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1);
      node.Plans?.forEach(visit);
    };
    visit(plan);
    step.runs++;
    step.ms += ms;
    step.indexes = [...indexes].join(', ');
    step.buffers += (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
    steps.set(statement, step);
  }
  return [...steps.values()].sort((a, b) => b.ms - a.ms);
}
