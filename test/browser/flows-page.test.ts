import { expect } from 'chai';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { staffOnBreak } from '../support/agents.js';
import { expectAccessible, watchCsp } from '../support/browser.js';
import { resetDatabase } from '../support/database.js';
import { pageInNewContext, signInThroughForm, withChromium } from '../support/pages.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { placeCall } from '../support/twilio-driver.js';
import { addSupervisorLogin } from '../support/web.js';

// SAVE_SCREENSHOTS=1 (npm run screenshots) refreshes the pictures in docs/screenshots.
const SHOTS = process.env.SAVE_SCREENSHOTS ? path.resolve(import.meta.dirname, '../../docs/screenshots') : undefined;

const SELF_SERVICE = path.resolve(import.meta.dirname, '../fixtures/flows/self-service/self-service.yaml');

describe('flows page: version history, problems of a broken flow, and the diagram with what callers did', function () {
  this.timeout(90_000);
  const browser = withChromium();
  let server: TestServer;
  let dir: string;
  beforeEach(async () => {
    await resetDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'flows-page-'));
    await copyFile(SELF_SERVICE, path.join(dir, 'self-service.yaml'));
    server = await startTestServer({ flowsDir: dir, env: { CENTRE_TIMEZONE: 'UTC' } });
    await addSupervisorLogin('sam');
    await staffOnBreak();
  });
  afterEach(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function signIn(): Promise<{ page: Page; csp: string[] }> {
    const page = await pageInNewContext(browser(), { viewport: { width: 1400, height: 1000 } });
    const csp = await watchCsp(page);
    await signInThroughForm(page, `${server.url}/flows`, 'sam', {
      signedOut: async () => {
        await page.waitForSelector('#login:not(.hidden)');
        await expectAccessible(page, 'signed out');
      },
    });
    return { page, csp };
  }

  /**
   * Known paths through the self-service menu: 3 press 1 (opening hours, then the flow hangs up);
   * 1 presses 2 (billing) and 1 presses 0 (operator), both hanging up in the queue; 1 is silent
   * twice (the menu sends them to the operator) and hangs up there; 1 hangs up in the menu.
   */
  async function knownPaths(): Promise<void> {
    for (let i = 0; i < 3; i++) await (await placeCall(server)).press('1');
    const billing = await placeCall(server);
    await billing.press('2');
    const operator = await placeCall(server);
    await operator.press('0');
    const silent = await placeCall(server);
    await silent.silence();
    await silent.silence();
    for (const c of [billing, operator, silent]) {
      expect(c.waiting, c.transcript).to.equal('queue');
      await c.hangUp();
    }
    await (await placeCall(server)).hangUp();
  }

  it('draws the count on each arrow and colours the steps where callers hung up or failed, as the known paths say', async () => {
    await knownPaths();
    const { page, csp } = await signIn();
    await page.waitForSelector('#diagram svg');
    const edges = await page.$$eval('#edges tbody tr', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-from'), tr.getAttribute('data-to'), Number(tr.querySelector('td.num')?.textContent)]),
    );
    expect(edges).to.deep.equal([
      ['$start', 'main-menu', 7],
      ['billing', 'hangup', 1],
      ['main-menu', 'billing', 1],
      ['main-menu', 'opening-hours', 3],
      ['main-menu', 'operator', 2],
      ['opening-hours', 'hangup', 3],
      ['operator', 'hangup', 2],
    ]);
    const steps = await page.$$eval('#steps tbody tr', (trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-step'),
        tr.className,
        ...[...tr.querySelectorAll('td.num')].map((td) => Number(td.textContent)),
      ]),
    );
    expect(steps).to.deep.equal([
      // entered, hung up, failed input (no input twice)
      ['main-menu', 'step-gave-up', 7, 1, 2],
      ['opening-hours', '', 3, 0, 0],
      ['billing', 'step-gave-up', 1, 1, 0],
      ['operator', 'step-gave-up', 2, 2, 0],
    ]);
    // The drawn diagram carries the same counts on its arrows, and the colour on those steps.
    const labels = await page.$$eval('#diagram svg g.edgeLabel', (els) => els.map((e) => e.textContent?.trim()).filter(Boolean));
    expect([...new Set(labels)].sort()).to.deep.equal(
      ['7', 'key 1 · 3', 'key 2 · 1', 'key 0 / no input / invalid · 2', '3', 'then / failure · 1', 'then / failure · 2'].sort(),
    );
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'flows.png'), fullPage: true });
    const marked = await page.$$eval('#diagram svg g.node.gaveup', (els) => els.map((e) => e.textContent?.trim() ?? ''));
    const named = (text: string) => ['billing', 'main-menu', 'opening-hours', 'operator'].find((step) => text.startsWith(step));
    expect(marked.map(named).sort()).to.deep.equal(['billing', 'main-menu', 'operator']);
    expect(marked.find((t) => t.startsWith('main-menu'))).to.include('7 in, 1 hung up, 2 failed input');
    await expectAccessible(page, 'the diagram with its counts, the steps and arrows tables');
    expect(csp).to.deep.equal([]);
    await page.context().close();
  });

  it('lists each version with its files, and the problems of a flow that failed to load at file:line:column', async () => {
    await knownPaths();
    const firstVersion = server.registry.currentVersions()[0].hash;
    const source = await readFile(path.join(dir, 'self-service.yaml'), 'utf8');
    await writeFile(path.join(dir, 'self-service.yaml'), source.replace('Goodbye.', 'Have a good day.'));
    await writeFile(
      path.join(dir, 'sales.yaml'),
      'flow: sales\nnumbers: ["+18005550122"]\nstart: hello\nsteps:\n  hello:\n    say: Hello.\n    next: goodbye\n',
    );
    await server.registry.reload('test');
    const secondVersion = server.registry.currentVersions()[0].hash;
    expect(secondVersion).not.to.equal(firstVersion);

    const { page, csp } = await signIn();
    await page.waitForSelector('#problems-card:not(.hidden)');
    const problems = await page.$$eval('#problems li', (lis) => lis.map((li) => li.textContent ?? ''));
    expect(
      problems.some((p) => /sales\.yaml:7:\d+: error: .*goodbye/.test(p)),
      problems.join('\n'),
    ).to.equal(true);

    await page.waitForSelector('#versions tbody tr[data-version]');
    const versions = await page.$$eval('#versions tbody tr', (trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-version'),
        tr.querySelector('td[data-label=Files]')?.textContent?.trim(),
        !!tr.querySelector('.badge'),
      ]),
    );
    expect(versions).to.deep.equal([
      [secondVersion, 'self-service.yaml', true],
      [firstVersion, 'self-service.yaml', false],
    ]);
    await expectAccessible(page, 'the history and a broken flow’s problems');
    // The version now serving has taken no call; the first has the known paths.
    await page.waitForSelector(`#diagram[data-version="${secondVersion}"]`);
    expect(await page.textContent('#edges tbody')).to.include('No calls took this version in the range.');
    await page.click(`#versions tr[data-version="${firstVersion}"] .show-version`);
    await page.waitForSelector(`#diagram[data-version="${firstVersion}"]`);
    expect(await page.textContent('#edges tr[data-from="main-menu"][data-to="opening-hours"] td.num')).to.equal('3');
    await expectAccessible(page, 'an earlier version shown');
    expect(csp).to.deep.equal([]);
    await page.context().close();
  });
});
