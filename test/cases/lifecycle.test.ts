import { expect } from 'chai';
import { changeCaseState, insertCase, type NewCase } from '../../src/db/queries/cases.js';
import { CASE_STATES, CASE_TRANSITIONS, type CaseState } from '../../src/routing/cases/index.js';
import { resetDatabase, testDatabase } from '../support/database.js';

const SUPERVISOR = { role: 'supervisor', supervisorId: null, name: 'Sam Lee' } as const;
const A_CASE: NewCase = {
  source: 'api',
  category: 'billing',
  summary: 'Charged twice',
  customerNumber: '+12125550123',
  callSid: null,
  assignmentId: null,
  ruleId: null,
  survey: null,
  ownerGroup: 'general',
  ownerAgentId: null,
  note: null,
};

/**
 * The case lifecycle's one SQL function, change_case_state (migration 023), allows exactly the
 * state changes src/routing/cases/transitions.ts declares: every pair of states is tried on
 * PostgreSQL, so the declaration and the SQL cannot drift apart either way.
 */
describe('case lifecycle: the SQL allows exactly the declared transitions', () => {
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;
  const declared = new Set<string>(Object.values(CASE_TRANSITIONS).flat());

  it("the database's states are the declared states", async () => {
    const { rows } = await db().query(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'cases_state_check' AND conrelid = 'cases'::regclass`,
    );
    const inSql = [...(rows[0].def as string).matchAll(/'([a-z-]+)'::text/g)].map((m) => m[1]).sort();
    expect(inSql).to.deep.equal([...CASE_STATES].sort());
  });

  for (const from of CASE_STATES) {
    it(`from ${from}: ${CASE_STATES.filter((to) => declared.has(`${from}→${to}`)).join(', ') || 'nothing'} allowed, the rest refused`, async () => {
      for (const to of CASE_STATES) {
        await resetDatabase();
        const id = await insertCase(db(), A_CASE, SUPERVISOR);
        await db().query('UPDATE cases SET state = $2 WHERE id = $1', [id, from]);
        const result = await changeCaseState(db(), id, to, SUPERVISOR, 'tried');
        const allowed = declared.has(`${from}→${to}`);
        expect(result, `${from}→${to}`).to.deep.equal({ status: allowed ? 'changed' : 'refused', fromState: from });
        const { rows } = await db().query('SELECT state FROM cases WHERE id = $1', [id]);
        expect(rows[0].state, `${from}→${to}`).to.equal(allowed ? to : from);
        const changes = await db().query(`SELECT from_state, to_state FROM case_changes WHERE case_id = $1 AND what = 'state'`, [id]);
        expect(changes.rows, `${from}→${to} history`).to.deep.equal(allowed ? [{ from_state: from, to_state: to }] : []);
      }
    });
  }

  it('every declared transition names two real states, and each action has one target', () => {
    for (const [action, moves] of Object.entries(CASE_TRANSITIONS)) {
      const targets = new Set(moves.map((m) => m.split('→')[1]));
      expect(targets.size, action).to.equal(1);
      for (const m of moves) for (const s of m.split('→')) expect(CASE_STATES).to.include(s as CaseState);
    }
  });

  it('acknowledging, resolving, closing and reopening stamp their times; reopening gives a new resolve due time', async () => {
    const id = await insertCase(db(), A_CASE, SUPERVISOR);
    await db().query(`UPDATE cases SET resolve_due_at = now() - interval '1 hour' WHERE id = $1`, [id]);
    for (const to of ['acknowledged', 'resolved', 'closed', 'reopened'] as const) {
      expect((await changeCaseState(db(), id, to, SUPERVISOR, null))!.status).to.equal('changed');
    }
    const { rows } = await db().query(
      `SELECT acknowledged_at IS NOT NULL AS acked, resolved_at, closed_at, resolve_due_at > now() + interval '4 days' AS due_later FROM cases`,
    );
    expect(rows).to.deep.equal([{ acked: true, resolved_at: null, closed_at: null, due_later: true }]);
  });

  it('a case that does not exist: no row', async () => {
    expect(await changeCaseState(db(), 999999, 'acknowledged', SUPERVISOR, null)).to.equal(undefined);
  });
});
