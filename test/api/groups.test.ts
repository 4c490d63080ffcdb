import { expect } from 'chai';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { client, newToken } from './api-client.js';
import { queueCaller } from '../support/queue.js';

const DEFAULTS = {
  requirements: {},
  strategy: 'longest-idle',
  ringTimeoutSeconds: 20,
  wrapUpSeconds: 30,
  maxMisses: 2,
  missBackoffSeconds: 20,
  maxWaitSeconds: 600,
  overflow: { action: 'voicemail' },
  serviceLevelSeconds: 20,
  announceEverySeconds: 60,
  widening: [],
};

const VIP = {
  name: 'vip',
  requirements: { billing: 3, spanish: 2 },
  strategy: 'most-skilled',
  ringTimeoutSeconds: 15,
  wrapUpSeconds: 45,
  maxMisses: 3,
  missBackoffSeconds: 10,
  maxWaitSeconds: 300,
  overflow: { action: 'group', group: 'general' },
  serviceLevelSeconds: 10,
  announceEverySeconds: 30,
  widening: [
    { afterSeconds: 90, addGroup: 'general' },
    { afterSeconds: 30, minLevel: 1 },
  ],
};

describe('API: skill groups', () => {
  let server: TestServer;
  let token: string;
  before(async () => (server = await startTestServer()));
  after(() => server.close());
  beforeEach(async () => {
    await resetDatabase();
    token = await newToken();
    for (const name of ['billing', 'spanish']) await call('POST', '/api/skills', { name });
  });
  const call = client(
    () => server,
    () => token,
  );
  const db = () => testDatabase().pool;

  it('lists the groups with their settings', async () => {
    expect(await call('GET', '/api/groups')).to.deep.equal({
      status: 200,
      body: ['billing', 'general', 'sales', 'support'].map((name) => ({ name, ...DEFAULTS })),
    });
    expect(await call('GET', '/api/groups/sales')).to.deep.equal({ status: 200, body: { name: 'sales', ...DEFAULTS } });
    expect(await call('GET', '/api/groups/sale')).to.deep.equal({
      status: 404,
      body: { error: "no group named 'sale' (did you mean 'sales'?)" },
    });
  });

  it('creates a group, storing snake_case settings and widening in time order', async () => {
    const expected = {
      ...VIP,
      widening: [
        { afterSeconds: 30, minLevel: 1 },
        { afterSeconds: 90, addGroup: 'general' },
      ],
    };
    expect(await call('POST', '/api/groups', VIP)).to.deep.equal({ status: 201, body: expected });
    expect(await call('GET', '/api/groups/vip')).to.deep.equal({ status: 200, body: expected });
    const { rows } = await db().query(`SELECT strategy, ring_timeout_seconds, overflow, widening FROM skill_groups WHERE name = 'vip'`);
    expect(rows).to.deep.equal([
      {
        strategy: 'most-skilled',
        ring_timeout_seconds: 15,
        overflow: { action: 'group', group: 'general' },
        widening: [
          { after_seconds: 30, min_level: 1 },
          { after_seconds: 90, add_group: 'general' },
        ],
      },
    ]);
    const reqs = await db().query(`SELECT skill, min_level FROM skill_group_requirements WHERE group_name = 'vip' ORDER BY skill`);
    expect(reqs.rows).to.deep.equal([
      { skill: 'billing', min_level: 3 },
      { skill: 'spanish', min_level: 2 },
    ]);
    expect(await call('POST', '/api/groups', { name: 'lean' })).to.deep.equal({ status: 201, body: { name: 'lean', ...DEFAULTS } });
  });

  it('explains bad group bodies, naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ ...VIP, requirements: { biling: 3 } }, "requirements.biling: unknown skill 'biling' (did you mean 'billing'?)"],
      [{ ...VIP, requirements: { billing: 6 } }, 'requirements.billing: must be a whole number from 1 to 5'],
      [{ ...VIP, strategy: 'random' }, 'strategy: must be one of longest-idle, round-robin, fewest-calls, most-skilled'],
      [{ ...VIP, ringTimeoutSeconds: 3 }, 'ringTimeoutSeconds: must be a whole number of seconds from 5 to 120'],
      [{ ...VIP, maxWaitSeconds: 60.5 }, 'maxWaitSeconds: must be a whole number of seconds from 10 to 86400'],
      [{ ...VIP, overflow: { action: 'queue' } }, 'overflow.action: must be one of voicemail, callback, group'],
      [{ ...VIP, overflow: { action: 'group' } }, 'overflow.group: is required'],
      [{ ...VIP, overflow: { action: 'voicemail', group: 'general' } }, 'overflow.group: unknown field'],
      [{ ...VIP, overflow: { action: 'group', group: 'vip' } }, 'overflow.group: cannot be the group itself'],
      [{ ...VIP, overflow: { action: 'group', group: 'genral' } }, "overflow.group: unknown group 'genral' (did you mean 'general'?)"],
      [{ ...VIP, widening: [{ afterSeconds: 30 }] }, 'widening[0]: needs minLevel or addGroup'],
      [
        {
          ...VIP,
          widening: [
            { afterSeconds: 30, minLevel: 1 },
            { afterSeconds: 60, addGroup: 'vip' },
          ],
        },
        'widening[1].addGroup: cannot be the group itself',
      ],
      [{ ...VIP, widening: [{ afterSeconds: 60, addGroup: 'nobody' }] }, "widening[0].addGroup: unknown group 'nobody'"],
      [
        { ...VIP, widening: [{ afterSeconds: 0, minLevel: 1 }] },
        'widening[0].afterSeconds: must be a whole number of seconds from 1 to 86400',
      ],
      [{ ...VIP, widening: { afterSeconds: 30 } }, 'widening: must be a list'],
      [{ ...VIP, name: 'v i p' }, 'name: must start with a letter or digit and use only letters, digits, - and _ (at most 64)'],
      [{ ...VIP, ringTimeoutSecs: 20 }, "ringTimeoutSecs: unknown field (did you mean 'ringTimeoutSeconds'?)"],
    ];
    for (const [body, error] of cases)
      expect(await call('POST', '/api/groups', body), JSON.stringify(body)).to.deep.equal({ status: 400, body: { error } });
    expect(await call('POST', '/api/groups', { name: 'Billing' })).to.deep.equal({
      status: 409,
      body: { error: "group 'billing' already exists" },
    });
    expect((await db().query('SELECT count(*)::int AS n FROM skill_groups')).rows).to.deep.equal([{ n: 4 }]);
  });

  it('changes only the settings a PATCH names; requirements are replaced', async () => {
    await call('POST', '/api/groups', VIP);
    const res = await call('PATCH', '/api/groups/vip', {
      requirements: { spanish: 4 },
      strategy: 'round-robin',
      overflow: { action: 'callback' },
    });
    expect(res).to.deep.equal({
      status: 200,
      body: {
        ...VIP,
        requirements: { spanish: 4 },
        strategy: 'round-robin',
        overflow: { action: 'callback' },
        widening: [
          { afterSeconds: 30, minLevel: 1 },
          { afterSeconds: 90, addGroup: 'general' },
        ],
      },
    });
    expect(await call('PATCH', '/api/groups/vip', { name: 'vip2' })).to.deep.equal({ status: 400, body: { error: 'name: unknown field' } });
    expect(await call('PATCH', '/api/groups/nope', { maxMisses: 1 })).to.deep.equal({
      status: 404,
      body: { error: "no group named 'nope'" },
    });
  });

  it('refuses an overflow that leads back to the group', async () => {
    await call('PATCH', '/api/groups/general', { overflow: { action: 'group', group: 'sales' } });
    await call('PATCH', '/api/groups/sales', { overflow: { action: 'group', group: 'billing' } });
    expect(await call('PATCH', '/api/groups/billing', { overflow: { action: 'group', group: 'general' } })).to.deep.equal({
      status: 400,
      body: { error: "overflow.group: 'general' overflows back to 'billing', a circle" },
    });
    expect((await call('PATCH', '/api/groups/billing', { overflow: { action: 'group', group: 'support' } })).status).to.equal(200);
  });

  it('removes a group unless callers wait in it or another group names it', async () => {
    await call('POST', '/api/groups', VIP);
    expect(await call('DELETE', '/api/groups/general')).to.deep.equal({
      status: 409,
      body: { error: "group 'general' is named in the overflow or widening of 'vip'; change those first" },
    });
    const entry = (await queueCaller('vip', { state: 'callback' })).entryId;
    expect(await call('DELETE', '/api/groups/vip')).to.deep.equal({
      status: 409,
      body: { error: "group 'vip' has 1 caller(s) in its queue; remove it once they are served" },
    });
    await db().query(`UPDATE queue_entries SET state = 'completed' WHERE id = $1`, [entry]);
    expect(await call('DELETE', '/api/groups/vip')).to.deep.equal({
      status: 409,
      body: { error: "group 'vip' has call history (past queue entries) and cannot be removed" },
    });
    // A feedback rule's owner or callback group, and a group that owns cases, are named as such.
    await db().query(`INSERT INTO feedback_rules (name, kind, max_score, category, owner_group, callback_group)
                      VALUES ('unhappy', 'csat', 2, 'dissatisfied', 'general', 'sales')`);
    expect(await call('DELETE', '/api/groups/sales')).to.deep.equal({
      status: 409,
      body: { error: "group 'sales' is named by feedback rule 'unhappy'; change those first" },
    });
    await db().query(`DELETE FROM feedback_rules`);
    await db().query(
      `INSERT INTO cases (source, category, summary, owner_group, acknowledge_due_at, resolve_due_at) VALUES ('api', 'billing', 'Refund', 'sales', now(), now())`,
    );
    expect(await call('DELETE', '/api/groups/sales')).to.deep.equal({
      status: 409,
      body: { error: "group 'sales' owns 1 case(s); give them another owner first" },
    });
    await db().query(`DELETE FROM cases`);
    expect(await call('DELETE', '/api/groups/sales')).to.deep.equal({ status: 204, body: undefined });
    expect(await call('GET', '/api/groups/sales')).to.deep.equal({ status: 404, body: { error: "no group named 'sales'" } });
    expect(await call('DELETE', '/api/groups/sales')).to.deep.equal({ status: 404, body: { error: "no group named 'sales'" } });
  });
});
