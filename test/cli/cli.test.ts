import { expect } from 'chai';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { staffOnBreak } from '../support/agents.js';
import { cliDatabaseUrl, runCli } from '../support/cli.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { ACCOUNT_SID, AUTH_TOKEN, CENTRE_FLOWS, startTestServer, type TestServer } from '../support/server.js';

describe('switchboard CLI', function () {
  this.timeout(30_000);
  beforeEach(resetDatabase);

  describe('check', () => {
    it('passes the shipped flows, checking skill groups in the database', async () => {
      const r = await runCli(['check', '--flows', CENTRE_FLOWS], { env: { DATABASE_URL: cliDatabaseUrl() } });
      expect(r.code).to.equal(0);
      expect(r.stdout).to.match(
        /^1 flow\(s\) and 1 sub-flow\(s\) in .*\/centre: 0 error\(s\), 0 warning\(s\); ready: acme-support@[0-9a-f]{16}\n$/,
      );
    });

    it('fails with file:line:column errors and lists warnings', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'cli-check-'));
      await writeFile(path.join(dir, 'bad.yaml'), 'flow: bad\nstart: hello\nsteps:\n  hello:\n    say: "Hi {nmae}"\n    next: goodbey\n');
      const r = await runCli(['check', '--flows', dir, '--no-groups']);
      expect(r.code).to.equal(1);
      const file = path.join(dir, 'bad.yaml');
      expect(r.stdout.split('\n')).to.include.members([
        `${file}:6:11: error: there is no step named 'goodbey'; name a step of this flow or 'hangup'`,
        `${file}:5:10: warning: variable 'nmae' is never set in this flow, so it is always empty`,
      ]);
      expect(r.stdout).to.include('1 error(s), 1 warning(s)');
    });

    it('flags a flow that names an unknown skill group', async () => {
      await testDatabase().pool.query(`DELETE FROM skill_groups WHERE name = 'sales'`);
      const r = await runCli(['check', '--flows', CENTRE_FLOWS], { env: { DATABASE_URL: cliDatabaseUrl() } });
      expect(r.code).to.equal(1);
      expect(r.stdout).to.include(
        "acme-support.yaml:85:12: error: unknown skill group 'sales'; known groups: billing, general, support (add it with 'switchboard groups add')",
      );
    });
  });

  describe('simulate', () => {
    it('plays a scripted call on the engine, in the centre time zone', async () => {
      const r = await runCli([
        'simulate',
        'acme-support',
        '--flows',
        CENTRE_FLOWS,
        '--digits',
        '2,1,hold,bridged,5',
        '--at',
        '2026-11-23T10:00',
      ]);
      expect(r.code).to.equal(0);
      expect(r.stdout).to.include('at 11/23/2026, 10:00:00 AM (America/New_York)');
      expect(r.stdout).to.include('🔊 Para facturación, oprima 1.');
      expect(r.stdout).to.include("📝 queued in 'billing' with priority 0");
      expect(r.stdout).to.include('📝 survey answer saved: 5');
      expect(r.stdout.trimEnd().endsWith('☎  the call has ended')).to.equal(true);
    });

    it('notes a callback booked from the queue', async () => {
      const r = await runCli([
        'simulate',
        'acme-support',
        '--flows',
        CENTRE_FLOWS,
        '--digits',
        '1,1,*,1',
        '--at',
        '2026-11-23T10:00',
        '--from',
        '+12125550123',
      ]);
      expect(r.stdout).to.include('📝 callback booked to +12125550123');
    });

    it('on a holiday goes to voicemail', async () => {
      const r = await runCli([
        'simulate',
        'acme-support',
        '--flows',
        CENTRE_FLOWS,
        '--digits',
        '1,30',
        '--at',
        '2026-12-25T10:00',
        '--from',
        '+15557654321',
      ]);
      expect(r.stdout).to.include('+15557654321 calls +18005550100');
      expect(r.stdout).to.include('🔊 Our offices are closed.');
      expect(r.stdout).to.include('📝 voicemail saved (30 s)');
    });

    it('reads keys typed at the terminal', async () => {
      const r = await runCli(['simulate', 'acme-support', '--flows', CENTRE_FLOWS, '--at', '2026-11-23T10:00'], { input: '1\n\n9\nq\n' });
      expect(r.code).to.equal(0);
      expect(r.stdout).to.include('⌨  you press 1');
      expect(r.stdout).to.include('…  you say nothing');
      expect(r.stdout).to.include('☎  you hang up');
    });

    it('explains a bad clock time', async () => {
      const r = await runCli(['simulate', 'acme-support', '--flows', CENTRE_FLOWS, '--at', 'Christmas']);
      expect(r.code).to.equal(2);
      expect(r.stdout).to.include('--at must be a date and time such as 2026-12-25T10:00 (in America/New_York), found "Christmas"');
    });
  });

  describe('test', () => {
    it('the shipped demo passes check and its own scenarios', async () => {
      const checked = await runCli(['check'], { env: { DATABASE_URL: cliDatabaseUrl() } });
      expect(checked.code, checked.stdout).to.equal(0);
      const r = await runCli(['test']);
      expect(r.code, r.stdout).to.equal(0);
      expect(r.stdout).to.match(/(\d+) of \1 scenario\(s\) passed/);
    });

    it('runs scenarios with full path coverage of the flow', async () => {
      const r = await runCli(['test', '--flows', CENTRE_FLOWS, '--min-coverage', '100']);
      expect(r.code).to.equal(0);
      expect(r.stdout).to.include('coverage acme-support: 26/26 paths (100%)');
      expect(r.stdout).to.match(/(\d+) of \1 scenario\(s\) passed/);
    });

    it('reports a failing expectation at its line, and low coverage', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'cli-test-'));
      await cp(CENTRE_FLOWS, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}tests`) });
      const file = path.join(dir, 'tests', 'wrong.yaml');
      await cp(path.join(CENTRE_FLOWS, 'tests', 'closed-holiday.yaml'), file);
      await writeFile(file, (await readFile(file, 'utf8')).replace('record: 42', 'record: 41'));
      const r = await runCli(['test', '--flows', dir, '--min-coverage', '90']);
      expect(r.code).to.equal(1);
      expect(r.stdout).to.include('wrong.yaml:10:5: error: expected voicemail 42 to be saved; saved 41');
      expect(r.stdout).to.include('path coverage is below --min-coverage 90%');
    });
  });

  it('graph prints a Mermaid flowchart', async () => {
    const r = await runCli(['graph', 'acme-support', '--flows', CENTRE_FLOWS]);
    expect(r.code).to.equal(0);
    expect(r.stdout.startsWith('flowchart TD\n  start(("call starts")) --> s0\n')).to.equal(true);
    expect(r.stdout).to.include('s3 -->|"key 1"| s4');
    expect(r.stdout).to.include('subgraph survey["survey"]');
  });

  it('unknown commands and missing arguments exit 2 with help; --help is help', async () => {
    expect((await runCli(['frobnicate'])).code).to.equal(2);
    for (const flag of ['--help', '-h']) expect(await runCli([flag]), flag).to.deep.include({ code: 0, stderr: '' });
    expect((await runCli(['--help'])).stdout).to.match(/^switchboard — tools for Switchboard flows/);
    expect((await runCli(['graph'])).stdout).to.include('usage: switchboard graph <flow>');
  });

  describe('call', () => {
    let server: TestServer;
    before(async () => (server = await startTestServer({ now: () => Date.parse('2026-11-23T15:00:00Z') })));
    after(() => server.close());

    it('places a signed call against a running server and follows its TwiML', async () => {
      await staffOnBreak();
      const env = { PUBLIC_BASE_URL: server.config.publicBaseUrl, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT_SID };
      const r = await runCli(['call', '--digits', '1,3,bridged,4'], { env });
      expect(r.code).to.equal(0);
      expect(r.stdout).to.include('🔊 For billing, press 1.');
      expect(r.stdout).to.include("⏳ in queue 'sales'");
      expect(r.stdout).to.include('🔊 Thank you. Goodbye.');
      expect(r.stdout).to.match(/7 webhooks, slowest [\d.]+ ms, 0 Twilio error\(s\)/);
      const { rows } = await testDatabase().pool.query('SELECT score FROM survey_responses');
      expect(rows).to.deep.equal([{ score: 4 }]);
    });

    it('says so when the server refuses the signature', async () => {
      const r = await runCli(['call', '--digits', '1'], {
        env: { PUBLIC_BASE_URL: server.config.publicBaseUrl, TWILIO_AUTH_TOKEN: 'wrong-token-123' },
      });
      expect(r.code).to.equal(1);
      expect(r.stdout).to.include('the server refused the signature (403)');
    });
  });
});
