import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { addAgent } from '../support/agents.js';
import { expectAccessible } from '../support/browser.js';
import { testDatabase } from '../support/database.js';
import { pageInNewContext, signInThroughForm, withChromiumAnd } from '../support/pages.js';
import { dialCentre, startCentre, untilRinging } from '../support/routing.js';
import { giveLogin } from '../support/web.js';

// Issue 14 item 11: the console offers the centre's configured lists; notes typed during the call
// are carried into the wrap-up.
describe("agent console: the centre's break reasons and dispositions; notes during the call", function () {
  this.timeout(60_000);
  const [browser, centre] = withChromiumAnd(() => startCentre());
  let page: Page;
  afterEach(() => page?.context().close());

  it('offers the configured lists in order, and keeps the notes typed while talking', async () => {
    const db = testDatabase().pool;
    await db.query(`INSERT INTO break_reasons (name, label, position) VALUES ('coaching', 'Coaching session', 0)`);
    await db.query(`UPDATE break_reasons SET active = false WHERE name = 'coffee'`);
    await db.query(`INSERT INTO dispositions (name, label, position) VALUES ('sale', 'Sale made', 9)`);
    const agent = await addAgent({ name: 'Ana Ruiz', state: 'offline' });
    await giveLogin(agent.id, 'ana');
    page = await pageInNewContext(browser(), { viewport: { width: 1366, height: 900 } });
    await signInThroughForm(page, `${centre().server.url}/console`, 'ana');
    await page.waitForSelector('#break-reason option', { state: 'attached' });
    expect(await page.$$eval('#break-reason option', (els) => els.map((e) => e.textContent))).to.deep.equal([
      'Coaching session',
      'Lunch',
      'Training',
      'Meeting',
    ]);
    await page.click('#go-available');
    await page.waitForSelector('#state:text-is("available")');

    const call = await dialCentre(centre());
    await call.press('2');
    await call.press('1');
    await untilRinging(centre(), call);
    await call.agentAnswers({ press: '1' });
    await page.waitForSelector('#call-notes-row:not(.hidden)');
    await page.fill('#call-notes', 'Customer asks about the March invoice');
    await call.endBridge({ by: 'caller', seconds: 40 });
    await page.waitForSelector('#wrap-up:not(.hidden)');
    expect(await page.inputValue('#notes')).to.equal('Customer asks about the March invoice');
    expect(await page.$$eval('#disposition option', (els) => els.map((e) => e.textContent)).then((l) => l.at(-1))).to.equal('Sale made');
    await expectAccessible(page, 'wrap-up with the configured outcomes and the notes typed while talking');
    await page.selectOption('#disposition', 'sale');
    await page.click('#done-wrap-up');
    await page.waitForSelector('#state:text-is("available")');
    const { rows } = await db.query('SELECT disposition, notes FROM assignments WHERE agent_id = $1', [agent.id]);
    expect(rows).to.deep.equal([{ disposition: 'sale', notes: 'Customer asks about the March invoice' }]);
  });
});
