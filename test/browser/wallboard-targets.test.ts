import { expect } from 'chai';
import { expectAccessible, watchCsp } from '../support/browser.js';
import { pageInNewContext, withChromiumAnd } from '../support/pages.js';
import { startTestServer } from '../support/server.js';
import { answeredToday, middayZone } from '../support/targets-fixtures.js';
import { addSupervisorLogin, getJson, signIn } from '../support/web.js';

// The wallboard's dark theme with every target state on show: each tile says met, close or missed
// in words beside its colour, and axe-core finds nothing serious on a TV or a phone.
describe('wallboard: queues met, close and missed against their targets, in words and colour, accessible', function () {
  this.timeout(60_000);
  const [browser, server] = withChromiumAnd(() => startTestServer({ env: { CENTRE_TIMEZONE: middayZone() } }), { resetDatabase: 'once' });

  it('shows each state on a TV and on a phone', async () => {
    await addSupervisorLogin('sam');
    await answeredToday('billing', [60, 90, 5]); // 1 of 3 within 20 s: missed
    await answeredToday('general', [5, 5, 5, 5, 25]); // 80 % against 80 %: met
    await answeredToday('sales', [10, 10, 10, 98]); // 75 %: close
    const supervisor = (await signIn(server().url, 'sam', 'supervisor')).cookie!;
    const { body } = await getJson(`${server().url}/api/wallboard-tokens`, supervisor, {
      method: 'POST',
      body: JSON.stringify({ name: 'floor TV' }),
    });
    const page = await pageInNewContext(browser(), { viewport: { width: 1920, height: 1080 } });
    const csp = await watchCsp(page);
    await page.goto(body.url);
    await page.waitForSelector('#live:not(.off)');
    const tile = (group: string) => page.locator(`.queue[data-group="${group}"]`);
    await tile('billing').waitFor();
    expect(await tile('billing').getAttribute('class')).to.include('missed');
    expect(await tile('general').getAttribute('class')).to.include('met');
    expect(await tile('sales').getAttribute('class')).to.include('close');
    // Words as well as colour.
    expect(await tile('billing').locator('.sl .label').textContent()).to.include('below target');
    expect(await tile('general').locator('.sl .label').textContent()).to.include('on target');
    expect(await tile('sales').locator('.sl .label').textContent()).to.include('close to target');
    await expectAccessible(page, 'the wallboard on a TV, met, close and missed');

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).to.be.at.most(390);
    await expectAccessible(page, 'the wallboard on a phone, met, close and missed');
    expect(csp).to.deep.equal([]);
    await page.context().close();
  });
});
