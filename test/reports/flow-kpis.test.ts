import { expect } from 'chai';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { EMPTY_SURVEYS, getReport } from './report-client.js';

/**
 * The flow report's times, on an event log written with explicit timestamps (what the webhooks
 * would have logged), so that medians are exact: a menu, then a billing queue.
 */
const FLOW = {
  id: 'timed',
  steps: {
    'main-menu': { kind: 'menu', options: [{ key: '2', words: [], target: { goto: 'billing' } }], repeatKey: '9' },
    billing: { kind: 'queue', group: 'billing' },
  },
};
type Logged = [at: string, kind: string, step: string, detail?: Record<string, unknown>];

const db = () => testDatabase().pool;
let calls = 0;

async function loggedCall(startedAt: string, endedAt: string, events: Logged[]): Promise<void> {
  await db().query(
    `INSERT INTO flow_versions (hash, flow_id, definition, sources) VALUES ('timed-v1', 'timed', $1, '{}') ON CONFLICT (hash) DO NOTHING`,
    [FLOW],
  );
  const sid = `CA${(++calls).toString(16).padStart(32, 'f')}`;
  await db().query(
    `INSERT INTO calls (call_sid, account_sid, flow_id, flow_hash, from_number, to_number, state, context, seq, started_at, ended_at)
     VALUES ($1, 'AC0', 'timed', 'timed-v1', '+15550001111', '+18005550100', '$ended', '{}', 1, $2, $3)`,
    [sid, startedAt, endedAt],
  );
  for (const [at, kind, step, detail] of events) {
    await db().query('INSERT INTO call_events (call_sid, at, kind, step, detail) VALUES ($1, $2, $3, $4, $5)', [
      sid,
      at,
      kind,
      step,
      detail ?? {},
    ]);
  }
}

const menu = (at: string): Logged[] => [
  [at, 'input', 'start', { event: 'CALL_STARTED' }],
  [at, 'heard', 'main-menu', { entered: ['main-menu'] }],
];
const toBilling = (at: string): Logged[] => [
  [at, 'input', 'main-menu', { event: 'DIGITS', digits: '2' }],
  [at, 'queued', 'billing', { group: 'billing' }],
  [at, 'heard', 'billing', { entered: ['billing'] }],
];

describe('Reports: self-service times (median time at a step, time to reach a queue)', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ env: { CENTRE_TIMEZONE: 'UTC' } })));
  after(() => server.close());
  beforeEach(resetDatabase);

  it('takes medians over the calls, counts repeats and retries once per call, and gives null where there were no calls', async () => {
    // 10 s in the menu, then 50 s in the queue until the caller hangs up.
    await loggedCall('2024-03-05T09:00:00Z', '2024-03-05T09:01:00Z', [
      ...menu('2024-03-05T09:00:00Z'),
      ...toBilling('2024-03-05T09:00:10Z'),
      ['2024-03-05T09:01:00Z', 'ended', 'billing', { status: 'completed' }],
    ]);
    // Silent once (6 s), the menu again, the repeat key (4 s), then 20 s more: 30 s in the menu; 30 s in the queue.
    await loggedCall('2024-03-05T09:10:00Z', '2024-03-05T09:11:00Z', [
      ...menu('2024-03-05T09:10:00Z'),
      ['2024-03-05T09:10:06Z', 'input', 'main-menu', { event: 'NO_INPUT' }],
      ['2024-03-05T09:10:06Z', 'heard', 'main-menu', { entered: ['main-menu'] }],
      ['2024-03-05T09:10:10Z', 'input', 'main-menu', { event: 'DIGITS', digits: '9' }],
      ['2024-03-05T09:10:10Z', 'heard', 'main-menu', { entered: ['main-menu'] }],
      ...toBilling('2024-03-05T09:10:30Z'),
      ['2024-03-05T09:11:00Z', 'ended', 'billing', { status: 'completed' }],
    ]);
    // A wrong key, then a hang-up in the menu after 4 s in all.
    await loggedCall('2024-03-05T09:20:00Z', '2024-03-05T09:20:04Z', [
      ...menu('2024-03-05T09:20:00Z'),
      ['2024-03-05T09:20:02Z', 'input', 'main-menu', { event: 'DIGITS', digits: '5' }],
      ['2024-03-05T09:20:02Z', 'heard', 'main-menu', { entered: ['main-menu'] }],
      ['2024-03-05T09:20:04Z', 'ended', 'main-menu', { status: 'completed' }],
    ]);

    const res = await getReport(server, '/api/reports/flows?from=2024-03-05T09:00&to=2024-03-05T11:00&interval=hour&flow=timed');
    expect(res.status).to.equal(200);
    const figures = { calls: 3, contained: 0, routed: 2, abandoned: 1, zeroOuts: 0, zeroOutsAfterFailing: 0 };
    const rates = { containment: 0, zeroOutRate: 0, ivrAbandonmentRate: 0.3333, timeToQueue: 20 };
    expect(res.body.rows).to.deep.equal([
      { flowId: 'timed', start: '2024-03-05T09:00:00+00:00', ...figures, ...rates, ...EMPTY_SURVEYS },
      {
        flowId: 'timed',
        start: '2024-03-05T10:00:00+00:00',
        ...{ calls: 0, contained: 0, routed: 0, abandoned: 0, zeroOuts: 0, zeroOutsAfterFailing: 0 },
        ...{ containment: null, zeroOutRate: null, ivrAbandonmentRate: null, timeToQueue: null },
        ...EMPTY_SURVEYS,
      },
    ]);
    expect(res.body.totals).to.deep.equal([{ flowId: 'timed', ...figures, ...rates, ...EMPTY_SURVEYS }]);
    expect(res.body.steps).to.deep.equal([
      {
        ...{ flowId: 'timed', flowVersion: 'timed-v1', step: 'billing', kind: 'queue', entered: 2, leftBy: {}, exits: {} },
        ...{ noInput: 0, invalid: 0, hungUp: 2, medianSeconds: 40 },
      },
      {
        ...{
          flowId: 'timed',
          flowVersion: 'timed-v1',
          step: 'main-menu',
          kind: 'menu',
          entered: 3,
          leftBy: { 2: 2 },
          exits: { billing: 2 },
        },
        ...{ noInput: 1, invalid: 1, hungUp: 1, medianSeconds: 10 },
      },
    ]);
  });
});
