import { expect } from 'chai';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TwilioCall } from '../../src/emulator/twilio-call.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { ACCOUNT_SID, AUTH_TOKEN, CENTRE_FLOWS, freePort, startTestServer, type TestServer } from '../support/server.js';
import { placeCall } from '../support/twilio-driver.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

async function copyOfFlows(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flows-'));
  await cp(CENTRE_FLOWS, dir, { recursive: true });
  return dir;
}

async function edit(dir: string, from: string, to: string): Promise<void> {
  const file = path.join(dir, 'acme-support.yaml');
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`"${from}" is not in the flow`);
  await writeFile(file, text.replace(from, to));
}

describe('flow versions: live edits, pinned calls, any instance', () => {
  let dir: string;
  let server: TestServer;
  beforeEach(async () => {
    await resetDatabase();
    dir = await copyOfFlows();
    server = await startTestServer({ flowsDir: dir, watchFlows: true, now: () => MONDAY_10AM });
  });
  afterEach(() => server.close());

  const currentHash = () => server.registry.forNumber('+18005550100')!.hash;

  it('a valid edit is picked up without a restart; calls already running stay on their version', async () => {
    const before = currentHash();
    const early = await placeCall(server);
    const reloaded = server.registry.nextReload(() => currentHash() !== before);
    await edit(dir, 'For billing, press 1.', 'For bills and payments, press 1.');
    await reloaded;

    const late = await placeCall(server);
    await late.press('1');
    late.expectHeard('For bills and payments, press 1.');

    await early.press('1');
    early.expectHeard('For billing, press 1.');
    const versions = await testDatabase().pool.query('SELECT call_sid, flow_hash FROM calls ORDER BY started_at');
    expect(versions.rows.map((r) => r.flow_hash)).to.deep.equal([before, currentHash()]);
  });

  it('an invalid edit is not loaded: the previous version keeps serving', async () => {
    const before = currentHash();
    const reloaded = server.registry.nextReload();
    await edit(dir, '"1": { goto: billing,', '"1": { goto: bililng,');
    await reloaded;
    expect(server.registry.lastLoad!.diagnostics.map((d) => d.message)).to.include(
      "there is no step named 'bililng' (did you mean 'billing'?); name a step of this flow or 'hangup'",
    );
    expect(currentHash()).to.equal(before);
    const call = await placeCall(server);
    await call.press('1');
    call.expectHeard('For billing, press 1.');
  });

  it('a broken YAML edit is not loaded either', async () => {
    const before = currentHash();
    const reloaded = server.registry.nextReload();
    await writeFile(path.join(dir, 'acme-support.yaml'), 'flow: acme-support\nsteps: [unclosed\n');
    await reloaded;
    expect([...server.registry.lastLoad!.unreadable]).to.deep.equal(['acme-support.yaml']);
    expect(currentHash()).to.equal(before);
    expect((await placeCall(server)).lastHeard).to.include('Thank you for calling Acme.');
  });

  it('another instance whose flow files have already changed continues a call on its original version', async () => {
    const newer = await copyOfFlows();
    await edit(newer, 'For billing, press 1.', 'Press 1 for billing.');
    const port = await freePort();
    const other = await startTestServer({
      flowsDir: newer,
      now: () => MONDAY_10AM,
      env: { PUBLIC_BASE_URL: server.config.publicBaseUrl, PORT: String(port) },
    });
    try {
      // The call starts on the first instance; Twilio's next webhook lands on the other one.
      let instance = server.url;
      const call = await TwilioCall.dial({
        baseUrl: server.config.publicBaseUrl,
        transportUrl: (url) => instance + new URL(url).pathname + new URL(url).search,
        authToken: AUTH_TOKEN,
        accountSid: ACCOUNT_SID,
        from: '+15551230000',
        to: '+18005550100',
      });
      instance = other.url;
      await call.press('1');
      expect(call.faults).to.deep.equal([]);
      expect(call.lastHeard.join(' ')).to.include('For billing, press 1.');
      // A new call on the other instance gets its newer version.
      const fresh = await TwilioCall.dial({
        baseUrl: server.config.publicBaseUrl,
        transportUrl: other.url,
        authToken: AUTH_TOKEN,
        accountSid: ACCOUNT_SID,
        from: '+15551230000',
        to: '+18005550100',
      });
      await fresh.press('1');
      expect(fresh.lastHeard.join(' ')).to.include('Press 1 for billing.');
    } finally {
      await other.close();
    }
  });
});
