import { expect } from 'chai';
import * as lifecycle from '../../src/routing/lifecycle/index.js';
import {
  COMPOSITE_OPERATIONS,
  RING_LEASE_MARGIN_SECONDS,
  TRANSITIONS,
  type OperationName,
  type RequestableState,
  type Transitions,
} from '../../src/routing/lifecycle/index.js';
import { addAgent, configureGroup } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { claimNext, queueCaller } from '../support/queue.js';

/**
 * Each lifecycle operation, run on PostgreSQL, makes only the state changes its declaration in
 * src/routing/lifecycle/transitions.ts lists; and, over these scenarios, every change it lists.
 * So the declaration cannot drift from the SQL of migration 013 either way.
 */
describe('routing lifecycle: the operations make the declared transitions', () => {
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;

  interface Seen {
    offer: Set<string>;
    outcomes: Set<string>;
    agent: Set<string>;
    entry: Set<string>;
  }
  const seen = new Map<OperationName, Seen>();
  const seenOf = (op: OperationName): Seen => {
    if (!seen.has(op)) seen.set(op, { offer: new Set(), outcomes: new Set(), agent: new Set(), entry: new Set() });
    return seen.get(op)!;
  };

  /** Every routing row's state (an offer's with its outcome). */
  async function states(): Promise<{
    offer: Map<number, string>;
    outcome: Map<number, string | null>;
    agent: Map<number, string>;
    entry: Map<number, string>;
  }> {
    const rows = async (sql: string) => (await db().query<{ id: number; state: string; outcome?: string | null }>(sql)).rows;
    const offers = await rows('SELECT id, state, outcome FROM assignments ORDER BY id');
    return {
      offer: new Map(offers.map((r) => [r.id, r.state])),
      outcome: new Map(offers.map((r) => [r.id, r.outcome ?? null])),
      agent: new Map((await rows('SELECT id, state FROM agents ORDER BY id')).map((r) => [r.id, r.state])),
      entry: new Map((await rows('SELECT id, state FROM queue_entries ORDER BY id')).map((r) => [r.id, r.state])),
    };
  }

  const changes = (before: Map<number, string>, after: Map<number, string>) =>
    [...after].filter(([id, to]) => before.get(id) !== to).map(([id, to]) => `${before.get(id) ?? 'new'}→${to}`);

  /** Runs one operation and checks every change it made against its declaration; returns the changes. */
  async function observe<T>(
    op: OperationName,
    run: () => Promise<T>,
  ): Promise<{ result: T; offer: string[]; outcomes: string[]; agent: string[]; entry: string[] }> {
    const before = await states();
    const result = await run();
    const after = await states();
    const declared: Transitions = TRANSITIONS[op];
    const made = {
      offer: changes(before.offer, after.offer),
      outcomes: [...after.outcome].filter(([id, o]) => o !== null && before.outcome.get(id) !== o).map(([, o]) => o!),
      agent: changes(before.agent, after.agent),
      entry: changes(before.entry, after.entry),
    };
    for (const kind of ['offer', 'outcomes', 'agent', 'entry'] as const) {
      expect(declared[kind] ?? [], `${op} made an undeclared ${kind} change`).to.include.members(made[kind]);
      for (const m of made[kind]) seenOf(op)[kind].add(m);
    }
    return { result, ...made };
  }

  const PENDING: (RequestableState | null)[] = [null, 'break', 'offline', 'not-ready'];

  /** A caller (or a callback) ringing one agent, who asked for `pending` meanwhile. */
  async function ringing(o: { kind?: 'inbound' | 'callback'; pending?: RequestableState | null; missedBefore?: number } = {}) {
    const agent = await addAgent();
    const { callSid, entryId } = await queueCaller(
      'general',
      o.kind === 'callback' ? { state: 'callback', callbackNumber: '+15550009999' } : {},
    );
    const claim = (await claimNext(db()))!;
    expect(claim.agentId).to.equal(agent.id);
    await db().query('UPDATE agents SET pending_state = $2, missed_in_row = $3 WHERE id = $1', [
      agent.id,
      o.pending ?? null,
      o.missedBefore ?? 0,
    ]);
    return { agentId: agent.id, callSid, entryId, id: claim.assignmentId };
  }
  async function connected(o: { kind?: 'inbound' | 'callback'; pending?: RequestableState | null } = {}) {
    const r = await ringing({ kind: o.kind });
    expect(await lifecycle.acceptOffer(db(), r.id, null)).to.equal(true);
    await db().query('UPDATE agents SET pending_state = $2 WHERE id = $1', [r.agentId, o.pending ?? null]);
    return r;
  }
  const endCall = (callSid: string) => db().query('UPDATE calls SET ended_at = now() WHERE call_sid = $1', [callSid]);
  const entryRow = async (id: number) =>
    (await db().query('SELECT state, not_before > now() AS held, callback_attempts FROM queue_entries WHERE id = $1', [id])).rows[0];

  it('claimOffers: a waiting caller or a callback is offered to an available agent, who is reserved for the ring timeout and its margin', async () => {
    for (const kind of ['inbound', 'callback'] as const) {
      await resetDatabase();
      await addAgent();
      await queueCaller('general', kind === 'callback' ? { state: 'callback', callbackNumber: '+15550009999' } : {});
      const made = await observe('claimOffers', () => lifecycle.claimOffers(db(), 16));
      expect(made.result.map((c) => c.kind)).to.deep.equal([kind]);
      expect(made.entry).to.deep.equal([kind === 'callback' ? 'callback→offered' : 'waiting→offered']);
      const { rows } = await db().query(
        `SELECT extract(epoch FROM a.lease_until - a.state_since)::int AS lease, g.ring_timeout_seconds AS ring FROM agents a, skill_groups g WHERE g.name = 'general'`,
      );
      expect(rows[0].lease).to.equal(rows[0].ring + RING_LEASE_MARGIN_SECONDS);
    }
  });

  it('acceptOffer: ringing → connected, once', async () => {
    const r = await ringing();
    expect((await observe('acceptOffer', () => lifecycle.acceptOffer(db(), r.id, 'CA' + 'a'.repeat(32)))).agent).to.deep.equal([
      'reserved→on-call',
    ]);
    expect((await observe('acceptOffer', () => lifecycle.acceptOffer(db(), r.id, null))).result).to.equal(false);
  });

  it('missOffer: the caller back in their place, the agent freed to what they asked for, or not-ready after the misses in a row', async () => {
    const cases = [
      { outcome: 'no-answer', agent: 'reserved→available', entry: 'offered→waiting' },
      { outcome: 'busy', kind: 'callback', agent: 'reserved→available', entry: 'offered→callback' },
      { outcome: 'failed', pending: 'break', agent: 'reserved→break', entry: 'offered→waiting' },
      { outcome: 'rejected', pending: 'offline', agent: 'reserved→offline', entry: 'offered→waiting' },
      { outcome: 'lost', pending: 'break', missedBefore: 1, agent: 'reserved→not-ready', entry: 'offered→waiting' },
    ] as const;
    for (const c of cases) {
      await resetDatabase();
      const r = await ringing({
        kind: 'kind' in c ? c.kind : 'inbound',
        pending: 'pending' in c ? c.pending : null,
        missedBefore: 'missedBefore' in c ? c.missedBefore : 0,
      });
      const made = await observe('missOffer', () => lifecycle.missOffer(db(), r.id, c.outcome));
      expect([made.result, made.outcomes, made.agent, made.entry]).to.deep.equal([true, [c.outcome], [c.agent], [c.entry]]);
    }
  });

  it('withdrawOffer: no miss; back in line after a pause, or abandoned (asked, or the call is over)', async () => {
    const cases = [
      { outcome: 'cancelled', entryState: 'back-in-line', entry: 'offered→waiting', held: true },
      { outcome: 'lost', entryState: 'back-in-line', kind: 'callback', pending: 'not-ready', entry: 'offered→callback', held: true },
      { outcome: 'caller-hung-up', entryState: 'abandoned', pending: 'break', entry: 'offered→abandoned', held: null },
      { outcome: 'cancelled', entryState: 'back-in-line', ended: true, pending: 'offline', entry: 'offered→abandoned', held: null },
    ] as const;
    for (const c of cases) {
      await resetDatabase();
      const r = await ringing({ kind: 'kind' in c ? c.kind : 'inbound', pending: 'pending' in c ? c.pending : null });
      if ('ended' in c) await endCall(r.callSid);
      const made = await observe('withdrawOffer', () => lifecycle.withdrawOffer(db(), r.id, c.outcome, c.entryState));
      expect([made.outcomes, made.agent, made.entry]).to.deep.equal([
        [c.outcome],
        [`reserved→${'pending' in c ? c.pending : 'available'}`],
        [c.entry],
      ]);
      expect((await entryRow(r.entryId)).held).to.equal(c.held);
    }
  });

  it('completeCall: the agent wraps up; twice changes nothing more', async () => {
    const r = await connected();
    expect((await observe('completeCall', () => lifecycle.completeCall(db(), r.id))).agent).to.deep.equal(['on-call→wrap-up']);
    const again = await observe('completeCall', () => lifecycle.completeCall(db(), r.id));
    expect([again.offer, again.agent, again.entry]).to.deep.equal([[], [], []]);
  });

  it('callbackNotReached: tried again later, failed after the last try; the agent freed', async () => {
    for (const [i, pending] of PENDING.entries()) {
      await resetDatabase();
      const r = await connected({ kind: 'callback', pending });
      const last = i === PENDING.length - 1;
      if (last)
        await db().query('UPDATE queue_entries SET callback_attempts = $2 WHERE id = $1', [
          r.entryId,
          lifecycle.DEFAULT_ROUTING_POLICY.callbackAttempts - 1,
        ]);
      const made = await observe('callbackNotReached', () => lifecycle.callbackNotReached(db(), r.id));
      expect([made.agent, made.entry]).to.deep.equal([
        [`on-call→${pending ?? 'available'}`],
        [last ? 'connected→failed' : 'connected→callback'],
      ]);
    }
  });

  it('refuseCallbackAtDial: the ring withdrawn, the entry failed, the refusal logged', async () => {
    for (const pending of PENDING) {
      await resetDatabase();
      const r = await ringing({ kind: 'callback', pending });
      const made = await observe('refuseCallbackAtDial', () =>
        lifecycle.refuseCallbackAtDial(db(), r.id, { reason: 'blocked-prefix', number: '+19005550000' }),
      );
      expect([made.agent, made.entry]).to.deep.equal([[`reserved→${pending ?? 'available'}`], ['offered→failed']]);
      const { rows } = await db().query(`SELECT detail FROM call_events WHERE call_sid = $1 AND kind = 'callback-refused'`, [r.callSid]);
      expect(rows.map((e) => e.detail)).to.deep.equal([{ reason: 'blocked-prefix', number: '+19005550000', when: 'dial' }]);
    }
  });

  it("endAgentDial: talked (complete), the agent's miss, or a ring the caller hung up on (withdrawn)", async () => {
    let r = await connected();
    let made = await observe('endAgentDial', () => lifecycle.endAgentDial(db(), r.id, 'completed'));
    expect([made.result, made.entry]).to.deep.equal([{ bridged: true }, ['connected→completed']]);
    await resetDatabase();
    r = await ringing();
    made = await observe('endAgentDial', () => lifecycle.endAgentDial(db(), r.id, 'busy'));
    expect([made.result, made.entry]).to.deep.equal([{ bridged: false, missed: 'busy' }, ['offered→waiting']]);
    made = await observe('endAgentDial', () => lifecycle.endAgentDial(db(), r.id, 'busy'));
    expect([made.result, made.offer]).to.deep.equal([{ bridged: false }, []]);
    await resetDatabase();
    r = await ringing();
    made = await observe('endAgentDial', () => lifecycle.endAgentDial(db(), r.id, 'completed', true));
    expect([made.result, made.outcomes, made.entry]).to.deep.equal([{ bridged: false }, ['caller-hung-up'], ['offered→abandoned']]);
  });

  it("callbacks: the agent's answer, the customer's dial, the agent's own call", async () => {
    let r = await ringing({ kind: 'callback' });
    let answer = await observe('answerCallbackOffer', () => lifecycle.answerCallbackOffer(db(), r.id, '1', null));
    expect([answer.result, answer.offer]).to.deep.equal([{ accepted: true }, ['ringing→connected']]);
    let reached = await observe('endCallbackDial', () => lifecycle.endCallbackDial(db(), r.id, 'answered'));
    expect([reached.result, reached.entry]).to.deep.equal([true, ['connected→completed']]);
    await resetDatabase();
    r = await ringing({ kind: 'callback' });
    answer = await observe('answerCallbackOffer', () => lifecycle.answerCallbackOffer(db(), r.id, '2', null));
    expect([answer.result, answer.entry]).to.deep.equal([{ accepted: false, missed: 'rejected' }, ['offered→callback']]);
    await resetDatabase();
    r = await connected({ kind: 'callback' });
    reached = await observe('endCallbackDial', () => lifecycle.endCallbackDial(db(), r.id, 'no-answer'));
    expect([reached.result, reached.entry]).to.deep.equal([false, ['connected→callback']]);
    await resetDatabase();
    r = await ringing({ kind: 'callback' });
    let call = await observe('endAgentCall', () => lifecycle.endAgentCall(db(), r.id, 'no-answer'));
    expect([call.result, call.outcomes]).to.deep.equal([{ missed: 'no-answer' }, ['no-answer']]);
    await resetDatabase();
    r = await connected({ kind: 'callback' });
    call = await observe('endAgentCall', () => lifecycle.endAgentCall(db(), r.id, 'completed'));
    expect([call.result, call.agent]).to.deep.equal([{}, ['on-call→wrap-up']]);
  });

  it('callerGone: a ring withdrawn, a talk completed, a waiting caller abandoned; a callback stays', async () => {
    for (const pending of PENDING) {
      await resetDatabase();
      const ring = await ringing({ pending });
      const made = await observe('callerGone', () => lifecycle.callerGone(db(), ring.callSid));
      expect([made.outcomes, made.agent, made.entry]).to.deep.equal([
        ['caller-hung-up'],
        [`reserved→${pending ?? 'available'}`],
        ['offered→abandoned'],
      ]);
    }
    await resetDatabase();
    const talk = await connected();
    expect((await observe('callerGone', () => lifecycle.callerGone(db(), talk.callSid))).agent).to.deep.equal(['on-call→wrap-up']);
    const waiting = await queueCaller('general');
    expect((await observe('callerGone', () => lifecycle.callerGone(db(), waiting.callSid))).entry).to.deep.equal(['waiting→abandoned']);
    const callback = await queueCaller('general', { state: 'callback', callbackNumber: '+15550009999' });
    expect((await observe('callerGone', () => lifecycle.callerGone(db(), callback.callSid))).entry).to.deep.equal([]);
  });

  it('enqueueCaller: a new entry, a caller back in line in its group, or moved to another group keeping its place', async () => {
    const fresh = await queueCaller('general', { state: 'left' });
    const made = await observe('enqueueCaller', () =>
      lifecycle.enqueueCaller(db(), { callSid: fresh.callSid, group: 'general', priority: 0, language: 'en-US', step: 'q' }),
    );
    expect([made.result.requeued, made.entry]).to.deep.equal([false, ['new→waiting']]);
    for (const state of ['waiting', 'offered', 'connected', 'callback'] as const) {
      for (const group of ['general', 'billing']) {
        const open = await queueCaller('general', { state, waitedSeconds: 60 });
        const again = await observe('enqueueCaller', () =>
          lifecycle.enqueueCaller(db(), { callSid: open.callSid, group, priority: 0, language: 'en-US', step: 'q' }),
        );
        const moved = group !== 'general';
        expect([again.result.requeued, again.entry]).to.deep.equal([
          true,
          moved ? [`${state}→overflowed`, 'new→waiting'] : state === 'waiting' ? [] : [`${state}→waiting`],
        ]);
      }
    }
  });

  it('leaveQueue: to a callback, a voicemail, another group or hung up; a ring for the caller withdrawn', async () => {
    const hows = [{ callbackNumber: '+15550009999' }, { state: 'left' }, { state: 'overflowed' }, { state: 'abandoned' }] as const;
    for (const [i, how] of hows.entries()) {
      await resetDatabase();
      const target = 'callbackNumber' in how ? 'callback' : how.state;
      const r = await ringing({ pending: PENDING[i] });
      const made = await observe('leaveQueue', () => lifecycle.leaveQueue(db(), r.callSid, how));
      expect([made.outcomes, made.agent, made.entry]).to.deep.equal([
        ['cancelled'],
        [`reserved→${PENDING[i] ?? 'available'}`],
        [`offered→${target}`],
      ]);
      for (const state of ['waiting', 'connected'] as const) {
        const c = await queueCaller('general', { state });
        expect((await observe('leaveQueue', () => lifecycle.leaveQueue(db(), c.callSid, how))).entry).to.deep.equal([`${state}→${target}`]);
      }
    }
  });

  it('endWrapUp and endDueWrapUps: the agent freed to what they asked for', async () => {
    for (const pending of PENDING) {
      await resetDatabase();
      const r = await connected({ pending });
      await lifecycle.completeCall(db(), r.id);
      expect((await observe('endWrapUp', () => lifecycle.endWrapUp(db(), r.agentId))).agent).to.deep.equal([
        `wrap-up→${pending ?? 'available'}`,
      ]);
      await resetDatabase();
      const due = await connected({ pending });
      await lifecycle.completeCall(db(), due.id);
      expect((await observe('endDueWrapUps', () => lifecycle.endDueWrapUps(db()))).result).to.equal(0);
      await db().query(`UPDATE agents SET lease_until = now() - interval '1 second' WHERE id = $1`, [due.agentId]);
      expect((await observe('endDueWrapUps', () => lifecycle.endDueWrapUps(db()))).agent).to.deep.equal([
        `wrap-up→${pending ?? 'available'}`,
      ]);
    }
  });

  it('requestAgentState: applied at once, except while ringing or on a call (then pending)', async () => {
    for (const from of ['offline', 'available', 'wrap-up', 'break', 'not-ready'] as const) {
      for (const to of lifecycle.REQUESTABLE_STATES) {
        const agent = await addAgent({ state: from });
        const made = await observe('requestAgentState', () => lifecycle.requestAgentState(db(), agent.id, to, null));
        expect(made.agent).to.deep.equal(from === to ? [] : [`${from}→${to}`]);
      }
    }
    await resetDatabase();
    const r = await ringing();
    const busy = await observe('requestAgentState', () => lifecycle.requestAgentState(db(), r.agentId, 'break', 'lunch'));
    expect([busy.agent, busy.result?.pendingState]).to.deep.equal([[], 'break']);
  });

  it("transferCall: to a group, a new entry keeping the first one's place; to a number, the entry completed; the agent wraps up, once", async () => {
    await configureGroup('sales');
    const r = await connected();
    const toGroup = await observe('transferCall', () => lifecycle.transferCall(db(), r.id, { group: 'sales' }));
    expect([toGroup.result, toGroup.offer, toGroup.outcomes, toGroup.agent]).to.deep.equal([
      true,
      ['connected→ended'],
      ['completed'],
      ['on-call→wrap-up'],
    ]);
    expect(toGroup.entry).to.have.members(['connected→overflowed', 'new→waiting']);
    const { rows } = await db().query('SELECT group_name, first_entered_at FROM queue_entries WHERE call_sid = $1 ORDER BY id', [
      r.callSid,
    ]);
    expect(rows.map((e) => e.group_name)).to.deep.equal(['general', 'sales']);
    expect(rows[1].first_entered_at.getTime()).to.equal(rows[0].first_entered_at.getTime());
    expect((await observe('transferCall', () => lifecycle.transferCall(db(), r.id, { group: 'sales' }))).result).to.equal(false);
    await resetDatabase();
    const n = await connected();
    const toNumber = await observe('transferCall', () => lifecycle.transferCall(db(), n.id, { number: '+18005550100' }));
    expect([toNumber.entry, toNumber.agent]).to.deep.equal([['connected→completed'], ['on-call→wrap-up']]);
    expect((await db().query('SELECT transferred_to FROM assignments WHERE id = $1', [n.id])).rows[0].transferred_to).to.equal(
      '+18005550100',
    );
  });

  it('noteAgentCallSid changes no state', async () => {
    const r = await ringing({ kind: 'callback' });
    const made = await observe('noteAgentCallSid', () => lifecycle.noteAgentCallSid(db(), r.id, 'CA' + 'b'.repeat(32)));
    expect([made.offer, made.agent, made.entry]).to.deep.equal([[], [], []]);
  });

  it('releaseOrphanAgents: reserved or on a call without a live offer, freed', async () => {
    for (const from of ['reserved', 'on-call']) {
      for (const pending of PENDING) {
        const agent = await addAgent({ state: from });
        await db().query('UPDATE agents SET pending_state = $2 WHERE id = $1', [agent.id, pending]);
        expect((await observe('releaseOrphanAgents', () => lifecycle.releaseOrphanAgents(db()))).agent).to.deep.equal([
          `${from}→${pending ?? 'available'}`,
        ]);
      }
    }
  });

  it('repairOrphanEntries: entries without a live offer wait again or end; waiting callers who are gone, abandoned', async () => {
    const cases = [
      { state: 'offered', entry: 'offered→waiting' },
      { state: 'offered', callbackNumber: '+15550009999', entry: 'offered→callback' },
      { state: 'offered', ended: true, entry: 'offered→abandoned' },
      { state: 'connected', entry: 'connected→completed' },
      { state: 'waiting', ended: true, callbackNumber: '+15550009999', entry: 'waiting→callback' },
      { state: 'waiting', ended: true, entry: 'waiting→abandoned' },
    ] as const;
    for (const c of cases) {
      const e = await queueCaller('general', { state: c.state, ...('callbackNumber' in c ? { callbackNumber: c.callbackNumber } : {}) });
      if ('ended' in c) await endCall(e.callSid);
      expect((await observe('repairOrphanEntries', () => lifecycle.repairOrphanEntries(db()))).entry).to.deep.equal([c.entry]);
    }
  });

  it('every transition declared was made by some scenario above (a composite operation: by its parts)', () => {
    for (const [op, declared] of Object.entries(TRANSITIONS) as [OperationName, Transitions][]) {
      if (COMPOSITE_OPERATIONS.includes(op)) continue;
      const made = seenOf(op);
      for (const kind of ['offer', 'outcomes', 'agent', 'entry'] as const) {
        expect([...made[kind]], `${op}: declared ${kind} changes no scenario made`).to.include.members([...(declared[kind] ?? [])]);
      }
    }
  });
});
