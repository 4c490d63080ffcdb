import { expect } from 'chai';
import { addAgent, configureGroup } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { assignment, entry } from './fixtures.js';
import { getReport } from './report-client.js';

const DAY = '2026-03-02';
const t = (hhmmss: string) => `${DAY}T${hhmmss}Z`;

/** A wait estimate as if announced to the entry's caller at `at` (the figure scored, in seconds). */
async function announced(e: { id: number; call: string }, at: string, estimateSeconds: number, position = 1): Promise<void> {
  await testDatabase().pool.query(
    `INSERT INTO wait_announcements (entry_id, call_sid, group_name, announced_at, position, spoken_minutes, estimate_seconds)
     SELECT id, call_sid, group_name, $2, $3, $4 / 60, $4 FROM queue_entries WHERE id = $1`,
    [e.id, at, position, estimateSeconds],
  );
}

/** An entry answered by an agent at `answered` (and completed a minute later). */
async function answeredEntry(created: string, answered: string, agent: number) {
  const e = await entry({ group: 'billing', created, state: 'completed', endedAt: answered });
  await assignment({ entry: e.id, agent, created: answered, answered, ended: answered, outcome: 'completed' });
  return e;
}

/**
 * The hand-computed day. 09:00–10:00, three announcements answered (errors −60, −120, +10 s):
 * MAE (60 + 120 + 10) ÷ 3 = 63.333; P90 of 10, 60, 120 (continuous) = 60 + 0.8 × 60 = 108;
 * bias −170 ÷ 3 = −56.667. Two abandoned (one held 300 s after being told 60 s: beyond it), one
 * still waiting, one left for voicemail: none scored. 10:00–11:00: one answered, error +480.
 * Totals: errors −60, −120, +10, +480: MAE 670 ÷ 4 = 167.5; P90 = 120 + 0.7 × 360 = 372; bias 77.5.
 */
async function day(): Promise<void> {
  await configureGroup('billing');
  await configureGroup('support');
  const agent = (await addAgent({ state: 'offline' })).id;
  const e1 = await answeredEntry(t('08:59:00'), t('09:05:00'), agent);
  await announced(e1, t('09:00:00'), 240, 3); // waited 300 s more: −60
  await announced(e1, t('09:01:00'), 120, 2); // 240 s more: −120
  const e2 = await answeredEntry(t('09:09:50'), t('09:10:20'), agent);
  await announced(e2, t('09:10:00'), 30); // "less than a minute", answered 20 s later: +10
  const gaveUp = await entry({ group: 'billing', created: t('09:14:00'), state: 'abandoned', endedAt: t('09:20:00') });
  await announced(gaveUp, t('09:15:00'), 60); // held 300 s after hearing 60 s
  const gaveUpSoon = await entry({ group: 'billing', created: t('09:29:00'), state: 'abandoned', endedAt: t('09:31:00') });
  await announced(gaveUpSoon, t('09:30:00'), 300);
  await announced(await entry({ group: 'billing', created: t('09:39:00'), state: 'waiting' }), t('09:40:00'), 60);
  await announced(await entry({ group: 'billing', created: t('09:44:00'), state: 'left', endedAt: t('09:46:00') }), t('09:45:00'), 120);
  const e3 = await answeredEntry(t('09:59:00'), t('10:02:00'), agent);
  await announced(e3, t('10:00:00'), 600); // answered after 120 s: +480
}

const NOTHING = {
  announcements: 0,
  answered: 0,
  abandoned: 0,
  abandonedBeyondEstimate: 0,
  waiting: 0,
  leftQueue: 0,
  meanAbsoluteError: null,
  p90AbsoluteError: null,
  bias: null,
};

describe('Reports: how right the announced wait estimates were, GET /api/reports/wait-estimates', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ env: { CENTRE_TIMEZONE: 'UTC' } })));
  after(() => server.close());
  beforeEach(resetDatabase);

  it('per group and interval: announcements, MAE, 90th percentile and bias of the answered, the rest counted by outcome', async () => {
    await day();
    const res = await getReport(server, `/api/reports/wait-estimates?from=${t('09:00:00')}&to=${t('12:00:00')}&interval=hour`);
    expect(res.status).to.equal(200);
    const r = res.body;
    expect(r).to.deep.include({ timezone: 'UTC', interval: 'hour', from: '2026-03-02T09:00:00+00:00', to: '2026-03-02T12:00:00+00:00' });
    // Every skill group is in the report (reset seeds a few more); these two are the fixture's.
    const ours = (g: { group: string }) => g.group === 'billing' || g.group === 'support';
    expect(r.rows.filter(ours)).to.deep.equal([
      {
        group: 'billing',
        start: '2026-03-02T09:00:00+00:00',
        announcements: 7,
        answered: 3,
        abandoned: 2,
        abandonedBeyondEstimate: 1,
        waiting: 1,
        leftQueue: 1,
        meanAbsoluteError: 63.333,
        p90AbsoluteError: 108,
        bias: -56.667,
      },
      {
        ...NOTHING,
        group: 'billing',
        start: '2026-03-02T10:00:00+00:00',
        announcements: 1,
        answered: 1,
        meanAbsoluteError: 480,
        p90AbsoluteError: 480,
        bias: 480,
      },
      // An interval with no announcement: nulls, not 0 s of error.
      { ...NOTHING, group: 'billing', start: '2026-03-02T11:00:00+00:00' },
      { ...NOTHING, group: 'support', start: '2026-03-02T09:00:00+00:00' },
      { ...NOTHING, group: 'support', start: '2026-03-02T10:00:00+00:00' },
      { ...NOTHING, group: 'support', start: '2026-03-02T11:00:00+00:00' },
    ]);
    expect(r.totals.filter(ours)).to.deep.equal([
      {
        group: 'billing',
        announcements: 8,
        answered: 4,
        abandoned: 2,
        abandonedBeyondEstimate: 1,
        waiting: 1,
        leftQueue: 1,
        meanAbsoluteError: 167.5,
        p90AbsoluteError: 372,
        bias: 77.5,
      },
      { ...NOTHING, group: 'support' },
    ]);
  });

  it('as CSV, and for one group', async () => {
    await day();
    const csv = await getReport(server, `/api/reports/wait-estimates?from=${DAY}&to=${DAY}&interval=day&group=billing&format=csv`);
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-disposition')).to.equal(
      'attachment; filename=switchboard-wait-estimates-2026-03-02-to-2026-03-02-day.csv',
    );
    expect(csv.body.trim().split(/\r?\n/)).to.deep.equal([
      'group,start,announcements,answered,abandoned,abandonedBeyondEstimate,waiting,leftQueue,meanAbsoluteError,p90AbsoluteError,bias',
      'billing,2026-03-02T00:00:00+00:00,8,4,2,1,1,1,167.5,372,77.5',
      'billing,total,8,4,2,1,1,1,167.5,372,77.5',
    ]);
  });

  it('says what is wrong with its parameters, as the other reports do', async () => {
    const error = async (q: string) => (await getReport(server, `/api/reports/wait-estimates?${q}`)).body.error;
    await configureGroup('billing');
    expect(await error(`from=${DAY}&interval=day`)).to.equal('to: is required');
    expect(await error(`from=${DAY}&to=${DAY}&interval=week`)).to.equal('interval: must be one of 15min, hour, day');
    expect(await error(`from=${DAY}&to=${DAY}&interval=day&group=biling`)).to.equal(
      "group: no skill group 'biling' (did you mean 'billing'?)",
    );
    expect(await error(`from=${DAY}&to=${DAY}&interval=day&shortAbandonSeconds=5`)).to.match(/^shortAbandonSeconds: unknown parameter/);
  });
});
