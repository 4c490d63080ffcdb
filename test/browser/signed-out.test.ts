import { addAgent } from '../support/agents.js';
import { expectAccessible } from '../support/browser.js';
import { testDatabase } from '../support/database.js';
import { pageInNewContext, signInThroughForm, withChromiumAnd } from '../support/pages.js';
import { startTestServer } from '../support/server.js';
import { giveLogin } from '../support/web.js';

describe('a page whose session ends elsewhere goes back to the sign-in form', function () {
  this.timeout(60_000);
  const [browser, server] = withChromiumAnd(() => startTestServer());

  it('the console shows the sign-in form when the agent\u2019s sessions are ended (e.g. a password change)', async () => {
    const agent = await addAgent({ name: 'Ana Ruiz', state: 'offline' });
    await giveLogin(agent.id, 'ana');
    const page = await pageInNewContext(browser());
    await signInThroughForm(page, `${server().url}/console`, 'ana', { until: '#console:not(.hidden)' });
    await page.waitForSelector('#live:not(.off)');
    await testDatabase().pool.query('DELETE FROM web_sessions');
    await page.waitForSelector('#login:not(.hidden)', { timeout: 5000 });
    await expectAccessible(page, 'signed out by the server');
    await page.context().close();
  });
});
