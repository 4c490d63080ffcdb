import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { addAgent } from '../support/agents.js';
import { expectAccessible } from '../support/browser.js';
import { pageInNewContext, signInThroughForm, withChromiumAnd } from '../support/pages.js';
import { startCentre } from '../support/routing.js';
import { INBOX_FLOWS, leaveVoicemail } from '../support/voicemails.js';
import { addSupervisorLogin, getJson, giveLogin, signIn } from '../support/web.js';

/** How far a page overflows its 390 px viewport sideways (0: no horizontal scrolling). */
const overflow = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';

describe('the supervisors’ pages and the wallboard at phone width (390 px): no horizontal scrolling', function () {
  this.timeout(90_000);
  const [browser, centre] = withChromiumAnd(() => startCentre({ flowsDir: INBOX_FLOWS }), { resetDatabase: 'once' });
  before(async () => {
    await addSupervisorLogin('sam');
    const ana = await addAgent({ name: 'Ana Ruiz-Montgomery de la Fuente', state: 'offline' });
    await giveLogin(ana.id, 'ana');
    // Real rows in every table: messages (one assigned to Ana), and the calls that left them.
    for (let i = 0; i < 3; i++) await leaveVoicemail(centre(), { from: `+1555000111${i}`, seconds: 30 + i });
    const supervisor = (await signIn(centre().server.url, 'sam', 'supervisor')).cookie!;
    const { body } = await getJson(`${centre().server.url}/api/voicemails`, supervisor);
    await getJson(`${centre().server.url}/api/voicemails/${body.voicemails[0].id}/assignee`, supervisor, {
      method: 'PUT',
      body: JSON.stringify({ agentId: ana.id }),
    });
  });

  // A phone: each page in its own context (no session carried over).
  const phone = (): Promise<Page> =>
    pageInNewContext(browser(), { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });

  async function signedIn(username: string, path: string) {
    const page = await phone();
    await signInThroughForm(page, `${centre().server.url}${path}`, username, {
      signedOut: () => expectAccessible(page, `${path} signed out at phone width`),
    });
    return page;
  }

  for (const [path, ready] of [
    ['/reports', '#rows tbody tr td[data-kpi]'],
    ['/voicemails', '#voicemails tbody tr[data-voicemail]'],
    ['/flows', '#diagram svg'],
  ] as const) {
    it(`${path} fits, its tables stacked one card per row`, async () => {
      const page = await signedIn('sam', path);
      await page.waitForSelector(ready);
      expect(await page.evaluate(overflow)).to.equal(0);
      // The stacked tables hide their heads and label each cell instead.
      expect(await page.evaluate("getComputedStyle(document.querySelector('table.stack thead')).display")).to.equal('none');
      await expectAccessible(page, `${path} at phone width`);
      await page.context().close();
    });
  }

  it('/voicemails fits with a message playing (the player in its cell)', async () => {
    const page = await signedIn('sam', '/voicemails');
    await page.waitForSelector('#voicemails .play');
    await page.click('#voicemails .play');
    await page.waitForSelector('#voicemails audio');
    expect(await page.evaluate(overflow)).to.equal(0);
    await expectAccessible(page, 'a message playing at phone width');
    await page.context().close();
  });

  it('the console’s voicemails fit', async () => {
    const page = await signedIn('ana', '/console');
    await page.waitForSelector('#voicemails tbody tr[data-voicemail]');
    expect(await page.evaluate(overflow)).to.equal(0);
    await expectAccessible(page, 'the console at phone width');
    await page.context().close();
  });

  it('/wallboard fits', async () => {
    const supervisor = (await signIn(centre().server.url, 'sam', 'supervisor')).cookie!;
    const { body } = await getJson(`${centre().server.url}/api/wallboard-tokens`, supervisor, {
      method: 'POST',
      body: JSON.stringify({ name: 'phone' }),
    });
    const page = await phone();
    await page.goto(body.url);
    await page.waitForSelector('.queue[data-group]');
    expect(await page.evaluate(overflow)).to.equal(0);
    await expectAccessible(page, 'the wallboard at phone width');
    await page.context().close();
  });
});
