import { expect } from 'chai';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expectAccessible, watchCsp } from '../support/browser.js';
import { pageInNewContext, signInThroughForm, withChromiumAnd } from '../support/pages.js';
import { startTestServer } from '../support/server.js';
import { answeredToday, middayZone } from '../support/targets-fixtures.js';
import { addSupervisorLogin } from '../support/web.js';
import { client, newToken } from '../api/api-client.js';

// SAVE_SCREENSHOTS=1 saves the picture in docs/screenshots; otherwise it goes to the temporary folder to look at.
const SHOT = path.join(
  process.env.SAVE_SCREENSHOTS ? path.resolve(import.meta.dirname, '../../docs/screenshots') : (process.env.TMPDIR ?? '/tmp'),
  'dashboard-targets.png',
);

describe('dashboard in headless Chromium: figures against their targets, uPlot charts with target lines', function () {
  this.timeout(60_000);
  const [browser, server] = withChromiumAnd(() => startTestServer({ env: { CENTRE_TIMEZONE: middayZone() } }));
  let page: Page;
  let csp: string[];
  afterEach(() => expect(csp, 'Content-Security-Policy violations').to.deep.equal([]));

  it('shows met / close / missed in words and colour, and draws the group’s target on its service level chart', async () => {
    const token = await newToken();
    const call = client(server, () => token);
    await call('PUT', '/api/targets', { asaSeconds: 30 });
    await call('PUT', '/api/groups/billing/targets', { serviceLevel: 0.9 });
    // billing: two hours ago both answered late (0 %), an hour ago one in time (100 %): 1 of 3, missed.
    await answeredToday('billing', [60, 90], { hoursAgo: 2 });
    await answeredToday('billing', [5]);
    await answeredToday('general', [5, 5, 5, 5, 25]); // 80 % against 80 %: met
    await answeredToday('sales', [10, 10, 10, 98]); // 75 %: close; ASA 32 s against 30 s: close
    await addSupervisorLogin();

    page = await pageInNewContext(browser(), { viewport: { width: 1280, height: 1500 } });
    csp = await watchCsp(page);
    await signInThroughForm(page, `${server().url}/dashboard`, 'sam');

    const state = (group: string, cell: string) => page.textContent(`#queues tr[data-group="${group}"] .${cell} .kpi-status`);
    await page.waitForSelector('#queues tr[data-group="billing"] .sl .kpi-status');
    expect(await state('billing', 'sl')).to.equal('✗ missed');
    expect(await state('general', 'sl')).to.equal('✓ met');
    expect(await state('sales', 'sl')).to.equal('≈ close');
    expect(await state('sales', 'asa')).to.equal('≈ close');
    expect(await state('billing', 'asa')).to.equal('✗ missed'); // 51.7 s against 30 s
    expect(await state('general', 'asa')).to.equal('✓ met');
    // Nothing to judge with no calls: no state at all, not "missed".
    expect(await page.$$('#queues tr[data-group="support"] .kpi-status')).to.have.length(0);
    // Colour as well as the word.
    const background = (group: string) =>
      page.$eval(
        `#queues tr[data-group="${group}"] .sl .kpi-status`,
        (el) =>
          // Runs in the page (no DOM types here).
          (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor,
      );
    const [missed, met, close] = [await background('billing'), await background('general'), await background('sales')];
    expect(new Set([missed, met, close]).size).to.equal(3);
    expect(await page.textContent('#tile-sl-detail')).to.include('1 group missing a target');
    await expectAccessible(page, 'met, close and missed badges, the targets form');

    // The service level chart of billing: a uPlot chart, its own target (90 %) as a line in the legend.
    await page.selectOption('#chart-group', 'billing');
    await page.waitForSelector('#chart-sl .uplot .u-legend :text("Target (billing) 90% in 20s")');
    const chart = await page.$eval('#chart-sl', (el) => {
      const u = (el as unknown as { uplot: { data: (number | null)[][]; series: { label: string }[] } }).uplot;
      return { labels: u.series.map((s) => s.label), data: u.data };
    });
    expect(chart.labels).to.deep.equal(['Time', 'billing', 'Target (billing) 90% in 20s']);
    const [times, billing, target] = chart.data;
    const hourStart = Math.floor(Date.now() / 3_600_000) * 3600;
    const at = (t: number) => billing[times.indexOf(t)];
    expect(at(hourStart - 7200), 'two hours ago: calls, none in time').to.equal(0);
    expect(at(hourStart - 3600), 'an hour ago').to.equal(100);
    expect(at(hourStart - 10800), 'three hours ago: no calls').to.equal(null);
    expect(new Set(target)).to.deep.equal(new Set([90]));
    // Under the cursor the legend reads 0 % for the 0 % hour and "no calls" for the empty one.
    const legendAt = (t: number) =>
      page.$eval(
        '#chart-sl',
        (el, t) => {
          const u = (el as unknown as { uplot: any }).uplot;
          u.setCursor({ left: u.valToPos(t, 'x'), top: 20 });
          return el.querySelector('.u-legend .u-series:nth-child(2) .u-value')!.textContent;
        },
        t,
      );
    expect(await legendAt(hourStart - 7200)).to.equal('0%');
    expect(await legendAt(hourStart - 10800)).to.equal('no calls');
    await page.$eval('#chart-sl', (el) => (el as unknown as { uplot: any }).uplot.setCursor({ left: -10, top: -10 }));

    // A live event when a group stops missing: the supervisor lowers billing's target in the form.
    await page.selectOption('#target-scope', 'billing');
    await page.fill('#target-sl', '30');
    await page.click('#targets-form button[type=submit]');
    await page.waitForSelector('#target-events li:text("billing no longer misses its service level target")');
    await page.waitForSelector('#queues tr[data-group="billing"] .sl .kpi-status:text("✓ met")');
    // The chart's target line follows (redrawn from the live stream).
    await page.waitForSelector('#chart-sl .u-legend :text("Target (billing) 30% in 20s")');
    await expectAccessible(page, 'a target saved, its live event shown');
    await page.locator('#queues').scrollIntoViewIfNeeded();
    await page.screenshot({ path: SHOT, fullPage: true });
    if (!process.env.SAVE_SCREENSHOTS) await page.locator('#chart-sl').screenshot({ path: SHOT.replace('.png', '-chart.png') });
  });
});
