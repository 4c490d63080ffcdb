import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, parseConfig } from '../../src/config.js';
import { logFormat } from '../../src/log.js';
import { cliDatabaseUrl } from '../support/cli.js';
import { ACCOUNT_SID, AUTH_TOKEN, CENTRE_FLOWS, freePort } from '../support/server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Runs `npm start`'s program with stdout piped until it says it listens; returns what it printed. */
async function startupOutput(env: Record<string, string>): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-logs-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(await freePort()),
      DATABASE_URL: cliDatabaseUrl(),
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      FLOWS_DIR: CENTRE_FLOWS,
      SWITCHBOARD_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('Switchboard is listening')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`server exited (${code}) before it listened:\n${stderr}${stdout}`)));
    });
  } finally {
    child.kill('SIGTERM');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  }
  return stdout;
}

describe('log format (LOG_FORMAT)', () => {
  it('auto: readable lines at a terminal, JSON when stdout goes to a pipe or a log collector', () => {
    expect(logFormat('auto', true)).to.equal('pretty');
    expect(logFormat('auto', false)).to.equal('json');
  });

  it('json and pretty are kept whatever stdout is', () => {
    expect(logFormat('json', true)).to.equal('json');
    expect(logFormat('pretty', false)).to.equal('pretty');
  });

  it('is read from the environment, auto by default; a bad value names the variable and the choices', () => {
    expect(parseConfig({ TWILIO_AUTH_TOKEN: 'token-123456' }).logFormat).to.equal('auto');
    expect(parseConfig({ TWILIO_AUTH_TOKEN: 'token-123456', LOG_FORMAT: 'pretty' }).logFormat).to.equal('pretty');
    expect(parseConfig({ TWILIO_AUTH_TOKEN: 'token-123456', LOG_FORMAT: 'json' }).logFormat).to.equal('json');
    expect(() => parseConfig({ TWILIO_AUTH_TOKEN: 'token-123456', LOG_FORMAT: 'text' })).to.throw(
      ConfigError,
      'LOG_FORMAT: must be "json", "pretty" or "auto"',
    );
  });

  it('the server started with LOG_FORMAT=pretty logs readable lines, even into a pipe', async function () {
    this.timeout(60_000);
    const out = await startupOutput({ LOG_FORMAT: 'pretty' });
    const line = out.split('\n').find((l) => l.includes('Switchboard is listening'))!;
    expect(line).to.match(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO.*: Switchboard is listening /);
    expect(line, 'no colour codes into a pipe').not.to.include('\u001b[');
    expect(() => JSON.parse(line)).to.throw();
  });

  it('the server started with stdout into a pipe logs one JSON object a line', async function () {
    this.timeout(60_000);
    const out = await startupOutput({ LOG_FORMAT: 'auto' });
    const lines = out.trim().split('\n');
    const listening = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'Switchboard is listening');
    expect(listening).to.include({ level: 30, service: 'switchboard' });
    expect(listening.time).to.match(/^\d{4}-\d\d-\d\dT/);
  });
});
