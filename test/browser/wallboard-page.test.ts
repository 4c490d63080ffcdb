import { expect } from 'chai';
import path from 'node:path';
import { staffOnBreak } from '../support/agents.js';
import { expectAccessible, watchCsp } from '../support/browser.js';
import { pageInNewContext, withChromiumAnd } from '../support/pages.js';
import { startTestServer } from '../support/server.js';
import { placeCall } from '../support/twilio-driver.js';
import { addSupervisorLogin, getJson, signIn } from '../support/web.js';

// SAVE_SCREENSHOTS=1 (npm run screenshots) refreshes the pictures in docs/screenshots.
const SHOTS = process.env.SAVE_SCREENSHOTS ? path.resolve(import.meta.dirname, '../../docs/screenshots') : undefined;

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

describe('wallboard page: opened with its token, live, and refused once the token is revoked', function () {
  this.timeout(60_000);
  const [browser, server] = withChromiumAnd(() => startTestServer({ now: () => MONDAY_10AM }));
  let supervisor: string;
  beforeEach(async () => {
    await addSupervisorLogin('sam');
    supervisor = (await signIn(server().url, 'sam', 'supervisor')).cookie!;
    await staffOnBreak();
  });

  const newToken = async () =>
    (await getJson(`${server().url}/api/wallboard-tokens`, supervisor, { method: 'POST', body: JSON.stringify({ name: 'floor TV' }) }))
      .body;

  it('opens from its link, keeps working after a reload without it, and shows a caller joining a queue as it happens', async () => {
    const { id, url } = await newToken();
    const page = await pageInNewContext(browser(), { viewport: { width: 1920, height: 1080 } });
    const csp = await watchCsp(page);
    await page.goto(url);
    const sales = page.locator('.queue[data-group="sales"]');
    await sales.waitFor();
    expect(await sales.locator('.waiting .value').textContent()).to.equal('0');
    expect(await sales.locator('.sl .label').textContent()).to.include('target 80% in 20s');
    // The token left the address bar (and the history) once traded for the cookie.
    expect(page.url()).to.equal(`${server().url}/wallboard`);
    await page.reload();
    await sales.waitFor();
    // Wait for the stream to be open before the change, then for the change itself.
    await page.waitForSelector('#live:not(.off)');
    const call = await placeCall(server());
    await call.press('1');
    await call.press('3');
    await page.waitForSelector('.queue[data-group="sales"] .waiting .value:text-is("1")');
    // The longest wait shows (from 0:00) and runs on between snapshots.
    expect(await page.textContent('.queue[data-group="sales"] .longest .value')).to.match(/^0:0\d$/);
    expect(await page.textContent('.queue[data-group="billing"] .longest .value')).to.equal('—');
    expect(await page.textContent('body')).not.to.include('+1555'); // no caller numbers on the floor
    await expectAccessible(page, 'a caller waiting');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'wallboard.png') });

    await getJson(`${server().url}/api/wallboard-tokens/${id}`, supervisor, { method: 'DELETE' });
    await page.waitForSelector('#refused:not(.hidden)');
    expect(await page.textContent('#refused')).to.include('this wallboard token has been revoked');
    expect(await page.locator('.queue').count()).to.equal(0);
    expect(await page.textContent('#live-word'), 'said in words, not by colour alone').to.equal('not connected');
    await expectAccessible(page, 'its token revoked');
    expect(csp).to.deep.equal([]);
    await page.context().close();
  });

  it('refuses without a token, and with a revoked one', async () => {
    const bare = await pageInNewContext(browser());
    await bare.goto(`${server().url}/wallboard`);
    await bare.waitForSelector('#refused:not(.hidden)');
    expect(await bare.textContent('#refused')).to.include('the wallboard needs its token');
    await expectAccessible(bare, 'without a token');
    await bare.context().close();

    const { id, url } = await newToken();
    await getJson(`${server().url}/api/wallboard-tokens/${id}`, supervisor, { method: 'DELETE' });
    const revoked = await browser().newPage();
    await revoked.goto(url);
    await revoked.waitForSelector('#refused:not(.hidden)');
    expect(await revoked.textContent('#refused')).to.include('this wallboard token has been revoked');
    expect(await revoked.locator('.queue').count()).to.equal(0);
    await revoked.close();
  });
});
