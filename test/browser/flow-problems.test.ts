import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { expectAccessible, launchChromium } from '../support/browser.js';
import { resetDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { addSupervisorLogin, getJson, PASSWORD, signIn } from '../support/web.js';

describe('dashboard: the problems of flow files that failed to load', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: TestServer;
  let dir: string;
  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser?.close());
  beforeEach(async () => {
    await resetDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'flow-problems-'));
    await writeFile(
      path.join(dir, 'main.yaml'),
      'flow: main\nnumbers: ["+18005550111"]\ndefault: true\nstart: hello\nsteps:\n  hello:\n    say: Hello.\n    next: hangup\n',
    );
    await writeFile(
      path.join(dir, 'sales.yaml'),
      'flow: sales\nnumbers: ["+18005550122"]\nstart: hello\nsteps:\n  hello:\n    say: Hello.\n    next: goodbye\n',
    );
    server = await startTestServer({ flowsDir: dir, watchFlows: true });
    await addSupervisorLogin('sam');
  });
  afterEach(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists each problem at file:line; the API has them too', async () => {
    const { cookie } = await signIn(server.url, 'sam', 'supervisor');
    const { body } = await getJson(`${server.url}/api/flows/problems`, cookie);
    expect(
      body.problems.map((p: { file: string; line: number; severity: string }) => [path.basename(p.file), p.line, p.severity]),
    ).to.deep.include(['sales.yaml', 7, 'error']);

    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/dashboard`);
    await page.fill('#username', 'sam');
    await page.fill('#password', PASSWORD);
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#flow-problems:not(.hidden)');
    const items = await page.$$eval('#flow-problems li', (els) => els.map((e) => e.textContent));
    expect(
      items.some((t) => /sales\.yaml:7:\d+ error: .*goodbye/.test(t ?? '')),
      items.join('\n'),
    ).to.equal(true);
    await expectAccessible(page, 'the dashboard with a broken flow’s problems');
    await page.context().close();
  });
});
