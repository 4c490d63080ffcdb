import { expect } from 'chai';
import { resetDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { abandonedToday, answeredToday, middayZone } from '../support/targets-fixtures.js';
import { client, newToken } from '../api/api-client.js';

describe('/metrics: each group’s KPIs today and its targets', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ env: { CENTRE_TIMEZONE: middayZone() } })));
  after(() => server.close());
  beforeEach(resetDatabase);

  const series = async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    return new Map(
      [...text.matchAll(/^(switchboard_(?:service_level|asa|abandonment)\w*)\{group="(\w+)"\} (\S+)$/gm)].map((m) => [
        `${m[1]} ${m[2]}`,
        Number(m[3]),
      ]),
    );
  };

  it('exports the value and the target in effect of service level, ASA and abandonment; a value only once there is one', async () => {
    const token = await newToken();
    const call = client(
      () => server,
      () => token,
    );
    await call('PUT', '/api/targets', { abandonRate: 0.05 });
    await call('PUT', '/api/groups/billing/targets', { serviceLevel: 0.9, serviceLevelSeconds: 30, asaSeconds: 25 });
    await answeredToday('billing', [10, 40, 20]); // 2 of 3 within 30 s; ASA 23.3 s
    await abandonedToday('billing', [12]); // 1 of 4 abandoned; in the 'offered' base: 2 of 4

    const m = await series();
    expect(m.get('switchboard_service_level_ratio billing')).to.equal(0.5);
    expect(m.get('switchboard_service_level_target_ratio billing')).to.equal(0.9);
    expect(m.get('switchboard_service_level_threshold_seconds billing')).to.equal(30);
    expect(m.get('switchboard_asa_seconds billing')).to.be.closeTo(23.3, 0.05);
    expect(m.get('switchboard_asa_target_seconds billing')).to.equal(25);
    expect(m.get('switchboard_abandonment_ratio billing')).to.equal(0.25);
    expect(m.get('switchboard_abandonment_target_ratio billing')).to.equal(0.05);
    // general: the centre's targets, no calls: targets exported, no values; no ASA target anywhere but billing.
    expect(m.get('switchboard_service_level_target_ratio general')).to.equal(0.8);
    expect(m.get('switchboard_service_level_threshold_seconds general')).to.equal(20);
    expect(m.get('switchboard_abandonment_target_ratio general')).to.equal(0.05);
    expect(m.has('switchboard_service_level_ratio general')).to.equal(false);
    expect(m.has('switchboard_asa_seconds general')).to.equal(false);
    expect(m.has('switchboard_asa_target_seconds general')).to.equal(false);

    // What the dashboard judges: billing misses its service level (50 % against 90 %) and abandonment
    // (25 % against 5 %); its ASA (23.3 s against 25 s) is met. general has nothing to judge.
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const missed = [...text.matchAll(/^switchboard_kpi_target_missed\{group="(\w+)",kpi="(\w+)"\} (\d)$/gm)].map(
      (x) => `${x[1]} ${x[2]} ${x[3]}`,
    );
    expect(missed.sort()).to.deep.equal(['billing abandonRate 1', 'billing asa 0', 'billing serviceLevel 1']);
  });
});
