import { expect } from 'chai';
import { createApiToken } from '../../src/auth/api-tokens.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { abandonedToday, answeredToday, middayZone } from '../support/targets-fixtures.js';
import { addAgent } from '../support/agents.js';
import { api, client, newToken } from './api-client.js';

const CENTRE_DEFAULTS = {
  serviceLevel: 0.8,
  serviceLevelSeconds: 20,
  serviceLevelFormula: null,
  asaSeconds: null,
  abandonRate: null,
  nps: null,
  csat: null,
};
const NO_OWN = { ...CENTRE_DEFAULTS, serviceLevel: null, serviceLevelSeconds: null };

describe('API: KPI targets', () => {
  let server: TestServer;
  let token: string;
  before(async () => (server = await startTestServer({ env: { CENTRE_TIMEZONE: middayZone() } })));
  after(() => server.close());
  beforeEach(async () => {
    await resetDatabase();
    token = await newToken();
  });
  const call = client(
    () => server,
    () => token,
  );

  it('a group takes the centre’s targets until it sets its own; null gives one back', async () => {
    const before = await call('GET', '/api/targets');
    expect(before.status).to.equal(200);
    expect(before.body.centre.targets).to.deep.equal(CENTRE_DEFAULTS);
    expect(before.body.groups.map((g: { group: string }) => g.group)).to.deep.equal(['billing', 'general', 'sales', 'support']);
    expect(before.body.groups[0]).to.deep.equal({ group: 'billing', targets: CENTRE_DEFAULTS, own: NO_OWN });

    const set = await call('PUT', '/api/groups/billing/targets', {
      serviceLevel: 0.9,
      serviceLevelSeconds: 30,
      asaSeconds: 25,
      serviceLevelFormula: 'answered-and-abandoned',
    });
    expect(set.status).to.equal(200);
    expect(set.body).to.deep.equal({
      group: 'billing',
      targets: {
        ...CENTRE_DEFAULTS,
        serviceLevel: 0.9,
        serviceLevelSeconds: 30,
        asaSeconds: 25,
        serviceLevelFormula: 'answered-and-abandoned',
      },
      own: { ...NO_OWN, serviceLevel: 0.9, serviceLevelSeconds: 30, asaSeconds: 25, serviceLevelFormula: 'answered-and-abandoned' },
    });
    // The threshold is the group's one threshold: the groups API and every KPI read the same.
    expect((await call('GET', '/api/groups/billing')).body.serviceLevelSeconds).to.equal(30);

    // The centre's defaults move every group that has none of its own.
    const centre = await call('PUT', '/api/targets', { abandonRate: 0.05, asaSeconds: 40, serviceLevelSeconds: 15 });
    expect(centre.status).to.equal(200);
    expect(centre.body.centre.targets).to.deep.equal({ ...CENTRE_DEFAULTS, abandonRate: 0.05, asaSeconds: 40, serviceLevelSeconds: 15 });
    expect(centre.body.centre.updatedBy).to.equal('tests');
    const general = (await call('GET', '/api/groups/general/targets')).body;
    expect(general.targets).to.deep.equal({ ...CENTRE_DEFAULTS, abandonRate: 0.05, asaSeconds: 40, serviceLevelSeconds: 15 });
    expect((await call('GET', '/api/groups/general')).body.serviceLevelSeconds).to.equal(15);
    const billing = (await call('GET', '/api/groups/billing/targets')).body;
    expect(billing.targets).to.include({ asaSeconds: 25, abandonRate: 0.05, serviceLevelSeconds: 30 });

    const back = await call('PUT', '/api/groups/billing/targets', { asaSeconds: null, serviceLevelSeconds: null });
    expect(back.body.targets).to.include({ asaSeconds: 40, serviceLevelSeconds: 15, serviceLevel: 0.9 });
    expect(back.body.own).to.include({ asaSeconds: null, serviceLevelSeconds: null, serviceLevel: 0.9 });
  });

  it('explains bad targets, naming the field; an unknown group is 404 with a suggestion', async () => {
    const refused = async (path: string, body: unknown) => {
      const res = await call('PUT', path, body);
      return [res.status, res.body.error];
    };
    expect(await refused('/api/groups/billing/targets', { serviceLevel: 80 })).to.deep.equal([
      400,
      'serviceLevel: must be a share from 0 to 1 (0.8 is 80 % answered within serviceLevelSeconds)',
    ]);
    expect(await refused('/api/groups/billing/targets', { abandonRate: -0.1 })).to.deep.equal([
      400,
      'abandonRate: must be a share from 0 to 1 (0.05 is 5 % of offered calls abandoned)',
    ]);
    expect(await refused('/api/groups/billing/targets', { asaSeconds: 0 })).to.deep.equal([
      400,
      'asaSeconds: must be a whole number of seconds from 1 to 3600',
    ]);
    expect(await refused('/api/groups/billing/targets', { serviceLevelSeconds: 'twenty' })).to.deep.equal([
      400,
      'serviceLevelSeconds: must be a whole number of seconds from 1 to 3600',
    ]);
    expect(await refused('/api/groups/billing/targets', { serviceLevelFormula: 'answered' })).to.deep.equal([
      400,
      'serviceLevelFormula: must be one of offered, answered-and-abandoned, answered-and-long-abandoned',
    ]);
    expect(await refused('/api/groups/billing/targets', { nps: 120 })).to.deep.equal([
      400,
      'nps: must be a net promoter score from -100 to 100',
    ]);
    expect(await refused('/api/groups/billing/targets', { asaSecond: 30 })).to.deep.equal([
      400,
      "asaSecond: unknown field (did you mean 'asaSeconds'?)",
    ]);
    expect(await refused('/api/groups/billing/targets', {})).to.deep.equal([
      400,
      'body: name at least one target: serviceLevel, serviceLevelSeconds, serviceLevelFormula, asaSeconds, abandonRate, nps, csat',
    ]);
    expect(await refused('/api/groups/biling/targets', { serviceLevel: 0.8 })).to.deep.equal([
      404,
      "no group named 'biling' (did you mean 'billing'?)",
    ]);
    expect(await refused('/api/targets', { serviceLevel: null })).to.deep.equal([
      400,
      'serviceLevel: must be a share from 0 to 1 (0.8 is 80 % answered within serviceLevelSeconds)',
    ]);
    expect((await call('GET', '/api/groups/nope/targets')).status).to.equal(404);
    // Nothing was changed by the refusals.
    expect((await call('GET', '/api/targets')).body.groups[0].own).to.deep.equal(NO_OWN);
  });

  it('agents may not read or set targets (403)', async () => {
    const agent = await addAgent({ name: 'Ana' });
    const agentToken = (await createApiToken(testDatabase().pool, { name: 'ana', agentId: agent.id })).token;
    for (const [method, path, body] of [
      ['GET', '/api/targets'],
      ['PUT', '/api/targets', { serviceLevel: 0.5 }],
      ['GET', '/api/groups/billing/targets'],
      ['PUT', '/api/groups/billing/targets', { serviceLevel: 0.5 }],
    ] as const) {
      const res = await api(server, agentToken, method, path, body);
      expect(res.status, `${method} ${path}`).to.equal(403);
    }
    expect((await call('GET', '/api/targets')).body.centre.targets.serviceLevel).to.equal(0.8);
  });

  it('GET /api/queues judges today against each group’s targets: met, close, missed, and null with no calls', async () => {
    await call('PUT', '/api/targets', { asaSeconds: 30, abandonRate: 0.1 });
    await answeredToday('billing', [5, 5, 5, 5, 25]); // 4 of 5 within 20 s: 80 %; ASA 9 s; none abandoned
    await answeredToday('general', [10, 10, 10, 98]); // 75 %: 5 points below; ASA 32 s: within 10 % of 30 s
    await abandonedToday('general', []);
    await answeredToday('sales', [30, 50]); // 0 of 3 in time; ASA 40 s; 1 of 3 abandoned
    await abandonedToday('sales', [45]);
    const res = await call('GET', '/api/queues');
    expect(res.status).to.equal(200);
    const rows = Object.fromEntries(res.body.map((q: { name: string }) => [q.name, q]));
    const targets = { ...CENTRE_DEFAULTS, asaSeconds: 30, abandonRate: 0.1 };
    for (const name of ['billing', 'general', 'sales', 'support']) expect(rows[name].targets, name).to.deep.equal(targets);
    expect(rows.billing.status).to.deep.equal({ serviceLevel: 'met', asa: 'met', abandonRate: 'met', nps: null, csat: null });
    expect(rows.billing.today).to.include({ serviceLevel: 0.8, asaSeconds: 9, abandonRate: 0, offered: 5 });
    expect(rows.general.status).to.deep.equal({ serviceLevel: 'close', asa: 'close', abandonRate: 'met', nps: null, csat: null });
    expect(rows.general.today).to.include({ serviceLevel: 0.75, asaSeconds: 32 });
    expect(rows.sales.status).to.deep.equal({ serviceLevel: 'missed', asa: 'missed', abandonRate: 'missed', nps: null, csat: null });
    expect(rows.sales.today).to.include({ serviceLevel: 0, asaSeconds: 40, offered: 3, abandoned: 1 });
    expect(rows.support.status).to.deep.equal({ serviceLevel: null, asa: null, abandonRate: null, nps: null, csat: null });
    expect(rows.support.today).to.include({ serviceLevel: null, asaSeconds: null, abandonRate: null, offered: 0 });

    // A group's own threshold and formula change its figure: general with 100 s is all in time.
    await call('PUT', '/api/groups/general/targets', { serviceLevelSeconds: 100 });
    const after = (await call('GET', '/api/queues')).body.find((q: { name: string }) => q.name === 'general');
    expect(after.today.serviceLevel).to.equal(1);
    expect(after.status.serviceLevel).to.equal('met');
    // sales counted under answered-and-long-abandoned: still 0 of 3 (the abandon at 45 s is long).
    await call('PUT', '/api/groups/sales/targets', { serviceLevelFormula: 'answered-and-long-abandoned', serviceLevelSeconds: 45 });
    const sales = (await call('GET', '/api/queues')).body.find((q: { name: string }) => q.name === 'sales');
    expect(sales.today.serviceLevel).to.equal(0.3333);

    // The groups report computes each group with its own threshold and formula too.
    const zone = server.config.centreTimezone!;
    const today = new Date().toLocaleDateString('en-CA', { timeZone: zone });
    const report = await call(
      'GET',
      `/api/reports/groups?${new URLSearchParams({ from: today, to: today, interval: 'day', timezone: zone })}`,
    );
    expect(report.status).to.equal(200);
    const totals = (g: string) => report.body.totals.find((r: { group: string }) => r.group === g);
    expect(totals('general').serviceLevel).to.equal(1);
    expect(totals('sales').serviceLevel).to.equal(0.3333);
    expect(totals('billing').serviceLevel).to.equal(0.8);
  });
});
