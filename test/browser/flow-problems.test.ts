import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expectAccessible } from '../support/browser.js';
import { resetDatabase } from '../support/database.js';
import { pageInNewContext, signInThroughForm, withChromium } from '../support/pages.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { addSupervisorLogin, getJson, signIn } from '../support/web.js';

describe('dashboard: the problems of flow files that failed to load', function () {
  this.timeout(60_000);
  const browser = withChromium();
  let server: TestServer;
  let dir: string;
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

    const page = await pageInNewContext(browser());
    await signInThroughForm(page, `${server.url}/dashboard`, 'sam', { until: '#flow-problems:not(.hidden)' });
    const items = await page.$$eval('#flow-problems li', (els) => els.map((e) => e.textContent));
    expect(
      items.some((t) => /sales\.yaml:7:\d+ error: .*goodbye/.test(t ?? '')),
      items.join('\n'),
    ).to.equal(true);
    await expectAccessible(page, 'the dashboard with a broken flow’s problems');
    await page.context().close();
  });
});
