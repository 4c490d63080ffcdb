import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cliDatabaseUrl, runCli } from '../support/cli.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { MainProcess } from '../support/main-process.js';

// The one test that runs the shipped demo flow: the README's quick start, as a new user follows it.
const SHIPPED_FLOWS = path.resolve(import.meta.dirname, '../../flows');

describe('the quick start at 3 AM New York time on a weekday (npm start, then the call it suggests)', function () {
  this.timeout(120_000);
  let dir: string;
  let main: MainProcess | undefined;
  beforeEach(async () => {
    await resetDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'demo-any-hour-'));
  });
  afterEach(async () => {
    await main?.kill();
    main = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('routes the call to a demo agent, who takes it; the survey answer is saved', async () => {
    const dataDir = path.join(dir, 'data');
    // The local demo (no Twilio account): generated token, sample agents, Twilio's REST API played by the server.
    main = await MainProcess.start(dir, {
      TWILIO_AUTH_TOKEN: undefined,
      TWILIO_ACCOUNT_SID: undefined,
      DATABASE_URL: cliDatabaseUrl(),
      FLOWS_DIR: SHIPPED_FLOWS,
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_CLOCK: '2026-11-24T03:00:00-05:00', // a Tuesday
    });
    const warning = main.logs.find((l) => l.clock === '2026-11-24T03:00:00-05:00');
    expect(warning?.msg).to.match(/SWITCHBOARD_CLOCK is set: calls are answered as if it were 2026-11-24T03:00:00-05:00/);

    // The banner's own "try a call" line, run as printed (it names this server, on its own port).
    const [, suggested] = await main.stderrMatch(/Try a call: +npx switchboard (.+)\n/);
    expect(suggested).to.equal(`call --digits 1,1,a,done,5 --url ${main.publicBaseUrl}`);
    const r = await runCli(suggested.split(' '), {
      env: {
        SWITCHBOARD_DATA_DIR: dataDir,
        TWILIO_AUTH_TOKEN: undefined,
        TWILIO_ACCOUNT_SID: undefined,
        PUBLIC_BASE_URL: undefined,
        PORT: undefined,
      },
    });
    expect(r.stdout, r.stdout).to.include("⏳ in queue 'billing'");
    expect(r.stdout).to.include('an agent is free: Switchboard redirects your call to ring them');
    expect(r.stdout).to.include('👤 the agent answers and presses 1');
    expect(r.stdout).to.include('🔊 Thank you. Goodbye.');
    expect(r.stdout).not.to.include('closed');
    expect(r.stdout).not.to.include('not used');
    expect(r.code, r.stdout).to.equal(0);
    // Answered by one of the demo's billing agents: the one whose console pops the call.
    const { rows } = await testDatabase().pool.query(
      `SELECT a.name, s.answered_at IS NOT NULL AS answered FROM assignments s JOIN agents a ON a.id = s.agent_id`,
    );
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ answered: true });
    expect((await testDatabase().pool.query('SELECT score FROM survey_responses')).rows).to.deep.equal([{ score: 5 }]);
  });
});
