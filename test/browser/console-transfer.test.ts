import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { addAgent, agentRow, configureGroup } from '../support/agents.js';
import { seriousA11yViolations } from '../support/browser.js';
import { testDatabase } from '../support/database.js';
import { pageInNewContext, signInThroughForm, withChromiumAnd } from '../support/pages.js';
import { callerRinging, startCentre } from '../support/routing.js';
import { giveLogin } from '../support/web.js';

// Issue 14 item 12: the call card's blind transfer, to another group or an allowed number.
describe('agent console: blind transfer from the call card', function () {
  this.timeout(60_000);
  const [browser, centre] = withChromiumAnd(() => startCentre({ env: { TRANSFER_NUMBERS: '+1800*' } }));
  let page: Page;
  afterEach(() => page?.context().close());

  it('offers the groups while talking, refuses a number the centre does not allow in words, and transfers after a confirmation', async () => {
    const db = testDatabase().pool;
    await configureGroup('general');
    await configureGroup('sales', {}, { sales: 1 });
    const agent = await addAgent({ name: 'Ana Ruiz' });
    // Sales is staffed (Ben is on a break), so a caller sent there waits in its queue.
    await addAgent({ name: 'Ben', skills: { sales: 2 }, state: 'break' });
    await giveLogin(agent.id, 'ana');
    page = await pageInNewContext(browser(), { viewport: { width: 1366, height: 900 } });
    await signInThroughForm(page, `${centre().server.url}/console`, 'ana', { until: '#state:text-is("available")' });
    expect(await page.isVisible('#transfer')).to.equal(false);

    const call = await callerRinging(centre());
    await call.agentAnswers({ press: '1' });
    await page.waitForSelector('#transfer:not(.hidden)');
    const options = await page.$$eval('#transfer-group option', (els) =>
      els.map((e) => [e.textContent, (e as unknown as { disabled: boolean }).disabled]),
    );
    expect(options).to.deep.include.members([
      ['general', true], // the caller's own group
      ['sales', false],
    ]);
    expect(await seriousA11yViolations(page), 'talking, with the transfer control').to.deep.equal([]);

    // Nothing chosen, then a number the centre does not allow: said in words, nothing transferred.
    await page.click('#transfer-go');
    expect(await page.textContent('#transfer-error')).to.equal('Choose a group or type a number to transfer to.');
    await page.fill('#transfer-number', '+15559990000');
    await page.click('#transfer-go');
    expect(await page.textContent('#transfer-question')).to.equal('Transfer the caller to +15559990000? Your part of the call ends.');
    await page.click('#transfer-yes');
    await page.waitForSelector(
      '#transfer-error:text-is("Not transferred: number: +15559990000 is not a number this centre allows transfers to")',
    );
    expect(call.waiting).to.equal('bridged');

    // A group, confirmed: the caller goes to the sales queue and the agent to wrap-up.
    await page.fill('#transfer-number', '');
    await page.selectOption('#transfer-group', 'sales');
    await page.click('#transfer-go');
    await page.waitForSelector('#transfer-confirm:not(.hidden)');
    expect(await page.textContent('#transfer-question')).to.equal('Transfer the caller to the sales queue? Your part of the call ends.');
    expect(await seriousA11yViolations(page), 'confirming a transfer').to.deep.equal([]);
    await page.click('#transfer-no');
    expect(await page.isVisible('#transfer-confirm')).to.equal(false);
    await page.click('#transfer-go');
    await page.click('#transfer-yes');
    await page.waitForSelector('#wrap-up:not(.hidden)');
    expect(await page.isVisible('#transfer')).to.equal(false);
    await centre().twilio.until(() => call.waiting === 'queue');
    expect((await agentRow(agent.id)).state).to.equal('wrap-up');
    const { rows } = await db.query(`SELECT group_name, state FROM queue_entries ORDER BY id`);
    expect(rows).to.deep.equal([
      { group_name: 'general', state: 'overflowed' },
      { group_name: 'sales', state: 'waiting' },
    ]);
  });
});
