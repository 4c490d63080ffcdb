import { expect } from 'chai';
import { addAgent, configureGroup } from '../support/agents.js';
import { resetDatabase } from '../support/database.js';
import { callerRinging, dialCentre, startCentre, type RoutingCentre } from '../support/routing.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

const scrape = async (c: RoutingCentre) => (await fetch(`${c.server.url}/metrics`)).text();

/** One sample of /metrics: the value of `name{labels}` exactly, or undefined when absent. */
async function sample(c: RoutingCentre, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  return valueIn(await scrape(c), name, labels);
}

function valueIn(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m && m[1] === name && (m[2] ?? '') === want) return Number(m[3]);
  }
  return undefined;
}

describe('/metrics: what an operator needs (calls, misses, the database pool, live service level)', () => {
  let c: RoutingCentre;
  before(async () => (c = await startCentre({ now: () => MONDAY_10AM })));
  after(() => c.close());
  beforeEach(resetDatabase);
  const counted = async (name: string, labels: Record<string, string>) => (await sample(c, name, labels)) ?? 0;

  it('counts calls started by flow and ended by final status, each call once (a repeated status callback is not counted again)', async () => {
    const started = await counted('switchboard_calls_started_total', { flow: 'acme-support' });
    const ended = await counted('switchboard_calls_ended_total', { status: 'completed' });
    const call = await dialCentre(c);
    expect(await counted('switchboard_calls_started_total', { flow: 'acme-support' })).to.equal(started + 1);
    await call.hangUp();
    expect(await counted('switchboard_calls_ended_total', { status: 'completed' })).to.equal(ended + 1);
    await call.retryLastRequest();
    expect(await counted('switchboard_calls_ended_total', { status: 'completed' })).to.equal(ended + 1);
  });

  it('counts rings that end without the agent: not answered, declined at the whisper', async () => {
    await configureGroup('general', { max_misses: 10, miss_backoff_seconds: 0 });
    await addAgent({ name: 'Only' });
    const before = {
      noAnswer: await counted('switchboard_routing_misses_total', { kind: 'inbound', outcome: 'no-answer' }),
      rejected: await counted('switchboard_routing_misses_total', { kind: 'inbound', outcome: 'rejected' }),
    };
    const call = await callerRinging(c);
    await call.dialResult('no-answer');
    expect(await counted('switchboard_routing_misses_total', { kind: 'inbound', outcome: 'no-answer' })).to.equal(before.noAnswer + 1);
    await c.twilio.until(() => call.waiting === 'dial');
    await call.agentAnswers({ press: '9' });
    expect(await counted('switchboard_routing_misses_total', { kind: 'inbound', outcome: 'rejected' })).to.equal(before.rejected + 1);
  });

  it("shows the instance's database pool: connections in use and idle, queries waiting for one; an exhausted pool still gets its figures scraped", async () => {
    const pool = c.server.pool;
    const held = [await pool.connect(), await pool.connect()];
    try {
      // Routing and the reconciler run on this instance too, so these two are at least ours.
      expect(await sample(c, 'switchboard_db_pool_connections', { state: 'in-use' })).to.be.at.least(2);
      expect(await sample(c, 'switchboard_db_pool_connections', { state: 'idle' })).to.be.a('number');
      expect(await sample(c, 'switchboard_db_pool_waiting')).to.equal(0);
      // Every connection checked out, one query waiting: the scrape still answers, naming it.
      while (pool.totalCount < pool.options.max!) held.push(await pool.connect());
      // (It gives up after the pool's connection timeout, as the scrape's own database gauges do.)
      const waiting = pool.query('SELECT 1').catch(() => undefined);
      // The figures as a scrape reads them at once, in this process: over HTTP, a loaded machine
      // can take longer than the pool's 3 s wait, and the waiting query would be gone by then.
      const now = await c.server.metrics.registry.metrics();
      expect(valueIn(now, 'switchboard_db_pool_waiting')).to.be.at.least(1);
      expect(valueIn(now, 'switchboard_db_pool_connections', { state: 'in-use' })).to.be.at.least(held.length);
      // And /metrics still answers, with the pool's figures, while every connection is taken.
      const text = await scrape(c);
      expect(valueIn(text, 'switchboard_db_pool_connections', { state: 'in-use' })).to.be.at.least(held.length);
      for (const client of held.splice(0)) client.release();
      await waiting;
    } finally {
      for (const client of held) client.release();
    }
  });

  it("shows today's service level per group as the dashboard computes it: absent before any call and while the only caller rings within the threshold (not yet a miss), 1 once an agent took them in time", async () => {
    await configureGroup('general', { service_level_seconds: 60 });
    await addAgent({ name: 'Ana' });
    expect(await sample(c, 'switchboard_service_level_ratio', { group: 'general' })).to.equal(undefined);
    const call = await callerRinging(c);
    expect(await sample(c, 'switchboard_service_level_ratio', { group: 'general' })).to.equal(undefined);
    await call.agentAnswers({ press: '1' });
    expect(call.waiting).to.equal('bridged');
    expect(await sample(c, 'switchboard_service_level_ratio', { group: 'general' })).to.equal(1);
  });
});
