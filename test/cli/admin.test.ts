import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cliDatabaseUrl, runCli } from '../support/cli.js';
import { resetDatabase, testDatabase } from '../support/database.js';

const cli = (...args: string[]) => runCli(args, { env: { DATABASE_URL: cliDatabaseUrl() } });

describe('switchboard admin commands', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);
  const db = () => testDatabase().pool;

  it('skills add and list', async () => {
    expect(await cli('skills', 'add', 'billing')).to.deep.equal({ code: 0, stdout: "added skill 'billing'\n", stderr: '' });
    await cli('skills', 'add', 'spanish');
    expect(await cli('skills', 'add', 'Billing')).to.deep.include({ code: 1, stdout: "error: skill 'billing' already exists\n" });
    expect(await cli('skills', 'add', 'bad name')).to.deep.include({
      code: 2,
      stdout: 'error: name: must start with a letter or digit and use only letters, digits, - and _ (at most 64)\n',
    });
    expect((await cli('skills', 'list')).stdout).to.equal('SKILL    AGENTS  GROUPS\nbilling  0       0\nspanish  0       0\n');
  });

  it('agents add, list, set-skill, remove-skill', async () => {
    await db().query(`INSERT INTO skills (name) VALUES ('billing'), ('spanish'), ('support')`);
    const added = await cli(
      'agents',
      'add',
      '--name',
      'Ana Ruiz',
      '--phone',
      '+15551110001',
      '--skill',
      'billing=4',
      '--skill',
      'spanish=3',
    );
    expect(added).to.deep.equal({
      code: 0,
      stdout: 'added agent 1 (Ana Ruiz): +15551110001, offline, skills billing=4 spanish=3\n',
      stderr: '',
    });
    expect((await cli('agents', 'add', '--name', 'Bo', '--client', 'bo')).stdout).to.equal(
      'added agent 2 (Bo): client:bo, offline, skills -\n',
    );
    await cli('agents', 'add', '--name', 'Cy', '--sip', 'sip:cy@pbx.example.com');
    await db().query(
      `UPDATE agents SET state = 'break', state_reason = 'lunch', state_since = now() - interval '125 seconds' WHERE id = 1`,
    );
    await db().query(
      `UPDATE agents SET state = 'on-call', pending_state = 'offline', state_since = now() - interval '2 hours 5 minutes' WHERE id = 2`,
    );
    await db().query(`UPDATE agents SET state_since = now() - interval '3 days 4 hours' WHERE id = 3`);
    expect((await cli('agents', 'list')).stdout).to.equal(
      [
        'ID  NAME      CONTACT                 STATE                  SINCE  SKILLS',
        '1   Ana Ruiz  +15551110001            break (lunch)          2m     billing=4 spanish=3',
        '2   Bo        client:bo               on-call, then offline  2h 5m  -',
        '3   Cy        sip:cy@pbx.example.com  offline                3d 4h  -',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await cli('agents', 'list', '--json')).stdout);
    expect(json[0]).to.deep.include({
      id: 1,
      name: 'Ana Ruiz',
      contact: { kind: 'phone', value: '+15551110001' },
      skills: { billing: 4, spanish: 3 },
      state: 'break',
      pendingState: null,
    });
    expect(await cli('agents', 'set-skill', '1', 'support', '2')).to.deep.include({
      code: 0,
      stdout: 'agent 1 (Ana Ruiz): skills billing=4 spanish=3 support=2\n',
    });
    expect(await cli('agents', 'remove-skill', '1', 'spanish')).to.deep.include({
      code: 0,
      stdout: 'agent 1 (Ana Ruiz): skills billing=4 support=2\n',
    });
    expect(await cli('agents', 'set-skill', '1', 'support', 'six')).to.deep.include({
      code: 2,
      stdout: 'error: level: must be a whole number from 1 to 5\n',
    });
    expect(await cli('agents', 'remove-skill', '9', 'support')).to.deep.include({ code: 1, stdout: 'error: no agent with id 9\n' });
  });

  it('agents add explains bad input with the API messages, exit 2', async () => {
    await db().query(`INSERT INTO skills (name) VALUES ('billing')`);
    const base = ['agents', 'add', '--name', 'Ana'];
    expect(await cli(...base, '--phone', '555-1234')).to.deep.include({
      code: 2,
      stdout: 'error: contact.value: must be a phone number in E.164 form (+ and 7 to 15 digits), such as +15551230000\n',
    });
    expect(await cli(...base, '--phone', '+15551110001', '--skill', 'biling=3')).to.deep.include({
      code: 2,
      stdout: "error: skills.biling: unknown skill 'biling' (did you mean 'billing'?)\n",
    });
    expect(await cli(...base, '--phone', '+15551110001', '--skill', 'billing=9')).to.deep.include({
      code: 2,
      stdout: 'error: skills.billing: must be a whole number from 1 to 5\n',
    });
    expect(await cli(...base, '--phone', '+15551110001', '--skill', 'billing')).to.deep.include({
      code: 2,
      stdout: "--skill must look like skill=level, e.g. --skill billing=3 (found 'billing')\n",
    });
    const twoContacts = await cli(...base, '--phone', '+15551110001', '--client', 'ana');
    expect(twoContacts.code).to.equal(2);
    expect(twoContacts.stdout.split('\n')[0]).to.equal('give one contact: --phone, --client or --sip');
    expect(await cli('agents', 'add', '--phone', '+15551110001')).to.deep.include({ code: 2, stdout: 'error: name: is required\n' });
    expect((await db().query('SELECT count(*)::int AS n FROM agents')).rows).to.deep.equal([{ n: 0 }]);
  });

  it('agents status and remove', async () => {
    await cli('agents', 'add', '--name', 'Ana', '--phone', '+15551110001');
    expect(await cli('agents', 'status', '1', 'available')).to.deep.include({ code: 0, stdout: 'agent 1 is now available\n' });
    expect(await cli('agents', 'remove', '1')).to.deep.include({
      code: 1,
      stdout: 'error: agent 1 (Ana) is available; set them offline before removing them\n',
    });
    await db().query(`UPDATE agents SET state = 'reserved' WHERE id = 1`);
    expect(await cli('agents', 'status', '1', 'break', '--reason', 'lunch')).to.deep.include({
      code: 0,
      stdout: 'agent 1 is reserved; break (lunch) applies after the call\n',
    });
    expect((await db().query('SELECT state, pending_state, pending_reason FROM agents')).rows).to.deep.equal([
      { state: 'reserved', pending_state: 'break', pending_reason: 'lunch' },
    ]);
    expect(await cli('agents', 'status', '1', 'lunch')).to.deep.include({
      code: 2,
      stdout: 'error: state: must be one of available, break, offline, not-ready\n',
    });
    expect(await cli('agents', 'status', '4', 'break')).to.deep.include({ code: 1, stdout: 'error: no agent with id 4\n' });
    await db().query(`UPDATE agents SET state = 'wrap-up' WHERE id = 1`);
    expect(await cli('agents', 'status', '1', 'offline')).to.deep.include({ code: 0, stdout: 'agent 1 is now offline\n' });
    expect(await cli('agents', 'remove', '1')).to.deep.include({ code: 0, stdout: 'removed agent 1 (Ana)\n' });
    expect((await cli('agents', 'list')).stdout).to.equal("no agents yet (add one with 'switchboard agents add')\n");
    const usage = await cli('agents', 'status', '1');
    expect(usage.code).to.equal(2);
    expect(usage.stdout).to.include('switchboard agents status <id> <available|break|offline|not-ready> [--reason lunch]');
  });

  it('groups add, set, list and remove', async () => {
    await db().query(`INSERT INTO skills (name) VALUES ('billing'), ('spanish')`);
    const added = await cli(
      'groups',
      'add',
      'vip',
      '--require',
      'billing=3',
      '--require',
      'spanish=2',
      '--strategy',
      'most-skilled',
      '--ring-timeout',
      '15',
      '--wrap-up',
      '45',
      '--max-misses',
      '3',
      '--max-wait',
      '300',
      '--overflow',
      'group:general',
      '--service-level',
      '10',
      '--announce-every',
      '30',
      '--widen',
      '90:group=general',
      '--widen',
      '30:level=1',
    );
    expect(added).to.deep.equal({
      code: 0,
      stdout:
        "added group 'vip': requires billing>=3 spanish>=2; most-skilled; ring 15s, wrap-up 45s, 3 miss(es), back-off 20s, max wait 300s; overflow group:general; widening 30s:level=1 90s:group=general\n",
      stderr: '',
    });
    const { rows } = await db().query(
      `SELECT service_level_seconds, announce_every_seconds, widening FROM skill_groups WHERE name = 'vip'`,
    );
    expect(rows).to.deep.equal([
      {
        service_level_seconds: 10,
        announce_every_seconds: 30,
        widening: [
          { after_seconds: 30, min_level: 1 },
          { after_seconds: 90, add_group: 'general' },
        ],
      },
    ]);
    expect(await cli('groups', 'set', 'vip', '--require', 'none', '--overflow', 'callback', '--widen', 'none')).to.deep.include({
      code: 0,
      stdout:
        "updated group 'vip': requires -; most-skilled; ring 15s, wrap-up 45s, 3 miss(es), back-off 20s, max wait 300s; overflow callback; widening -\n",
    });
    await cli('groups', 'set', 'sales', '--widen', '60:level=2,group=general');
    expect((await cli('groups', 'list')).stdout).to.equal(
      [
        'NAME     REQUIRES  STRATEGY      RING  WRAP-UP  MISSES  MAX WAIT  OVERFLOW   WIDENING',
        'billing  -         longest-idle  20s   30s      2       600s      voicemail  -',
        'general  -         longest-idle  20s   30s      2       600s      voicemail  -',
        'sales    -         longest-idle  20s   30s      2       600s      voicemail  60s:level=2,group=general',
        'support  -         longest-idle  20s   30s      2       600s      voicemail  -',
        'vip      -         most-skilled  15s   45s      3       300s      callback   -',
        '',
      ].join('\n'),
    );
    expect(JSON.parse((await cli('groups', 'list', '--json')).stdout).map((g: { name: string }) => g.name)).to.deep.equal([
      'billing',
      'general',
      'sales',
      'support',
      'vip',
    ]);
    expect(await cli('groups', 'remove', 'vip')).to.deep.include({ code: 0, stdout: "removed group 'vip'\n" });
    expect(await cli('groups', 'remove', 'vip')).to.deep.include({ code: 1, stdout: "error: no group named 'vip'\n" });
  });

  it('groups explain bad options with the API messages, exit 2', async () => {
    expect(await cli('groups', 'set', 'billing', '--overflow', 'group:billing')).to.deep.include({
      code: 2,
      stdout: 'error: overflow.group: cannot be the group itself\n',
    });
    expect(await cli('groups', 'set', 'billing', '--overflow', 'hangup')).to.deep.include({
      code: 2,
      stdout: 'error: overflow.action: must be one of voicemail, callback, group\n',
    });
    expect(await cli('groups', 'set', 'billing', '--ring-timeout', 'soon')).to.deep.include({
      code: 2,
      stdout: 'error: ringTimeoutSeconds: must be a whole number of seconds from 5 to 120\n',
    });
    expect(await cli('groups', 'add', 'vip', '--require', 'billing=3')).to.deep.include({
      code: 2,
      stdout: "error: requirements.billing: unknown skill 'billing'\n",
    });
    expect(await cli('groups', 'add', 'vip', '--widen', '30')).to.deep.include({
      code: 2,
      stdout: "--widen must look like 30:level=1, 90:group=general or 60:level=2,group=general (found '30')\n",
    });
    expect(await cli('groups', 'add', 'vip', '--widen', '30:group=vip')).to.deep.include({
      code: 2,
      stdout: 'error: widening[0].addGroup: cannot be the group itself\n',
    });
    expect(await cli('groups', 'add', 'billing')).to.deep.include({ code: 1, stdout: "error: group 'billing' already exists\n" });
    expect(await cli('groups', 'set', 'biling', '--max-misses', '3')).to.deep.include({
      code: 1,
      stdout: "error: no group named 'biling' (did you mean 'billing'?)\n",
    });
  });

  it('tokens create, list and revoke', async () => {
    const created = await cli('tokens', 'create', 'wallboard');
    expect(created.code).to.equal(0);
    const [line, token, end] = created.stdout.split('\n');
    expect([line, end]).to.deep.equal(['created a supervisor API token 1 (wallboard); copy it now, it is not shown again:', '']);
    expect(token).to.match(/^sb_[0-9a-f]{64}$/);
    const stored = await db().query('SELECT token_hash FROM api_tokens');
    expect(stored.rows).to.deep.equal([{ token_hash: createHash('sha256').update(token).digest('hex') }]);
    await db().query(`UPDATE api_tokens SET created_at = '2026-11-23T15:04:00Z', last_used_at = '2026-11-24T08:30:00Z'`);
    expect(await cli('tokens', 'revoke', '1')).to.deep.include({ code: 0, stdout: 'revoked API token 1 (wallboard)\n' });
    await db().query(`UPDATE api_tokens SET revoked_at = '2026-11-25T09:00:00Z'`);
    expect(await cli('tokens', 'revoke', '1')).to.deep.include({
      code: 0,
      stdout: 'API token 1 (wallboard) was already revoked at 2026-11-25 09:00Z\n',
    });
    await cli('tokens', 'create', 'ci');
    await db().query(`UPDATE api_tokens SET created_at = '2026-11-26T10:00:00Z' WHERE id = 2`);
    expect((await cli('tokens', 'list')).stdout).to.equal(
      [
        'ID  NAME       ACTS AS     CREATED            LAST USED          REVOKED',
        '1   wallboard  supervisor  2026-11-23 15:04Z  2026-11-24 08:30Z  2026-11-25 09:00Z',
        '2   ci         supervisor  2026-11-26 10:00Z  never              -',
        '',
      ].join('\n'),
    );
    expect(await cli('tokens', 'revoke', '3')).to.deep.include({ code: 1, stdout: 'error: no API token with id 3\n' });
    expect(await cli('tokens', 'create', '')).to.deep.include({ code: 2, stdout: 'error: name: must be 1 to 80 characters\n' });
    // An agent's token acts only as that agent (their console's API).
    await db().query(`INSERT INTO agents (name, contact_kind, contact) VALUES ('Ana', 'phone', '+15550001111')`);
    const agentToken = await cli('tokens', 'create', 'ana-console', '--agent', '1');
    expect(agentToken.stdout.split('\n')[0]).to.equal("created agent 1's API token 3 (ana-console); copy it now, it is not shown again:");
    expect(await cli('tokens', 'create', 'x', '--agent', '99')).to.deep.include({ code: 1, stdout: 'error: no agent with id 99\n' });
  });

  it('says clearly when there is no database', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'cli-nodb-'));
    const r = await runCli(['agents', 'list'], { env: { DATABASE_URL: undefined, SWITCHBOARD_DATA_DIR: empty } });
    expect(r).to.deep.equal({
      code: 1,
      stdout: '',
      stderr: `switchboard: no database: set DATABASE_URL, or run 'npm start' once to create the embedded one in ${empty}\n`,
    });
  });
});
