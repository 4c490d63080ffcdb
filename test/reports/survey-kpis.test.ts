import { expect } from 'chai';
import { addAgent } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { assignment, entry } from './fixtures.js';
import { EMPTY_SURVEYS, getReport } from './report-client.js';

const db = () => testDatabase().pool;
const t = (hhmm: string) => `2024-03-05T${hhmm}:00Z`;
const H = (hh: string) => `2024-03-05T${hh}:00:00+00:00`;
let n = 0;

/** A call on `flow` started at `at` (flow versions written straight to the table, as the registry stores them). */
async function callOn(flow: string, at: string): Promise<string> {
  await db().query(`INSERT INTO flow_versions (hash, flow_id, definition, sources) VALUES ($1, $1, '{}', '{}') ON CONFLICT DO NOTHING`, [
    flow,
  ]);
  const sid = `CA${(++n).toString(16).padStart(30, '0')}ff`;
  await db().query(
    `INSERT INTO calls (call_sid, account_sid, flow_id, flow_hash, from_number, to_number, state, context, seq, started_at)
     VALUES ($1, 'AC0', $2, $2, '+15550001111', '+18005550100', '"ended"', '{}', 1, $3)`,
    [sid, flow, at],
  );
  return sid;
}

/** A question asked (survey_requests), answered at `answered` with `score` when given (survey_responses). */
async function asked(
  call: string,
  q: { step: string; kind: 'csat' | 'nps' | 'resolved'; channel?: 'keypad' | 'sms'; at: string; score?: number; answered?: string },
): Promise<void> {
  const channel = q.channel ?? 'keypad';
  await db().query('INSERT INTO survey_requests (call_sid, step, kind, channel, asked_at) VALUES ($1, $2, $3, $4, $5)', [
    call,
    q.step,
    q.kind,
    channel,
    q.at,
  ]);
  if (q.score === undefined) return;
  await db().query('INSERT INTO survey_responses (call_sid, step, kind, channel, score, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    call,
    q.step,
    q.kind,
    channel,
    q.score,
    q.answered ?? q.at,
  ]);
}

/** A call queued in `group` at `at`, answered by `agent` a minute later, completed. */
async function handled(flow: string, group: string, agent: number, at: string): Promise<{ call: string; entry: number }> {
  const call = await callOn(flow, at);
  const e = await entry({ call, group, created: at, state: 'completed' });
  await assignment({ entry: e.id, agent, created: at, answered: at, ended: at, outcome: 'completed' });
  return { call, entry: e.id };
}

/**
 * Seven calls, 09:00 to 11:05 UTC, on two flows (sales-line, support-line):
 *   C1 billing, Ana: NPS 10, resolved yes, CSAT 5 (09:10)
 *   C2 billing, Ana answered, then Ben's callback (the last answered assignment): NPS 9, resolved no (09:50)
 *   C6, C7 billing, Ana: NPS 7 (09:35), NPS 3 (09:36)
 *   C3 support, Ben (support-line): NPS 6 (10:10); an SMS NPS survey sent at 10:15, never answered
 *   C4 no agent (support-line): CSAT asked at 10:30, never answered
 *   C5 support, Ana: an SMS NPS survey sent at 10:50, answered 0 at 11:05
 */
async function centre(): Promise<{ ana: number; ben: number }> {
  const ana = (await addAgent({ name: 'Ana' })).id;
  const ben = (await addAgent({ name: 'Ben' })).id;
  const c1 = await handled('sales-line', 'billing', ana, t('09:01'));
  await asked(c1.call, { step: 'recommend', kind: 'nps', at: t('09:10'), score: 10 });
  await asked(c1.call, { step: 'resolved', kind: 'resolved', at: t('09:10'), score: 1 });
  await asked(c1.call, { step: 'rate', kind: 'csat', at: t('09:10'), score: 5 });
  const c2 = await handled('sales-line', 'billing', ana, t('09:20'));
  await assignment({
    entry: c2.entry,
    agent: ben,
    kind: 'callback',
    created: t('09:40'),
    answered: t('09:40'),
    ended: t('09:45'),
    outcome: 'completed',
  });
  await asked(c2.call, { step: 'recommend', kind: 'nps', at: t('09:50'), score: 9 });
  await asked(c2.call, { step: 'resolved', kind: 'resolved', at: t('09:50'), score: 0 });
  const c6 = await handled('sales-line', 'billing', ana, t('09:30'));
  await asked(c6.call, { step: 'recommend', kind: 'nps', at: t('09:35'), score: 7 });
  const c7 = await handled('sales-line', 'billing', ana, t('09:31'));
  await asked(c7.call, { step: 'recommend', kind: 'nps', at: t('09:36'), score: 3 });
  const c3 = await handled('support-line', 'support', ben, t('10:01'));
  await asked(c3.call, { step: 'recommend', kind: 'nps', at: t('10:10'), score: 6 });
  await asked(c3.call, { step: 'sms', kind: 'nps', channel: 'sms', at: t('10:15') });
  const c4 = await callOn('support-line', t('10:25'));
  await asked(c4, { step: 'rate', kind: 'csat', at: t('10:30') });
  const c5 = await handled('sales-line', 'support', ana, t('10:40'));
  await asked(c5.call, { step: 'sms', kind: 'nps', channel: 'sms', at: t('10:50'), score: 0, answered: t('11:05') });
  return { ana, ben };
}

const surveys = (k: Partial<Record<keyof typeof EMPTY_SURVEYS, unknown>>) => ({ ...EMPTY_SURVEYS, ...k });
const csat5 = { csat: 5, csatResponses: 1, csatDistribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 } };

describe('Reports: survey KPIs (CSAT, NPS, response rate, resolved rate) per group, agent and flow', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ env: { CENTRE_TIMEZONE: 'UTC' } })));
  after(() => server.close());
  beforeEach(resetDatabase);

  const pick = (r: Record<string, unknown>) => Object.fromEntries(Object.keys(EMPTY_SURVEYS).map((k) => [k, r[k]]));

  it('per group and hour: NPS = % promoters − % detractors, answered ÷ asked, null where nothing was answered', async () => {
    await centre();
    const res = await getReport(server, '/api/reports/groups?from=2024-03-05T09:00&to=2024-03-05T12:00&interval=hour');
    expect(res.status).to.equal(200);
    const rows = (group: string) =>
      res.body.rows.filter((r: { group: string }) => r.group === group).map((r: Record<string, unknown>) => [r.start, pick(r)]);
    const total = (group: string) => pick(res.body.totals.find((r: { group: string }) => r.group === group));
    // billing 09: NPS 10, 9, 7, 3 → 2 promoters, 1 passive, 1 detractor: (2 − 1) / 4 = 25. Resolved yes, no → 0.5.
    const billing09 = surveys({
      surveyResponses: 7,
      surveyRequests: 7,
      responseRate: 1,
      ...csat5,
      nps: 25,
      npsResponses: 4,
      promoters: 2,
      passives: 1,
      detractors: 1,
      resolvedRate: 0.5,
      resolvedResponses: 2,
    });
    expect(rows('billing')).to.deep.equal([
      [H('09'), billing09],
      [H('10'), EMPTY_SURVEYS],
      [H('11'), EMPTY_SURVEYS],
    ]);
    expect(total('billing')).to.deep.equal(billing09);
    // support 10: C3's 6 answered; asked C3 keypad, C3 SMS (never answered), C5 SMS (answered at 11:05) → 2 / 3.
    // 11: C5's 0 answered, nothing asked → the rate is null, the NPS is not.
    expect(rows('support')).to.deep.equal([
      [H('09'), EMPTY_SURVEYS],
      [H('10'), surveys({ surveyResponses: 1, surveyRequests: 3, responseRate: 0.6667, nps: -100, npsResponses: 1, detractors: 1 })],
      [H('11'), surveys({ surveyResponses: 1, nps: -100, npsResponses: 1, detractors: 1 })],
    ]);
    expect(total('support')).to.deep.equal(
      surveys({ surveyResponses: 2, surveyRequests: 3, responseRate: 0.6667, nps: -100, npsResponses: 2, detractors: 2 }),
    );
    // No agent took C4: asked, never answered → response rate 0, and no NPS or CSAT at all (null, not 0).
    expect(total('(no agent)')).to.deep.equal(surveys({ surveyRequests: 1, responseRate: 0 }));
    expect(total('(no agent)').nps).to.equal(null);
  });

  it('per agent: the agent of the call’s last answered assignment (a callback counts)', async () => {
    const { ana, ben } = await centre();
    const res = await getReport(server, '/api/reports/agents?from=2024-03-05T09:00&to=2024-03-05T12:00&interval=hour');
    expect(res.status).to.equal(200);
    const of = (id: number) => res.body.rows.filter((r: { agentId: number }) => r.agentId === id).map(pick);
    const totalOf = (id: number) => pick(res.body.totals.find((r: { agentId: number }) => r.agentId === id));
    // Ana 09: C1 (10, yes, CSAT 5), C6 (7), C7 (3): 1 promoter, 1 passive, 1 detractor → 0. 10: C5's SMS asked
    // (answered later) → rate 1, no answer → null NPS. 11: C5's 0.
    expect(of(ana)).to.deep.equal([
      surveys({
        surveyResponses: 5,
        surveyRequests: 5,
        responseRate: 1,
        ...csat5,
        nps: 0,
        npsResponses: 3,
        promoters: 1,
        passives: 1,
        detractors: 1,
        resolvedRate: 1,
        resolvedResponses: 1,
      }),
      surveys({ surveyRequests: 1, responseRate: 1 }),
      surveys({ surveyResponses: 1, nps: -100, npsResponses: 1, detractors: 1 }),
    ]);
    // Over the range: 10, 7, 3, 0 → (1 − 2) / 4 = −25.
    expect(totalOf(ana)).to.deep.equal(
      surveys({
        surveyResponses: 6,
        surveyRequests: 6,
        responseRate: 1,
        ...csat5,
        nps: -25,
        npsResponses: 4,
        promoters: 1,
        passives: 1,
        detractors: 2,
        resolvedRate: 1,
        resolvedResponses: 1,
      }),
    );
    // Ben: C2 through his callback (9, no), C3 (6; its SMS survey unanswered): 3 of 4 answered; (1 − 1) / 2 = 0.
    expect(totalOf(ben)).to.deep.equal(
      surveys({
        surveyResponses: 3,
        surveyRequests: 4,
        responseRate: 0.75,
        nps: 0,
        npsResponses: 2,
        promoters: 1,
        detractors: 1,
        resolvedRate: 0,
        resolvedResponses: 1,
      }),
    );
  });

  it('per flow, in JSON and CSV, the columns named in docs/reports.md', async () => {
    await centre();
    const res = await getReport(server, '/api/reports/flows?from=2024-03-05&to=2024-03-05&interval=day');
    expect(res.status).to.equal(200);
    const totals = Object.fromEntries(res.body.totals.map((r: { flowId: string }) => [r.flowId, pick(r)]));
    // sales-line: C1, C2, C5, C6, C7: NPS 10, 9, 7, 3, 0 → (2 − 2) / 5 = 0; all 8 asked were answered.
    // support-line: C3, C4: 1 of 3 answered; a CSAT asked but never answered → CSAT null.
    expect(totals).to.deep.equal({
      'sales-line': surveys({
        surveyResponses: 8,
        surveyRequests: 8,
        responseRate: 1,
        ...csat5,
        nps: 0,
        npsResponses: 5,
        promoters: 2,
        passives: 1,
        detractors: 2,
        resolvedRate: 0.5,
        resolvedResponses: 2,
      }),
      'support-line': surveys({ surveyResponses: 1, surveyRequests: 3, responseRate: 0.3333, nps: -100, npsResponses: 1, detractors: 1 }),
    });

    const csv = await getReport(
      server,
      '/api/reports/groups?from=2024-03-05T09:00&to=2024-03-05T12:00&interval=hour&group=support&format=csv',
    );
    const lines = (csv.body as string).split('\r\n');
    const header = lines[0].split(',');
    expect(header.slice(header.indexOf('voicemails') + 1)).to.deep.equal([
      ...['surveyResponses', 'surveyRequests', 'responseRate', 'csat', 'csatResponses', 'nps', 'npsResponses'],
      ...['promoters', 'passives', 'detractors', 'resolvedRate', 'resolvedResponses', 'csat1', 'csat2', 'csat3', 'csat4', 'csat5'],
    ]);
    const tail = (line: string) =>
      line
        .split(',')
        .slice(header.indexOf('voicemails') + 1)
        .join(',');
    expect(lines.slice(1, 5).map(tail)).to.deep.equal([
      '0,0,,,0,,0,0,0,0,,0,0,0,0,0,0',
      '1,3,0.6667,,0,-100,1,0,0,1,,0,0,0,0,0,0',
      '1,0,,,0,-100,1,0,0,1,,0,0,0,0,0,0',
      '2,3,0.6667,,0,-100,2,0,0,2,,0,0,0,0,0,0',
    ]);
  });
});
