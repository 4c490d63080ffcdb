import { expect } from 'chai';
import { addAgent, configureGroup } from '../support/agents.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { agentHistory, assignment, entry, entryChange, newCall, survey, voicemail } from './fixtures.js';
import { getReport } from './report-client.js';

const db = () => testDatabase().pool;
const t = (hms: string) => `2024-06-03T${hms}Z`;
const HOUR_10 = new Date(t('10:00:00'));
const HOUR_11 = new Date(t('11:00:00'));
/** The KPI functions' window parameters: 10:00–12:00 UTC in hours. */
const WINDOW = [t('10:00:00'), t('12:00:00'), 'UTC', 3600];

/**
 * A small centre, 10:00–12:00 UTC, every figure worked out by hand. billing needs billing ≥ 3 and
 * answers within 30 s; general needs nothing. Ana (billing 4) fits both, Bo (no skills) only general.
 */
async function centre(): Promise<{ ana: number; bo: number }> {
  await configureGroup('billing', { service_level_seconds: 30 }, { billing: 3 });
  await configureGroup('general', {}, {});
  const ana = (await addAgent({ name: 'Ana', skills: { billing: 4 } })).id;
  const bo = (await addAgent({ name: 'Bo' })).id;
  // E1: waits 10 s (within); talk 290 s + wrap-up 30 s ended: handle 320.
  const e1 = await entry({ group: 'billing', created: t('10:00:00'), state: 'completed', endedAt: t('10:05:00') });
  await assignment({
    entry: e1.id,
    agent: ana,
    created: t('10:00:05'),
    answered: t('10:00:10'),
    ended: t('10:05:00'),
    outcome: 'completed',
    wrapUpUntil: t('10:05:40'),
    wrapUpEnded: t('10:05:30'),
  });
  // E2: waits 45 s (outside); talk 120 s + planned wrap-up 30 s: handle 150.
  const e2 = await entry({ group: 'billing', created: t('10:10:00'), state: 'completed', endedAt: t('10:12:45') });
  await assignment({
    entry: e2.id,
    agent: ana,
    created: t('10:10:40'),
    answered: t('10:10:45'),
    ended: t('10:12:45'),
    outcome: 'completed',
    wrapUpUntil: t('10:13:15'),
  });
  // E3 abandons after 4 s (short at 5 s); E4 after 60 s.
  await entry({ group: 'billing', created: t('10:20:00'), state: 'abandoned', endedAt: t('10:20:04') });
  const e4 = await entry({ group: 'billing', created: t('10:30:00'), state: 'abandoned', endedAt: t('10:31:00') });
  // E5 books a callback at 11:00:30; Bo's callback is answered 11:20 and completed 11:25, no wrap-up:
  // handle 300, and E5 is offered but not answered (a callback never counts as answered).
  const e5 = await entry({ group: 'billing', created: t('11:00:00'), state: 'completed', endedAt: t('11:25:00') });
  await entryChange(e5.id, 'waiting', 'callback', t('11:00:30'));
  await assignment({
    entry: e5.id,
    agent: bo,
    kind: 'callback',
    created: t('11:19:55'),
    answered: t('11:20:00'),
    ended: t('11:25:00'),
    outcome: 'completed',
  });
  // E6 waits exactly 30 s (within: wait <= threshold); talk 120 s, no wrap-up: handle 120.
  const e6 = await entry({ group: 'billing', created: t('11:30:00'), state: 'completed', endedAt: t('11:32:30') });
  await assignment({
    entry: e6.id,
    agent: ana,
    created: t('11:30:25'),
    answered: t('11:30:30'),
    ended: t('11:32:30'),
    outcome: 'completed',
  });

  await voicemail(await newCall(t('10:39:00')), 'billing', t('10:40:00'));
  await voicemail(await newCall(t('11:49:00')), null, t('11:50:00')); // in the flow, outside any queue
  await survey(e1.call, 5, t('10:06:00'));
  await survey(e4.call, 2, t('10:32:00')); // abandoned: no agent took the call

  // Ana, 10:00–11:00: logged in 10:00–10:45 (2700 s), busy 290 + 30 + 120 + 30 = 470 s.
  // 11:00–12:00: logged in 11:15–11:45 (1800 s), busy 120 s. The break does not count.
  await agentHistory(ana, [
    [t('09:30:00'), 'available'],
    [t('10:00:10'), 'on-call'],
    [t('10:05:00'), 'wrap-up'],
    [t('10:05:30'), 'available'],
    [t('10:10:45'), 'on-call'],
    [t('10:12:45'), 'wrap-up'],
    [t('10:13:15'), 'available'],
    [t('10:45:00'), 'break'],
    [t('11:15:00'), 'available'],
    [t('11:30:30'), 'on-call'],
    [t('11:32:30'), 'available'],
    [t('11:45:00'), 'offline'],
  ]);
  // Bo, 11:00–12:00: available 10 s, on-call 300 s: logged in 310 s, busy 300 s.
  await agentHistory(bo, [
    [t('11:19:50'), 'available'],
    [t('11:20:00'), 'on-call'],
    [t('11:25:00'), 'offline'],
  ]);
  return { ana, bo };
}

describe('KPI definitions (migrations/014-kpi-definitions.sql) on a hand-made centre', () => {
  beforeEach(resetDatabase);

  it('report_intervals and report_interval_of cut a window into local days or fixed steps', async () => {
    const { rows: hours } = await db().query(`SELECT start, stop FROM report_intervals($1, $2, $3, $4)`, WINDOW);
    expect(hours).to.deep.equal([
      { start: HOUR_10, stop: HOUR_11 },
      { start: HOUR_11, stop: new Date(t('12:00:00')) },
    ]);
    // Spring forward in New York: 2024-03-10 is a 23-hour day.
    const { rows: days } = await db().query(
      `SELECT extract(epoch FROM stop - start)::int AS seconds FROM report_intervals('2024-03-09T05:00Z', '2024-03-12T04:00Z', 'America/New_York', 0)`,
    );
    expect(days.map((d) => d.seconds)).to.deep.equal([86400, 82800, 86400]);
    const { rows: of } = await db().query(
      `SELECT report_interval_of('2024-03-05T10:29:59Z', '2024-03-05T09:10Z', 'UTC', 900) AS quarter,
              report_interval_of('2024-03-05T03:00Z', '2024-03-01T12:00Z', 'America/New_York', 0) AS day`,
    );
    expect(of[0]).to.deep.equal({ quarter: new Date('2024-03-05T10:15:00Z'), day: new Date('2024-03-04T05:00:00Z') });
  });

  it('queue_entry_facts and handled_assignments: each entry’s wait, each completed assignment’s handle time', async () => {
    await centre();
    const { rows: facts } = await db().query(
      `SELECT answer_wait_seconds AS answered, abandon_wait_seconds AS abandoned, service_level_seconds AS threshold FROM queue_entry_facts ORDER BY offered_at`,
    );
    expect(facts).to.deep.equal([
      { answered: 10, abandoned: null, threshold: 30 },
      { answered: 45, abandoned: null, threshold: 30 },
      { answered: null, abandoned: 4, threshold: 30 },
      { answered: null, abandoned: 60, threshold: 30 },
      { answered: null, abandoned: null, threshold: 30 },
      { answered: 30, abandoned: null, threshold: 30 },
    ]);
    const { rows: handled } = await db().query(`SELECT kind, handle_seconds AS handle FROM handled_assignments ORDER BY answered_at`);
    expect(handled).to.deep.equal([
      { kind: 'inbound', handle: 320 },
      { kind: 'inbound', handle: 150 },
      { kind: 'callback', handle: 300 },
      { kind: 'inbound', handle: 120 },
    ]);
  });

  it('group_queue_kpis: offered, answered, within the threshold, abandoned, service level, ASA, longest wait', async () => {
    await centre();
    const { rows } = await db().query(
      `SELECT start, offered, answered, answered_in_threshold, abandoned, abandoned_short, service_level, abandonment_rate, asa, longest_wait
       FROM group_queue_kpis($1, $2, $3, $4, 5) WHERE group_name = 'billing' ORDER BY start NULLS LAST`,
      WINDOW,
    );
    expect(rows).to.deep.equal([
      {
        start: HOUR_10,
        offered: 4,
        answered: 2,
        answered_in_threshold: 1,
        abandoned: 2,
        abandoned_short: 1,
        service_level: 0.25,
        abandonment_rate: 0.5,
        asa: 27.5,
        longest_wait: 60,
      },
      {
        start: HOUR_11,
        offered: 2,
        answered: 1,
        answered_in_threshold: 1,
        abandoned: 0,
        abandoned_short: 0,
        service_level: 0.5,
        abandonment_rate: 0,
        asa: 30,
        longest_wait: 30,
      },
      {
        start: null,
        offered: 6,
        answered: 3,
        answered_in_threshold: 2,
        abandoned: 2,
        abandoned_short: 1,
        service_level: 0.3333,
        abandonment_rate: 0.3333,
        asa: 28.333,
        longest_wait: 60,
      },
    ]);
  });

  it('agent_time and agent_kpis: logged-in and busy seconds, occupancy, handled and AHT per agent', async () => {
    const { ana, bo } = await centre();
    const { rows: time } = await db().query(
      `SELECT agent_id, start, logged_in, busy FROM agent_time($1, $2, $3, $4) ORDER BY agent_id, start`,
      WINDOW,
    );
    expect(time).to.deep.equal([
      { agent_id: ana, start: HOUR_10, logged_in: 2700, busy: 470 },
      { agent_id: ana, start: HOUR_11, logged_in: 1800, busy: 120 },
      { agent_id: bo, start: HOUR_11, logged_in: 310, busy: 300 },
    ]);
    const { rows } = await db().query(
      `SELECT agent_id, start, logged_in_seconds, busy_seconds, occupancy, handled, aht FROM agent_kpis($1, $2, $3, $4) ORDER BY agent_id, start NULLS LAST`,
      WINDOW,
    );
    expect(rows).to.deep.equal([
      { agent_id: ana, start: HOUR_10, logged_in_seconds: 2700, busy_seconds: 470, occupancy: 0.1741, handled: 2, aht: 235 },
      { agent_id: ana, start: HOUR_11, logged_in_seconds: 1800, busy_seconds: 120, occupancy: 0.0667, handled: 1, aht: 120 },
      { agent_id: ana, start: null, logged_in_seconds: 4500, busy_seconds: 590, occupancy: 0.1311, handled: 3, aht: 196.667 },
      { agent_id: bo, start: HOUR_10, logged_in_seconds: 0, busy_seconds: 0, occupancy: null, handled: 0, aht: null },
      { agent_id: bo, start: HOUR_11, logged_in_seconds: 310, busy_seconds: 300, occupancy: 0.9677, handled: 1, aht: 300 },
      { agent_id: bo, start: null, logged_in_seconds: 310, busy_seconds: 300, occupancy: 0.9677, handled: 1, aht: 300 },
    ]);
  });

  it('group_kpis: every KPI of the groups report, pseudo-groups included', async () => {
    await centre();
    const { rows } = await db().query(
      `SELECT group_name, start, offered, service_level, aht, occupancy, callbacks_requested, callbacks_completed, voicemails,
              csat AS survey_average, csat_responses AS survey_count, csat_scores[1:5] AS scores
       FROM group_kpis($1, $2, $3, $4, 5) WHERE group_name IN ('billing', 'general', '(flow)', '(no agent)')
       ORDER BY group_name, start NULLS LAST`,
      WINDOW,
    );
    const none = {
      offered: 0,
      service_level: null,
      aht: null,
      callbacks_requested: 0,
      callbacks_completed: 0,
      voicemails: 0,
      survey_average: null,
      survey_count: 0,
      scores: [0, 0, 0, 0, 0],
    };
    expect(rows).to.deep.equal([
      { ...none, group_name: '(flow)', start: HOUR_10, occupancy: null },
      { ...none, group_name: '(flow)', start: HOUR_11, occupancy: null, voicemails: 1 },
      { ...none, group_name: '(flow)', start: null, occupancy: null, voicemails: 1 },
      { ...none, group_name: '(no agent)', start: HOUR_10, occupancy: null, survey_average: 2, survey_count: 1, scores: [0, 1, 0, 0, 0] },
      { ...none, group_name: '(no agent)', start: HOUR_11, occupancy: null },
      { ...none, group_name: '(no agent)', start: null, occupancy: null, survey_average: 2, survey_count: 1, scores: [0, 1, 0, 0, 0] },
      // AHT by the interval answered in: (320 + 150) / 2, (300 + 120) / 2, all four / 4.
      {
        ...none,
        group_name: 'billing',
        start: HOUR_10,
        offered: 4,
        service_level: 0.25,
        aht: 235,
        occupancy: 0.1741,
        voicemails: 1,
        survey_average: 5,
        survey_count: 1,
        scores: [0, 0, 0, 0, 1],
      },
      {
        ...none,
        group_name: 'billing',
        start: HOUR_11,
        offered: 2,
        service_level: 0.5,
        aht: 210,
        occupancy: 0.0667,
        callbacks_requested: 1,
        callbacks_completed: 1,
      },
      {
        group_name: 'billing',
        start: null,
        offered: 6,
        service_level: 0.3333,
        aht: 222.5,
        occupancy: 0.1311,
        callbacks_requested: 1,
        callbacks_completed: 1,
        voicemails: 1,
        survey_average: 5,
        survey_count: 1,
        scores: [0, 0, 0, 0, 1],
      },
      // general: Ana and Bo fit; 470 / 2700, (120 + 300) / (1800 + 310), 890 / 4810.
      { ...none, group_name: 'general', start: HOUR_10, occupancy: 0.1741 },
      { ...none, group_name: 'general', start: HOUR_11, occupancy: 0.1991 },
      { ...none, group_name: 'general', start: null, occupancy: 0.185 },
    ]);
  });
});

describe('KPI definitions: the service-level formulas (migrations/016-live-service-level.sql)', () => {
  beforeEach(resetDatabase);

  /** billing's service level per hour and in total (start NULL) under `formula`, short abandons at 5 s. */
  const serviceLevels = async (formula: string) =>
    (
      await db().query(
        `SELECT start, service_level, service_level_base AS base, pending
         FROM group_queue_kpis($1, $2, $3, $4, 5, $5) WHERE group_name = 'billing' ORDER BY start NULLS LAST`,
        [...WINDOW, formula],
      )
    ).rows;

  it('answered in the threshold ÷ offered, ÷ (answered + abandoned), ÷ (answered + abandoned after 5 s)', async () => {
    await centre();
    // 10:00: E1 within, E2 late, E3 abandons at 4 s (short), E4 at 60 s. 11:00: E5 a callback, E6 within.
    expect(await serviceLevels('offered')).to.deep.equal([
      { start: HOUR_10, service_level: 0.25, base: 4, pending: 0 },
      { start: HOUR_11, service_level: 0.5, base: 2, pending: 0 },
      { start: null, service_level: 0.3333, base: 6, pending: 0 },
    ]);
    // The callback E5 was neither answered nor abandoned: out of these two.
    expect(await serviceLevels('answered-and-abandoned')).to.deep.equal([
      { start: HOUR_10, service_level: 0.25, base: 4, pending: 0 },
      { start: HOUR_11, service_level: 1, base: 1, pending: 0 },
      { start: null, service_level: 0.4, base: 5, pending: 0 },
    ]);
    expect(await serviceLevels('answered-and-long-abandoned')).to.deep.equal([
      { start: HOUR_10, service_level: 0.3333, base: 3, pending: 0 },
      { start: HOUR_11, service_level: 1, base: 1, pending: 0 },
      { start: null, service_level: 0.5, base: 4, pending: 0 },
    ]);
    // group_kpis (the reports) passes its formula on; 014's five-argument calls keep 'offered'.
    const { rows } = await db().query(
      `SELECT (SELECT service_level FROM group_kpis($1, $2, $3, $4, 5) WHERE group_name = 'billing' AND start IS NULL) AS default,
              (SELECT service_level FROM group_kpis($1, $2, $3, $4, 5, 'answered-and-long-abandoned')
               WHERE group_name = 'billing' AND start IS NULL) AS chosen`,
      WINDOW,
    );
    expect(rows[0]).to.deep.equal({ default: 0.3333, chosen: 0.5 });
    let refused: unknown;
    await serviceLevels('answered').catch((err) => (refused = err));
    expect(String(refused)).to.match(/violates check constraint "service_level_formula_check"/);
  });

  it('live: a caller waiting or ringing within the threshold is in no denominator; past it, a miss in each', async () => {
    await configureGroup('billing', { service_level_seconds: 20 }, {});
    const agent = (await addAgent()).id;
    const { rows: clock } = await db().query<{ now: Date }>('SELECT now()');
    const ago = (seconds: number) => new Date(clock[0].now.getTime() - seconds * 1000).toISOString();
    await entry({ group: 'billing', created: ago(17), state: 'offered' }); // ringing an agent at 17 s: pending
    await entry({ group: 'billing', created: ago(25), state: 'waiting' }); // 25 s: already a miss
    const answered = await entry({ group: 'billing', created: ago(60), state: 'connected' });
    await assignment({ entry: answered.id, agent, created: ago(58), answered: ago(55) }); // answered at 5 s: within
    await entry({ group: 'billing', created: ago(50), state: 'abandoned', endedAt: ago(47) }); // abandoned at 3 s: short
    await entry({ group: 'billing', created: ago(45), state: 'overflowed', endedAt: ago(35) });
    const live = async (formula: string) =>
      (
        await db().query(
          `SELECT offered, answered_in_threshold AS within, service_level, service_level_base AS base, pending, abandonment_rate, asa
           FROM group_queue_kpis(now() - interval '1 hour', now() + interval '1 hour', 'UTC', 0, 5, $1)
           WHERE group_name = 'billing' AND start IS NULL`,
          [formula],
        )
      ).rows[0];
    const common = { offered: 5, within: 1, pending: 1, abandonment_rate: 0.2, asa: 5 };
    expect(await live('offered')).to.deep.equal({ ...common, service_level: 0.25, base: 4 });
    expect(await live('answered-and-abandoned')).to.deep.equal({ ...common, service_level: 0.3333, base: 3 });
    expect(await live('answered-and-long-abandoned')).to.deep.equal({ ...common, service_level: 0.5, base: 2 });
  });

  it('0 calls: service level, ASA, abandonment rate, AHT and occupancy are null under every formula, never 0', async () => {
    await configureGroup('billing', { service_level_seconds: 20 }, {});
    const agent = (await addAgent()).id;
    for (const formula of ['offered', 'answered-and-abandoned', 'answered-and-long-abandoned']) {
      const { rows } = await db().query(
        `SELECT start, offered, service_level, asa, abandonment_rate, aht, occupancy
         FROM group_kpis($1, $2, $3, $4, 5, $5) WHERE group_name = 'billing' ORDER BY start NULLS LAST`,
        [...WINDOW, formula],
      );
      const none = { offered: 0, service_level: null, asa: null, abandonment_rate: null, aht: null, occupancy: null };
      expect(rows, formula).to.deep.equal([
        { start: HOUR_10, ...none },
        { start: HOUR_11, ...none },
        { start: null, ...none },
      ]);
    }
    const { rows: agents } = await db().query(`SELECT occupancy, aht FROM agent_kpis($1, $2, $3, $4) WHERE agent_id = $5`, [
      ...WINDOW,
      agent,
    ]);
    expect(agents).to.deep.equal([
      { occupancy: null, aht: null },
      { occupancy: null, aht: null },
      { occupancy: null, aht: null },
    ]);
    // Only a caller still ringing within the threshold: offered, but no service level and no ASA yet.
    await entry({ group: 'billing', created: new Date(Date.now() - 5000).toISOString(), state: 'offered' });
    const { rows: ringing } = await db().query(
      `SELECT offered, service_level, service_level_base AS base, asa, abandonment_rate
       FROM group_queue_kpis(now() - interval '1 hour', now() + interval '1 hour', 'UTC', 0, 5, 'answered-and-abandoned') WHERE start IS NULL`,
    );
    expect(ringing).to.deep.equal([{ offered: 1, service_level: null, base: 0, asa: null, abandonment_rate: 0 }]);
  });
});

/**
 * Today (UTC) in general, threshold 20 s: answered after 5 s and after exactly 20 s (within), after
 * 21 s (outside); one abandons after 6 s; one is answered only by a callback (offered, not within).
 * Returns today's date.
 */
async function todaysCalls(): Promise<string> {
  await configureGroup('general', { service_level_seconds: 20 }, {});
  const agent = (await addAgent()).id;
  const { rows } = await db().query<{ midnight: Date }>(
    `SELECT date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS midnight`,
  );
  const at = (seconds: number) => new Date(rows[0].midnight.getTime() + seconds * 1000).toISOString();
  for (const [offset, wait, kind] of [
    [1, 5, 'inbound'],
    [2, 20, 'inbound'],
    [3, 21, 'inbound'],
    [5, 3, 'callback'],
  ] as const) {
    const e = await entry({ group: 'general', created: at(offset), state: 'completed', endedAt: at(offset + 60) });
    await assignment({
      entry: e.id,
      agent,
      kind,
      created: at(offset),
      answered: at(offset + wait),
      ended: at(offset + 60),
      outcome: 'completed',
    });
  }
  await entry({ group: 'general', created: at(4), state: 'abandoned', endedAt: at(10) });
  return rows[0].midnight.toISOString().slice(0, 10);
}

/** Today's service level for general as the dashboard, the groups report and /metrics give it. */
async function serviceLevels(server: TestServer, today: string) {
  const dashboard = await getReport(server, '/api/dashboard');
  const report = await getReport(server, `/api/reports/groups?from=${today}&to=${today}&interval=day&group=general`);
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  return {
    dashboard: dashboard.body.queues.find((q: { group: string }) => q.group === 'general').serviceLevelToday,
    report: report.body.totals[0].serviceLevel,
    metrics: Number(/^switchboard_service_level_ratio\{group="general"\} (\S+)$/m.exec(metrics)?.[1]),
  };
}

describe('KPI definitions: the dashboard and the reports read one service level', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ env: { CENTRE_TIMEZONE: 'UTC' } })));
  after(() => server.close());
  beforeEach(resetDatabase);

  it('gives the same number for the same window, from group_queue_kpis', async () => {
    const today = await todaysCalls();
    // 2 of 5 offered.
    expect(await serviceLevels(server, today)).to.deep.equal({ dashboard: 0.4, report: 0.4, metrics: 0.4 });

    // Both surfaces read that one function: a stand-in for it changes all three figures at once.
    const args =
      'from_at timestamptz, to_at timestamptz, zone text, step_seconds integer, short_abandon_seconds integer, formula service_level_formula';
    await db().query(`ALTER FUNCTION group_queue_kpis(${args}) RENAME TO group_queue_kpis_defined`);
    try {
      await db().query(
        `CREATE FUNCTION group_queue_kpis(${args}) RETURNS TABLE (group_name text, start timestamptz, offered integer, answered integer,
           answered_in_threshold integer, abandoned integer, abandoned_short integer, service_level float8, abandonment_rate float8, asa float8, longest_wait float8,
           service_level_base integer, pending integer)
         LANGUAGE sql STABLE AS $$
           SELECT group_name, start, offered, answered, answered_in_threshold, abandoned, abandoned_short, 0.1234::float8, abandonment_rate, asa, longest_wait,
             service_level_base, pending
           FROM group_queue_kpis_defined(from_at, to_at, zone, step_seconds, short_abandon_seconds, formula) $$`,
      );
      expect(await serviceLevels(server, today)).to.deep.equal({ dashboard: 0.1234, report: 0.1234, metrics: 0.1234 });
    } finally {
      await db().query(`DROP FUNCTION IF EXISTS group_queue_kpis(${args})`);
      await db().query(`ALTER FUNCTION group_queue_kpis_defined(${args}) RENAME TO group_queue_kpis`);
    }
    expect(await serviceLevels(server, today)).to.deep.equal({ dashboard: 0.4, report: 0.4, metrics: 0.4 });
  });
});

describe('KPI definitions: the centre’s formula (SERVICE_LEVEL_FORMULA) on the dashboard, in the reports and /metrics', () => {
  let server: TestServer;
  before(
    async () => (server = await startTestServer({ env: { CENTRE_TIMEZONE: 'UTC', SERVICE_LEVEL_FORMULA: 'answered-and-abandoned' } })),
  );
  after(() => server.close());
  beforeEach(resetDatabase);

  it('answered within 20 s ÷ (answered + abandoned) everywhere: the callback is left out, 2 of 4', async () => {
    const today = await todaysCalls();
    expect(await serviceLevels(server, today)).to.deep.equal({ dashboard: 0.5, report: 0.5, metrics: 0.5 });
    const asked = await getReport(
      server,
      `/api/reports/groups?from=${today}&to=${today}&interval=day&group=general&serviceLevelFormula=offered`,
    );
    expect(asked.body.totals[0].serviceLevel).to.equal(0.4);
  });
});
