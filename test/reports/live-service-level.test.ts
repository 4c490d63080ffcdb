import { expect } from 'chai';
import { addAgent, configureGroup } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { callerRinging, dialCentre, type RoutingCentre, startCentre } from '../support/routing.js';
import { getReport } from './report-client.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

describe('the live service level, through signed webhooks and the Twilio stand-in', () => {
  let c: RoutingCentre;
  before(async () => (c = await startCentre({ now: () => MONDAY_10AM })));
  after(() => c.close());
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;

  /** The caller's wait so far, in the database's time: its entry was offered `seconds` ago (no sleep). */
  const waitedSoFar = (callSid: string, seconds: number) =>
    db().query(
      `UPDATE queue_entries SET created_at = now() - make_interval(secs => $2), first_entered_at = now() - make_interval(secs => $2),
         entered_at = now() - make_interval(secs => $2) WHERE call_sid = $1`,
      [callSid, seconds],
    );

  /** general's figures today as the dashboard API and /metrics give them. */
  async function general() {
    const q = (await getReport(c.server, '/api/dashboard')).body.queues.find((g: { group: string }) => g.group === 'general');
    const metrics = await (await fetch(`${c.server.url}/metrics`)).text();
    const line = /^switchboard_service_level_ratio\{group="general"\} (\S+)$/m.exec(metrics);
    return {
      offered: q.offeredToday,
      counted: q.serviceLevelBaseToday,
      inThreshold: q.answeredInThresholdToday,
      serviceLevel: q.serviceLevelToday,
      metrics: line ? Number(line[1]) : null,
    };
  }

  it('a call ringing an agent at 17 s of a 20 s threshold is not yet a miss: null, not 0 %; answered then, it is 100 %', async () => {
    await configureGroup('general', { service_level_seconds: 20 });
    await addAgent({ name: 'Ana' });
    const first = await callerRinging(c);
    await waitedSoFar(first.callSid, 17);
    expect(await general()).to.deep.equal({ offered: 1, counted: 0, inThreshold: 0, serviceLevel: null, metrics: null });

    await first.agentAnswers({ press: '1' });
    expect(first.waiting).to.equal('bridged');
    expect(await general()).to.deep.equal({ offered: 1, counted: 1, inThreshold: 1, serviceLevel: 1, metrics: 1 });

    // A second caller waits (Ana is on the first call): not counted at 19 s, a miss once past 20 s.
    const second = await dialCentre(c);
    await second.press('1');
    await second.press('0');
    await c.twilio.until(() => second.waiting === 'queue');
    await waitedSoFar(second.callSid, 19);
    expect(await general()).to.deep.equal({ offered: 2, counted: 1, inThreshold: 1, serviceLevel: 1, metrics: 1 });
    await waitedSoFar(second.callSid, 21);
    expect(await general()).to.deep.equal({ offered: 2, counted: 2, inThreshold: 1, serviceLevel: 0.5, metrics: 0.5 });
  });
});
