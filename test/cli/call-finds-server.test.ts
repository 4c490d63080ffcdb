import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../support/cli.js';
import { resetDatabase } from '../support/database.js';
import { staffOnBreak } from '../support/agents.js';
import { ACCOUNT_SID, AUTH_TOKEN, CENTRE_FLOWS, freePort, startTestServer, type TestServer } from '../support/server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MONDAY_10AM_NEW_YORK = () => Date.parse('2026-11-23T15:00:00Z');
const credentials = { TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT_SID };

describe('switchboard call finds the server, or says where it looked', function () {
  this.timeout(60_000);

  describe('against a server on another port, whose public URL is its localhost address', () => {
    let server: TestServer;
    let port: number;
    before(async () => {
      port = await freePort();
      server = await startTestServer({
        env: { PORT: String(port), PUBLIC_BASE_URL: `http://localhost:${port}` },
        now: MONDAY_10AM_NEW_YORK,
      });
    });
    after(() => server.close());
    beforeEach(async () => {
      await resetDatabase();
      await staffOnBreak();
    });

    it('--url alone: the call is signed for that URL, as the server expects', async () => {
      const r = await runCli(['call', '--digits', '1,0,hangup', '--url', `http://localhost:${port}`], {
        env: { ...credentials, PUBLIC_BASE_URL: undefined, PORT: undefined },
      });
      expect(r.stdout, r.stdout).to.include("⏳ in queue 'general'");
      expect(r.code, r.stdout).to.equal(0);
    });

    it('PORT alone, as the server was started with', async () => {
      const r = await runCli(['call', '--digits', '1,0,hangup'], {
        env: { ...credentials, PUBLIC_BASE_URL: undefined, PORT: String(port) },
      });
      expect(r.stdout, r.stdout).to.include("⏳ in queue 'general'");
      expect(r.code, r.stdout).to.equal(0);
    });
  });

  it('no server there: names the URL it tried and how to point it elsewhere', async () => {
    const port = await freePort();
    const r = await runCli(['call', '--digits', '1'], { env: { ...credentials, PUBLIC_BASE_URL: undefined, PORT: String(port) } });
    expect(r.code).to.equal(1);
    expect(r.stdout).to.include(`could not reach Switchboard at http://localhost:${port} (`);
    expect(r.stdout).to.include('--url http://host:port, or PORT / PUBLIC_BASE_URL');
    expect(r.stdout).not.to.include('11205');
  });
});

describe('switchboard <command> --help, and output piped into a reader that stops', function () {
  this.timeout(60_000);

  it("prints that command's help, not everything", async () => {
    const cases: [string[], string][] = [
      [['call', '--help'], 'switchboard call [--digits'],
      [['simulate', '-h'], 'switchboard simulate <flow>'],
      [['groups', 'add', '--help'], 'switchboard groups add|set <name>'],
      [['migrate', '--help'], 'switchboard migrate status'],
    ];
    for (const [args, usage] of cases) {
      const r = await runCli(args);
      expect(r, args.join(' ')).to.deep.include({ code: 0, stderr: '' });
      expect(r.stdout, args.join(' ')).to.match(new RegExp(`^  ${usage.replace(/[|[\]]/g, '\\$&')}`));
      expect(r.stdout, args.join(' ')).not.to.include('Managing the call centre');
    }
  });

  it('exits quietly when its reader has gone (| head)', async () => {
    // Scenarios print as they run: writes go on after the first one failed.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'test', '--flows', CENTRE_FLOWS], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader goes before the command writes a line: every write meets a closed pipe (EPIPE).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).to.equal('');
    expect(code).to.equal(0);
  });
});
