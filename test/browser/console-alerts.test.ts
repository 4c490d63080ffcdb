import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { addAgent } from '../support/agents.js';
import { seriousA11yViolations } from '../support/browser.js';
import { pageInNewContext, signInThroughForm, withChromiumAnd } from '../support/pages.js';
import { dialCentre, startCentre, untilRinging } from '../support/routing.js';
import { TcpRelay } from '../support/tcp-relay.js';
import { giveLogin } from '../support/web.js';

// Records, inside the page, each browser notification shown and each ring tone started, and makes
// the page look unfocused (notifications are for an agent looking at another window). A string, not
// a function: tsx would add helpers to a function that do not exist in the page.
const RECORD_ALERTS = `
  window.__notifications = [];
  window.__tones = 0;
  const Real = window.Notification;
  window.Notification = function (title, opts) {
    window.__notifications.push(title);
    return new Real(title, opts);
  };
  window.Notification.requestPermission = Real.requestPermission.bind(Real);
  Object.defineProperty(window.Notification, 'permission', { get: () => Real.permission });
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) {
    window.__tones++;
    return start.apply(this, args);
  };
  document.hasFocus = () => false;
`;

describe('agent console: an incoming call is impossible to miss; a lost server is said in words', function () {
  this.timeout(60_000);
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  // The page reaches the server through a relay the test can cut, as a network or server outage would.
  let relay: TcpRelay;
  const [browser, centre] = withChromiumAnd(async () => {
    relay = await new TcpRelay().start();
    const c = await startCentre({ publicBaseUrl: `http://127.0.0.1:${relay.port}` });
    relay.target = { host: '127.0.0.1', port: Number(new URL(c.server.url).port) };
    return c;
  });
  after(() => relay?.close());
  beforeEach(async () => {
    const agent = await addAgent({ name: 'Ana Ruiz', state: 'offline' });
    await giveLogin(agent.id, 'ana');
    page = await pageInNewContext(browser(), { viewport: { width: 1366, height: 768 } });
    context = page.context();
    const { publicBaseUrl } = centre().server.config;
    await context.grantPermissions(['notifications'], { origin: publicBaseUrl });
    pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.addInitScript(RECORD_ALERTS);
    await signInThroughForm(page, `${publicBaseUrl}/console`, 'ana', { until: '#console:not(.hidden)' });
    await page.click('#go-available'); // the agent's click also allows the ring tone
    await page.waitForSelector('#state:text-is("available")');
  });
  afterEach(async () => {
    await context?.close();
    expect(pageErrors, 'uncaught errors and promise rejections in the page').to.deep.equal([]);
  });

  it('rings: tone, notification, aria-live announcement and tab title, all stopped on answer; the talk timer stops at the end', async () => {
    const call = await dialCentre(centre(), { from: '+15557654321' });
    await call.press('2');
    await call.press('1');
    await untilRinging(centre(), call);
    await page.waitForSelector('#ringer[data-state="ringing"]', { state: 'attached' });
    expect(await page.title()).to.equal('Ringing: billing call — Switchboard — agent console');
    expect(await page.textContent('#announce')).to.equal('Incoming billing call from +15557654321. Answer your phone and press 1.');
    expect(await page.getAttribute('#announce', 'aria-live')).to.equal('assertive');
    expect(await page.evaluate(() => (globalThis as any).__notifications)).to.deep.equal(['Incoming billing call from +15557654321']);
    expect(await page.evaluate(() => (globalThis as any).__tones)).to.be.at.least(2); // two tones per burst
    expect(await seriousA11yViolations(page), 'ringing').to.deep.equal([]);

    await call.agentAnswers({ press: '1' });
    await page.waitForSelector('#ringer[data-state="quiet"]', { state: 'attached' });
    expect(await page.title()).to.equal('Switchboard — agent console');
    await page.waitForSelector('#pop-talked span[data-since]');
    await call.endBridge({ by: 'agent', seconds: 30 });
    await page.waitForSelector('#wrap-up:not(.hidden)');
    expect(await page.$('#pop-talked span[data-since]'), 'the talk timer still ticking after the call').to.equal(null);
    expect(await page.textContent('#pop-talked')).to.match(/^\d+:\d\d$/);
  });

  it('server unreachable: says so, pauses the actions, and recovers without a reload', async () => {
    relay.cut();
    await page.waitForSelector('#connection:not(.hidden)');
    expect(await page.textContent('#connection')).to.equal(
      'Cannot reach Switchboard. Retrying… Actions are paused until the connection is back.',
    );
    expect(await page.isDisabled('#go-break')).to.equal(true);
    expect(await page.isDisabled('#go-offline')).to.equal(true);
    expect(await page.getAttribute('#live', 'class')).to.include('off');
    expect(await page.textContent('#live-word'), 'said in words, not by colour alone').to.equal('not connected');
    expect(await seriousA11yViolations(page), 'offline').to.deep.equal([]);

    relay.restore();
    await page.waitForSelector('#connection.hidden', { state: 'attached' });
    expect(await page.textContent('#live-word')).to.equal('live');
    expect(await page.isDisabled('#go-break')).to.equal(false);
    expect(await page.isDisabled('#go-available'), 'still available: the button stays off').to.equal(true);
    await page.click('#go-break');
    await page.waitForSelector('#state:text-is("break (lunch)")');
  });
});
