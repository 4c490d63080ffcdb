import type { Browser } from 'playwright-core';
import { addAgent } from '../support/agents.js';
import { expectAccessible, launchChromium } from '../support/browser.js';
import { resetDatabase, testDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { giveLogin, PASSWORD } from '../support/web.js';

describe('a page whose session ends elsewhere goes back to the sign-in form', function () {
  this.timeout(60_000);
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
    server = await startTestServer();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(resetDatabase);

  it('the console shows the sign-in form when the agent\u2019s sessions are ended (e.g. a password change)', async () => {
    const agent = await addAgent({ name: 'Ana Ruiz', state: 'offline' });
    await giveLogin(agent.id, 'ana');
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/console`);
    await page.fill('#username', 'ana');
    await page.fill('#password', PASSWORD);
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#console:not(.hidden)');
    await page.waitForSelector('#live:not(.off)');
    await testDatabase().pool.query('DELETE FROM web_sessions');
    await page.waitForSelector('#login:not(.hidden)', { timeout: 5000 });
    await expectAccessible(page, 'signed out by the server');
    await page.context().close();
  });
});
