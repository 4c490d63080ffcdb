import { expect } from 'chai';
import { mkdtemp, rename, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ReloadReport } from '../../src/flows/registry.js';
import { resetDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { placeCall } from '../support/twilio-driver.js';

// Flows of this test's own, edited on disk the way editors and tools save them; every step waits
// for the registry's reload event.
const MAIN_NUMBER = '+18005550111';
const SALES_NUMBER = '+18005550122';
const OTHER_NUMBER = '+18005550199';
const flowText = (id: string, number: string, greeting: string, isDefault: boolean) =>
  `flow: ${id}\nnumbers: ["${number}"]\n${isDefault ? 'default: true\n' : ''}start: hello\nsteps:\n  hello:\n    say: ${greeting}\n    next: hangup\n`;
const mainFlow = (greeting: string) => flowText('main', MAIN_NUMBER, greeting, true);
const salesFlow = (greeting: string) => flowText('sales', SALES_NUMBER, greeting, false);

describe('flow files saved the way editors save them (hot reload)', () => {
  let dir: string;
  let server: TestServer;
  const file = (name: string) => path.join(dir, name);

  async function start(env: Record<string, string> = {}) {
    server = await startTestServer({ flowsDir: dir, watchFlows: true, env });
  }
  /** Runs `edit` and waits for the reload it causes (and that satisfies `until`). */
  async function afterReload(edit: () => Promise<unknown>, until: (r: ReloadReport) => boolean = () => true): Promise<ReloadReport> {
    const reloaded = server.registry.nextReload(until);
    await edit();
    return reloaded;
  }
  async function heard(to: string): Promise<string> {
    return (await placeCall(server, { to })).lastHeard.join(' ');
  }

  beforeEach(async () => {
    await resetDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'editor-saves-'));
    await writeFile(file('main.yaml'), mainFlow('Hello from main.'));
    await writeFile(file('sales.yaml'), salesFlow('Hello from sales.'));
  });
  afterEach(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('an empty save (or the truncate of truncate-then-write) is a broken edit: the flow keeps serving, the error is reported', async () => {
    await start();
    const report = await afterReload(() => truncate(file('main.yaml')));
    expect(report).to.include({ result: 'errors' });
    expect(report.kept).to.deep.equal(['main']);
    expect(report.removed).to.deep.equal([]);
    expect(await heard(MAIN_NUMBER)).to.equal('Hello from main.');
    expect(await heard(OTHER_NUMBER), 'the default flow still answers other numbers').to.equal('Hello from main.');

    const written = await afterReload(() => writeFile(file('main.yaml'), mainFlow('Welcome back.')));
    expect(written).to.include({ result: 'ok' });
    expect(written.updated).to.deep.equal(['main']);
    expect(await heard(MAIN_NUMBER)).to.equal('Welcome back.');
  });

  it('a file whose flow id was deleted still holds its flow (a broken edit, not a removal)', async () => {
    await start();
    const noId = await afterReload(() => writeFile(file('sales.yaml'), salesFlow('Hello from sales.').replace('flow: sales\n', '')));
    expect(noId.kept).to.deep.equal(['sales']);
    expect(await heard(SALES_NUMBER)).to.equal('Hello from sales.');
  });

  it('a file replaced by rename (sed -i) is still watched: later in-place saves and broken edits are seen', async () => {
    await start();
    const renamed = await afterReload(async () => {
      await writeFile(file('.main.yaml.tmp'), mainFlow('Renamed in.'));
      await rename(file('.main.yaml.tmp'), file('main.yaml'));
    });
    expect(renamed.updated).to.deep.equal(['main']);
    expect(await heard(MAIN_NUMBER)).to.equal('Renamed in.');

    const inPlace = await afterReload(() => writeFile(file('main.yaml'), mainFlow('Saved in place.')));
    expect(inPlace.updated).to.deep.equal(['main']);
    expect(await heard(MAIN_NUMBER)).to.equal('Saved in place.');

    // A broken edit is reported by its own save, not only when another file changes.
    const broken = await afterReload(() => writeFile(file('main.yaml'), 'flow: main\nsteps: [unclosed\n'));
    expect(broken).to.include({ result: 'errors' });
    expect(broken.kept).to.deep.equal(['main']);
    expect(server.registry.lastLoad!.unreadable.has('main.yaml')).to.equal(true);
    expect(await heard(MAIN_NUMBER)).to.equal('Saved in place.');

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).to.match(/switchboard_flow_reloads_total\{result="errors"\} 1\b/);
    expect(metrics).to.match(/switchboard_flow_reloads_total\{result="ok"\} [3-9]\b/);
  });

  it('deleting a file and creating it again (and removing the only default flow briefly) takes nothing down', async () => {
    await start();
    const gone = await afterReload(
      () => unlink(file('main.yaml')),
      (r) => r.missing.includes('main'),
    );
    expect(gone.removed).to.deep.equal([]);
    expect(await heard(MAIN_NUMBER)).to.equal('Hello from main.');
    expect(await heard(OTHER_NUMBER)).to.equal('Hello from main.');

    const back = await afterReload(
      () => writeFile(file('main.yaml'), mainFlow('Hello again.')),
      (r) => r.updated.includes('main'),
    );
    expect(back.missing).to.deep.equal([]);
    expect(await heard(MAIN_NUMBER)).to.equal('Hello again.');
  });

  it('a flow moved to a new file under a new id takes its numbers at once, while the old one waits out its grace period', async () => {
    await start();
    const moved = await afterReload(
      async () => {
        await unlink(file('sales.yaml'));
        await writeFile(file('sales-2027.yaml'), flowText('sales-2027', SALES_NUMBER, 'Hello from the new sales line.', false));
      },
      (r) => r.loaded.includes('sales-2027'),
    );
    expect(moved.missing).to.deep.equal(['sales']);
    expect(await heard(SALES_NUMBER)).to.equal('Hello from the new sales line.');
  });

  it('a flow whose file stays gone for the grace period is retired; the default keeps answering until another default loads', async () => {
    await start({ FLOW_REMOVAL_GRACE_SECONDS: '0.3' });
    const removed = server.registry.nextReload((r) => r.removed.length === 2);
    await unlink(file('sales.yaml'));
    await unlink(file('main.yaml'));
    const report = await removed;
    expect(report.removed.sort()).to.deep.equal(['main', 'sales']);
    expect(report.trigger).to.equal('removal grace period over');
    expect(server.registry.currentVersions()).to.deep.equal([]);
    // Sales' number is no longer claimed, so it reaches the last default flow, like any other number.
    expect(await heard(SALES_NUMBER)).to.equal('Hello from main.');
    expect(await heard(OTHER_NUMBER)).to.equal('Hello from main.');

    await afterReload(
      () => writeFile(file('other.yaml'), flowText('other', '+18005550133', 'The new default.', true)),
      (r) => r.loaded.includes('other'),
    );
    expect(await heard(OTHER_NUMBER)).to.equal('The new default.');
  });
});
