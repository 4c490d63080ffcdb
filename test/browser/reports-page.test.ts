import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { staffOnBreak } from '../support/agents.js';
import { expectAccessible, watchCsp } from '../support/browser.js';
import { pageInNewContext, signInThroughForm, withChromiumAnd } from '../support/pages.js';
import { startTestServer } from '../support/server.js';
import { placeCall } from '../support/twilio-driver.js';
import { addSupervisorLogin } from '../support/web.js';

// SAVE_SCREENSHOTS=1 (npm run screenshots) refreshes the pictures in docs/screenshots.
const SHOTS = process.env.SAVE_SCREENSHOTS ? path.resolve(import.meta.dirname, '../../docs/screenshots') : undefined;

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

describe('reports page: the KPI table, its charts and the CSV, for supervisors who do not use curl', function () {
  this.timeout(60_000);
  const [browser, server] = withChromiumAnd(() => startTestServer({ now: () => MONDAY_10AM }));
  beforeEach(() => addSupervisorLogin('sam'));

  it('shows the groups report with charts, downloads the same report as CSV, and switches to agents and flows', async () => {
    await staffOnBreak();
    // Two callers offered to sales today who hang up while waiting: offered 2, abandoned 2.
    for (let i = 0; i < 2; i++) {
      const call = await placeCall(server());
      await call.press('1');
      await call.press('3');
      await call.hangUp();
    }
    const page = await pageInNewContext(browser(), { acceptDownloads: true });
    const csp = await watchCsp(page);
    await signInThroughForm(page, `${server().url}/reports`, 'sam');
    await page.waitForSelector('#totals tbody tr');
    const sales = page.locator('#totals tbody tr').filter({ hasText: 'sales' });
    expect(await sales.locator('td[data-kpi=offered]').textContent()).to.equal('2');
    expect(await sales.locator('td[data-kpi=abandoned]').textContent()).to.equal('2');
    expect(await sales.locator('td[data-kpi=serviceLevel]').textContent()).to.equal('0.0%');
    // One row per group and day of the default range (the last 7 days).
    expect(await page.locator('#rows tbody tr').filter({ hasText: 'sales' }).count()).to.equal(7);
    // uPlot drew both charts (the pages' one chart helper), a day per tick, sales' 2 offered today.
    expect(await page.locator('#chart-a canvas').count()).to.equal(1);
    expect(await page.locator('#chart-b canvas').count()).to.equal(1);
    // Runs in the page (no DOM types here): the chart the helper drew keeps its uPlot on the element.
    type Axis = { label: string; values: (u: unknown, ticks: number[]) => string[] };
    type Plot = { data: number[][]; series: { label: string }[]; axes: Axis[] };
    const offered = await page.locator('#chart-b').evaluate((el) => {
      const u = (el as unknown as { uplot: Plot }).uplot;
      const sales = u.series.findIndex((s) => s.label === 'sales');
      return { last: u.data[sales].at(-1), axis: u.axes[0].label, tick: u.axes[0].values(u, [u.data[0].at(-1)!])[0] };
    });
    expect(offered.last).to.equal(2);
    expect(offered.axis).to.equal('Day (America/New_York)');
    expect(offered.tick).to.match(/^\d{1,2} [A-Z][a-z]{2}$/);
    await expectAccessible(page, 'the groups report shown');

    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'reports.png') });
    const href = await page.getAttribute('#csv', 'href');
    expect(href).to.match(
      /^\/api\/reports\/groups\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d&interval=day&timezone=America%2FNew_York&format=csv$/,
    );
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
    expect(download.suggestedFilename()).to.match(/^switchboard-groups-\d{4}-\d\d-\d\d-to-\d{4}-\d\d-\d\d-day\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).to.match(/^group,start,offered,answered,abandoned,/);
    expect(lines.find((l) => l.startsWith('sales,total,'))).to.match(/^sales,total,2,0,2,/);

    // One group, by the hour.
    await page.selectOption('#group', 'sales');
    await page.locator('#totals tbody tr').nth(1).waitFor({ state: 'detached' });
    expect(await page.locator('#totals tbody tr').count()).to.equal(1);
    expect(await page.getAttribute('#csv', 'href')).to.include('group=sales');

    await page.selectOption('#kind', 'agents');
    await page.waitForSelector('#totals thead th:text("Occupancy")');
    expect(await page.locator('#totals tbody tr').filter({ hasText: 'On break' }).count()).to.equal(1);
    expect(await page.getAttribute('#csv', 'href')).to.match(/^\/api\/reports\/agents\?/);
    await expectAccessible(page, 'the agents report shown');

    await page.selectOption('#kind', 'flows');
    await page.waitForSelector('#totals thead th:text("Containment")');
    const flow = page.locator('#totals tbody tr').filter({ hasText: 'acme-support' });
    expect(await flow.locator('td[data-kpi=calls]').textContent()).to.equal('2');
    expect(await flow.locator('td[data-kpi=routed]').textContent()).to.equal('2');
    await expectAccessible(page, 'the flows report shown');

    // A mistake in the form is the API's message, shown on the page.
    await page.fill('#from', '2027-01-10');
    await page.fill('#to', '2027-01-01');
    await page.click('#report-form button[type=submit]');
    await page.waitForSelector('#report-error:text("to: must be after from")');
    await expectAccessible(page, 'a mistake in the form shown');
    expect(csp).to.deep.equal([]);
    await page.context().close();
  });

  it('signed out, it shows the sign-in form and no report', async () => {
    const page = await pageInNewContext(browser());
    await page.goto(`${server().url}/reports`);
    await page.waitForSelector('#login:not(.hidden)');
    expect(await page.isHidden('#reports')).to.equal(true);
    await expectAccessible(page, 'the sign-in form');
    await page.context().close();
  });
});
