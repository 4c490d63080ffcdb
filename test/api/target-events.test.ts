import { expect } from 'chai';
import { resetDatabase } from '../support/database.js';
import { openStream, type OpenStream } from '../support/event-stream.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { answeredToday, middayZone } from '../support/targets-fixtures.js';
import { client, newToken } from './api-client.js';

describe('live stream: a `target` event when a group starts or stops missing a target', () => {
  let server: TestServer;
  let token: string;
  let stream: OpenStream | undefined;
  before(async () => (server = await startTestServer({ env: { CENTRE_TIMEZONE: middayZone() } })));
  after(() => server.close());
  beforeEach(async () => {
    await resetDatabase();
    token = await newToken();
  });
  afterEach(() => stream?.close());
  const call = client(
    () => server,
    () => token,
  );

  /** Reads the stream up to the next `target` event; returns it and the last snapshot before it. */
  async function nextTargetEvent(s: OpenStream): Promise<{ event: any; snapshot: any }> {
    let snapshot: any;
    for (;;) {
      const { event, data } = await s.next();
      if (event === 'end') throw new Error('the stream ended');
      if (event === 'snapshot') snapshot = data;
      if (event === 'target') return { event: data, snapshot };
    }
  }

  it('pushes missing: true when billing falls below its service level target, then missing: false when it no longer misses', async () => {
    stream = await openStream(`${server.url}/api/dashboard/events`, { authorization: `Bearer ${token}` });
    expect(stream.status).to.equal(200);
    const first = await stream.next();
    expect(first.event).to.equal('snapshot');
    expect(first.data.queues.find((q: any) => q.group === 'billing').status.serviceLevel).to.equal(null);

    await answeredToday('billing', [60, 90]); // both answered after the 20 s threshold: 0 %
    const missing = await nextTargetEvent(stream);
    expect(missing.event).to.deep.include({
      group: 'billing',
      kpi: 'serviceLevel',
      missing: true,
      status: 'missed',
      value: 0,
      target: 0.8,
    });
    // The snapshot pushed before the event already shows it.
    expect(missing.snapshot.queues.find((q: any) => q.group === 'billing').status.serviceLevel).to.equal('missed');

    // The supervisor lowers billing’s target to 50 % within 60 s: half its calls are in time, met.
    await call('PUT', '/api/groups/billing/targets', { serviceLevel: 0.5, serviceLevelSeconds: 60 });
    const met = await nextTargetEvent(stream);
    expect(met.event).to.deep.include({ group: 'billing', kpi: 'serviceLevel', missing: false, status: 'met', value: 0.5, target: 0.5 });
  });
});
