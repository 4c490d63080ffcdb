import { expect } from 'chai';
import { addAgent, configureGroup } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { whenDatabaseShows } from '../support/database-change.js';
import { dialCentre, startCentre, untilRinging, type RoutingCentre } from '../support/routing.js';
import { getReport } from '../reports/report-client.js';
import { queueStanding } from '../../src/routing/lifecycle/index.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

describe('routing: every wait estimate announced is kept as heard, and scored once the caller is answered', () => {
  let c: RoutingCentre;
  // A default handle time, so estimates are given before the group has history (none by default).
  before(async () => (c = await startCentre({ now: () => MONDAY_10AM, env: { DEFAULT_HANDLE_SECONDS: '180' } })));
  after(() => c.close());
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;
  const announcements = async () =>
    (
      await db().query(
        `SELECT w.call_sid AS "call", w.group_name AS "group", w.position, w.spoken_minutes AS "spokenMinutes",
           w.estimate_seconds AS "estimateSeconds", w.entry_id = q.id AS "sameEntry"
         FROM wait_announcements w JOIN queue_entries q ON q.call_sid = w.call_sid ORDER BY w.id`,
      )
    ).rows;

  async function queued() {
    const call = await dialCentre(c);
    await call.press('1');
    await call.press('1');
    expect(call.waiting).to.equal('queue');
    return call;
  }

  it('through signed webhooks: the figure heard, the position, the entry; then the outcome and error once answered', async () => {
    await configureGroup('billing', { wrap_up_seconds: 0 }, { billing: 2 });
    const agent = await addAgent({ name: 'Ana', skills: { billing: 3 }, state: 'break' });
    // Nobody has completed a billing call yet: the default 180 s handle time, one agent → about 3 minutes.
    const first = await queued();
    expect(first.lastHeard).to.include('Your expected wait is about 3 minutes.');
    const second = await queued();
    expect(second.lastHeard).to.include('You are number 2 in line.');
    expect(second.lastHeard).to.include('Your expected wait is about 6 minutes.');
    // Holding on past the announcement interval: a second announcement, kept too.
    await first.hold(90);
    expect(first.lastHeard).to.include('Your expected wait is about 3 minutes.');
    const kept = { group: 'billing', sameEntry: true };
    expect(await announcements()).to.deep.equal([
      { ...kept, call: first.callSid, position: 1, spokenMinutes: 3, estimateSeconds: 180 },
      { ...kept, call: second.callSid, position: 2, spokenMinutes: 6, estimateSeconds: 360 },
      { ...kept, call: first.callSid, position: 1, spokenMinutes: 3, estimateSeconds: 180 },
    ]);

    // Still waiting: neither right nor wrong yet, so not scored.
    const today = new Date().toISOString().slice(0, 10);
    const report = async () =>
      (await getReport(c.server, `/api/reports/wait-estimates?from=${today}&to=${today}&interval=day&group=billing`)).body.totals[0];
    expect(await report()).to.deep.include({ announcements: 3, answered: 0, waiting: 3, meanAbsoluteError: null, bias: null });

    // The agent comes back and answers the first caller; the second hangs up.
    await db().query(`UPDATE agents SET state = 'available', state_since = now() WHERE id = $1`, [agent.id]);
    await untilRinging(c, first);
    await first.agentAnswers({ press: '1' });
    expect(first.waiting).to.equal('bridged');
    await second.hangUp();
    await whenDatabaseShows(async () =>
      expect((await db().query(`SELECT state FROM queue_entries WHERE call_sid = $1`, [second.callSid])).rows[0].state).to.equal(
        'abandoned',
      ),
    );

    // Each of the first caller's announcements is scored against its own remaining wait to the answer.
    const { rows: facts } = await db().query(
      `SELECT f.outcome, f.estimate_seconds - extract(epoch FROM a.answered_at - f.announced_at)::float8 AS expected, f.error_seconds AS error
       FROM wait_announcement_facts f JOIN wait_announcements w ON w.id = f.announcement_id
       LEFT JOIN assignments a ON a.entry_id = f.entry_id AND a.answered_at IS NOT NULL ORDER BY f.announcement_id`,
    );
    expect(facts.map((f) => f.outcome)).to.deep.equal(['answered', 'abandoned', 'answered']);
    for (const f of [facts[0], facts[2]]) {
      expect(f.error).to.be.closeTo(f.expected, 1e-6);
      // Told 3 minutes, answered after some time ≥ 0: the error is at most +180 s.
      expect(f.error).to.be.at.most(180);
    }
    const totals = await report();
    expect(totals).to.deep.include({ announcements: 3, answered: 2, abandoned: 1, abandonedBeyondEstimate: 0, waiting: 0 });
    const mean = (facts[0].error + facts[2].error) / 2;
    expect(totals.meanAbsoluteError).to.be.closeTo(mean, 0.001);
    expect(totals.bias).to.be.closeTo(mean, 0.001);
  });

  it('a caller an agent is already ringing for has no wait left; the one behind keeps their place behind them', async () => {
    await configureGroup('billing', { wrap_up_seconds: 0 }, { billing: 2 });
    const agent = await addAgent({ name: 'Ana', skills: { billing: 3 }, state: 'break' });
    const first = await queued();
    const second = await queued();
    await db().query(`UPDATE agents SET state = 'available', state_since = now() WHERE id = $1`, [agent.id]);
    await untilRinging(c, first);
    // Routing may reserve the agent before Twilio's next hold request asks where the caller stands.
    expect(await queueStanding(db(), first.callSid)).to.deep.include({ position: 1, etaSeconds: 0, agentRinging: true });
    // The one behind stays number 2 (told "next in line" now, they could hear "number 2" after a
    // missed ring), and waits for Ana's call: one handle time.
    expect(await queueStanding(db(), second.callSid)).to.deep.include({ position: 2, etaSeconds: 180, agentRinging: false });
  });
});
