import { expect } from 'chai';
import path from 'node:path';
import { createApiToken } from '../../src/auth/api-tokens.js';
import { addAgent, staffOnBreak } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { placeCall } from '../support/twilio-driver.js';
import { getReport } from './report-client.js';

const SELF_SERVICE_FLOWS = path.resolve(import.meta.dirname, '../fixtures/flows/self-service');

/** Today (UTC), as from and to: the range the driven calls fall in (a date as `to` is the whole day). */
function today(): { from: string; to: string } {
  const day = new Date().toISOString().slice(0, 10);
  return { from: day, to: day };
}

describe('Reports: self-service (IVR) analytics per flow and step, from the call event log', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ flowsDir: SELF_SERVICE_FLOWS, env: { CENTRE_TIMEZONE: 'UTC' } })));
  after(() => server.close());
  beforeEach(async () => {
    await resetDatabase();
    // Someone is logged in (on a break), so callers wait in the queues instead of overflowing.
    await staffOnBreak();
  });

  /**
   * The known paths: 3 take option 1 to the opening hours (the flow hangs up: contained); 1 is silent
   * twice and 1 presses wrong keys twice, and the menu sends both to the operator (zero-outs after
   * failing); 1 presses 0 for the operator (a zero-out asked for); 1 presses 2 for the billing queue;
   * 1 hangs up in the menu (abandoned in the IVR). Queued callers hang up while waiting.
   */
  async function knownPaths(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      const info = await placeCall(server);
      await info.press('1');
      info.expectHeard('We are open every day');
      expect(info.waiting).to.equal('ended');
    }
    const silent = await placeCall(server);
    await silent.silence();
    await silent.silence();
    const wrong = await placeCall(server);
    await wrong.press('7');
    wrong.expectHeard('Sorry, that is not an option.');
    await wrong.press('8');
    const asked = await placeCall(server);
    await asked.press('0');
    const billing = await placeCall(server);
    await billing.press('2');
    for (const c of [silent, wrong, asked, billing]) expect(c.waiting, c.transcript).to.equal('queue');
    const queued = await testDatabase().pool.query(
      `SELECT detail->>'group' AS g, count(*)::int AS n FROM call_events WHERE kind = 'queued' GROUP BY 1 ORDER BY 1`,
    );
    expect(queued.rows).to.deep.equal([
      { g: 'billing', n: 1 },
      { g: 'general', n: 3 },
    ]);
    for (const c of [silent, wrong, asked, billing]) await c.hangUp();
    const gone = await placeCall(server);
    await gone.hangUp();
  }

  it('counts containment, zero-outs and abandonment per flow, and each step’s entries, options, failures and hang-ups', async () => {
    await knownPaths();
    const { from, to } = today();
    const res = await getReport(server, `/api/reports/flows?from=${from}&to=${to}&interval=day&timezone=UTC`);
    expect(res.status).to.equal(200);
    const expected = {
      flowId: 'self-service',
      calls: 8,
      contained: 3,
      routed: 4,
      abandoned: 1,
      zeroOuts: 3,
      zeroOutsAfterFailing: 2,
      containment: 0.4286, // 3 / (3 + 4): the abandoned call is neither
      zeroOutRate: 0.375, // 3 / 8
      ivrAbandonmentRate: 0.125, // 1 / 8
    };
    expect(res.body.totals, JSON.stringify(res.body)).to.have.length(1);
    expect(res.body.totals[0]).to.deep.include(expected);
    expect(res.body.rows).to.have.length(1);
    expect(res.body.rows[0]).to.deep.include({ ...expected, start: `${from}T00:00:00+00:00` });
    // Real webhooks on the real clock: a queue is reached within the test's own run.
    expect(res.body.totals[0].timeToQueue).to.be.a('number').within(0, 60);

    const steps = Object.fromEntries(res.body.steps.map((s: { step: string }) => [s.step, s]));
    expect(Object.keys(steps)).to.deep.equal(['billing', 'main-menu', 'opening-hours', 'operator']);
    expect(steps['main-menu']).to.deep.include({
      kind: 'menu',
      entered: 8,
      leftBy: { 0: 1, 1: 3, 2: 1 },
      exits: { billing: 1, 'opening-hours': 3, operator: 3 },
      noInput: 2,
      invalid: 2,
      hungUp: 1,
    });
    expect(steps['opening-hours']).to.deep.include({ kind: 'say', entered: 3, exits: {}, hungUp: 0, medianSeconds: 0 });
    expect(steps.operator).to.deep.include({ kind: 'queue', entered: 3, noInput: 0, invalid: 0, hungUp: 3 });
    expect(steps.billing).to.deep.include({ kind: 'queue', entered: 1, hungUp: 1 });
    expect(steps['main-menu'].medianSeconds).to.be.a('number').within(0, 60);
    expect(new Set(res.body.steps.map((s: { flowVersion: string }) => s.flowVersion)).size).to.equal(1);
  });

  it('answers the same figures as CSV: the flows table by default, the steps with table=steps', async () => {
    await knownPaths();
    const { from, to } = today();
    const query = `from=${from}&to=${to}&interval=day&timezone=UTC&format=csv`;
    const flows = await getReport(server, `/api/reports/flows?${query}`);
    expect(flows.headers.get('content-disposition')).to.equal(`attachment; filename=switchboard-flows-${from}-to-${from}-day.csv`);
    const [header, day, total, end] = (flows.body as string).split('\r\n');
    expect(header).to.equal(
      'flow,start,calls,contained,routed,abandoned,zeroOuts,zeroOutsAfterFailing,containment,zeroOutRate,ivrAbandonmentRate,timeToQueue,' +
        'surveyResponses,surveyRequests,responseRate,csat,csatResponses,nps,npsResponses,promoters,passives,detractors,' +
        'resolvedRate,resolvedResponses,csat1,csat2,csat3,csat4,csat5',
    );
    // No survey in this flow: zero counts, empty averages and rates.
    const noSurveys = ',0,0,,,0,,0,0,0,0,,0,0,0,0,0,0';
    expect(day).to.match(new RegExp(`^self-service,${from}T00:00:00\\+00:00,8,3,4,1,3,2,0\\.4286,0\\.375,0\\.125,[0-9.]+${noSurveys}$`));
    expect(total).to.match(new RegExp(`^self-service,total,8,3,4,1,3,2,0\\.4286,0\\.375,0\\.125,[0-9.]+${noSurveys}$`));
    expect(end).to.equal('');

    const steps = await getReport(server, `/api/reports/flows?${query}&table=steps`);
    expect(steps.headers.get('content-disposition')).to.equal(`attachment; filename=switchboard-flow-steps-${from}-to-${from}-day.csv`);
    const lines = (steps.body as string).split('\r\n');
    expect(lines[0]).to.equal('flow,version,step,kind,entered,noInput,invalid,hungUp,medianSeconds,leftBy,exits');
    const menu = lines.find((l) => l.includes(',main-menu,'))!;
    expect(menu).to.match(/^self-service,[0-9a-f]+,main-menu,menu,8,2,2,1,[0-9.]+,0:1;1:3;2:1,billing:1;opening-hours:3;operator:3$/);
    expect(lines.find((l) => l.includes(',opening-hours,'))).to.match(/^self-service,[0-9a-f]+,opening-hours,say,3,0,0,0,0,,$/);
  });

  it('has no flows and no steps where no call started: no rows, not zeros', async () => {
    const res = await getReport(server, '/api/reports/flows?from=2024-03-05&to=2024-03-06&interval=hour');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({ rows: [], totals: [], steps: [] });
  });

  it('refuses what the other reports refuse, an unknown flow, and agents', async () => {
    const agent = await addAgent();
    const { token } = await createApiToken(testDatabase().pool, { name: 'agent console', agentId: agent.id });
    expect(await getReport(server, '/api/reports/flows?from=2024-03-05&to=2024-03-06&interval=day', {}, token)).to.deep.include({
      status: 403,
      body: { error: 'this needs a supervisor; you are signed in as an agent' },
    });
    const bad = await getReport(server, '/api/reports/flows?from=2024-03-05&to=2024-03-06&interval=week');
    expect(bad.status).to.equal(400);
    expect(JSON.stringify(bad.body)).to.include('interval: must be one of 15min, hour, day');
    const table = await getReport(server, '/api/reports/flows?from=2024-03-05&to=2024-03-06&interval=day&table=edges');
    expect(table.status).to.equal(400);
    expect(JSON.stringify(table.body)).to.include('table: must be one of flows, steps');
    await knownPaths();
    const unknown = await getReport(server, '/api/reports/flows?from=2024-03-05&to=2024-03-06&interval=day&flow=self-servise');
    expect(unknown.status).to.equal(400);
    expect(JSON.stringify(unknown.body)).to.include("flow: no flow 'self-servise' (did you mean 'self-service'?)");
  });
});
