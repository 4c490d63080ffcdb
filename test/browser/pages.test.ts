import { expect } from 'chai';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { addAgent, configureGroup, staffOnBreak } from '../support/agents.js';
import { expectAccessible, watchCsp } from '../support/browser.js';
import { testDatabase } from '../support/database.js';
import { pageInNewContext, signInThroughForm, withChromiumAnd } from '../support/pages.js';
import { callerRinging, dialCentre, startCentre, untilRinging } from '../support/routing.js';
import { addSupervisorLogin, giveLogin } from '../support/web.js';
import { billingHistory } from '../reports/forecast-history.js';

// SAVE_SCREENSHOTS=1 (npm run screenshots) refreshes the README's pictures in docs/screenshots.
const SHOTS = process.env.SAVE_SCREENSHOTS ? path.resolve(import.meta.dirname, '../../docs/screenshots') : undefined;
const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');

describe('web pages in headless Chromium', function () {
  this.timeout(60_000);
  const [browser, centre] = withChromiumAnd(() => startCentre({ now: () => MONDAY_10AM }));

  // Every page runs under the server's Content-Security-Policy; any violation it reports fails the
  // test. (So waits use selectors: a string predicate would be an eval, which the CSP refuses.)
  let cspViolations: string[][] = [];
  beforeEach(() => (cspViolations = []));
  afterEach(() => expect(cspViolations.flat(), 'Content-Security-Policy violations').to.deep.equal([]));
  async function signedInPage(viewport: { width: number; height: number }, path: string, username: string): Promise<Page> {
    const page = await pageInNewContext(browser(), { viewport });
    cspViolations.push(await watchCsp(page));
    const url = `${centre().server.url}${path}`;
    await signInThroughForm(page, url, username, {
      signedOut: async (_page, res) => expect(res?.headers()['content-security-policy'], `CSP of ${url}`).to.include("script-src 'self'"),
    });
    return page;
  }

  it('agent console: sign in, go available, a routed call pops with the caller\u2019s menu path', async () => {
    const agent = await addAgent({ name: 'Ana Ruiz', state: 'offline' });
    await giveLogin(agent.id, 'ana');
    const page = await signedInPage({ width: 1200, height: 860 }, '/console', 'ana');
    await page.waitForSelector('#console:not(.hidden)');
    expect(await page.textContent('#who')).to.equal('Ana Ruiz');
    expect(await page.textContent('#state')).to.equal('offline');
    await page.click('#go-available');
    await page.waitForSelector('#state:text-is("available")');

    const call = await dialCentre(centre(), { from: '+15557654321' });
    await call.press('2');
    await call.press('1');
    await untilRinging(centre(), call);
    // The console learns of the call over its live stream, without a reload.
    await page.waitForSelector('#call:not(.hidden)', { timeout: 5000 });
    expect(await page.textContent('#call-banner')).to.equal('Incoming billing call — answer your phone and press 1');
    expect(await page.textContent('#pop-caller')).to.equal('+15557654321');
    expect(await page.textContent('#pop-language')).to.equal('es-MX');
    expect(await page.$$eval('#pop-path .chip', (els) => els.map((e) => e.textContent))).to.deep.equal(['Español', 'Billing']);
    expect(await page.textContent('#state')).to.equal('reserved');

    await call.agentAnswers({ press: '1' });
    await page.waitForSelector('#state:text-is("on-call")');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'console.png') });
    await call.endBridge({ by: 'agent', seconds: 30 });
    await page.waitForSelector('#wrap-up:not(.hidden)');
    await page.selectOption('#disposition', 'resolved');
    await page.fill('#notes', 'Explained the invoice');
    await page.click('#done-wrap-up');
    await page.waitForSelector('#state:text-is("available")');
    await page.close();
  });

  it('supervisor dashboard: updates live when a caller enqueues; shows agents and the flow diagram', async () => {
    await addSupervisorLogin('sam');
    await staffOnBreak();
    await addAgent({ name: 'Ben Carter', state: 'break', skills: { support: 5 } });
    const page = await signedInPage({ width: 1280, height: 1500 }, '/dashboard', 'sam');
    await page.waitForSelector('#dashboard:not(.hidden)');
    await page.waitForSelector('#queues tr[data-group="sales"]');
    expect(await page.textContent('#queues tr[data-group="sales"] .waiting')).to.equal('0');
    expect(await page.$$eval('#agents tbody tr td:first-child', (els) => els.map((e) => e.textContent))).to.deep.equal([
      'Ben Carter',
      'On break',
    ]);

    const call = await dialCentre(centre());
    await call.press('1');
    await call.press('3');
    await page.waitForSelector('#queues tr[data-group="sales"] .waiting:text-is("1")', { timeout: 5000 });
    expect(await page.textContent('#tile-waiting')).to.equal('1');

    await page.waitForSelector('#flow-diagram svg', { timeout: 15_000 });
    // Drawn, not just inserted: Mermaid laid out every step (its styles allowed by the CSP).
    expect(await page.$$eval('#flow-diagram svg g.node', (els) => els.length)).to.be.greaterThan(10);
    expect(
      await page.$eval('#flow-diagram svg', (svg) => (svg as unknown as { getBBox(): { width: number } }).getBBox().width),
    ).to.be.greaterThan(200);
    expect(await page.textContent('#flow-info')).to.match(
      /^version [0-9a-f]{16} · \d+ steps · numbers \+18005550100 · default flow · en-US, es-MX$/,
    );
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'dashboard.png'), fullPage: true });
    await page.close();
  });

  it('supervisor dashboard: the staffing forecast of a chosen group and day, from the fixture history', async () => {
    await addSupervisorLogin('sam');
    await billingHistory();
    const page = await signedInPage({ width: 1280, height: 1500 }, '/dashboard', 'sam');
    await page.waitForSelector('#forecast-group option:text-is("billing")', { state: 'attached' });
    await page.selectOption('#forecast-group', 'billing');
    await page.fill('#forecast-date', '2026-12-07');
    await page.dispatchEvent('#forecast-date', 'change');
    // The centre's zone is America/New_York: the fixture's Mondays at 09:00 UTC are 04:00 there.
    await page.waitForSelector('#forecast tr[data-start="04:00"]', { timeout: 5000 });
    const cells = await page.$$eval('#forecast tbody tr', (rows) => rows.map((r) => [...r.children].map((td) => td.textContent)));
    expect(cells.map((r) => r.slice(0, 6))).to.deep.equal([
      ['04:00', '100', '180s', '14', '12', '8%'],
      ['05:00', '18', '240s', '5', '4', '10%'],
    ]);
    // Staffed (nobody fitting billing is logged in; "(now)" while the day is to come) and the gap to Erlang A.
    expect(cells.map((r) => [r[6].replace(' (now)', ''), r[7]])).to.deep.equal([
      ['0', '-12'],
      ['0', '-4'],
    ]);
    expect(await page.textContent('#forecast-note')).to.include('From 2 of the 4 same weekdays before (3 intervals with calls)');
    await expectAccessible(page, 'the staffing forecast shown');
    // Per interval Erlang C, Erlang A and the agents staffed, in a uPlot chart; only the two busy ones are above zero.
    const chart = await page.$eval('#chart-forecast', (el) => {
      const u = (el as unknown as { uplot: { data: number[][]; series: { label: string }[] } }).uplot;
      return { labels: u.series.map((s) => s.label), data: u.data };
    });
    expect(chart.labels).to.deep.equal(['Time', 'Erlang C', 'Erlang A (with abandonment)', 'Staffed (logged in; later intervals: now)']);
    const [times, erlangC, erlangA, staffed] = chart.data;
    // Nobody is logged in for the fixture group: staffed 0 in every interval, drawn as 0 (not "no data").
    expect(new Set(staffed)).to.deep.equal(new Set([0]));
    expect(times).to.have.length(48); // 30-minute intervals
    const busy = times.flatMap((t, i) =>
      erlangC[i] || erlangA[i] ? [[new Date(t * 1000).toISOString().slice(11, 16), erlangC[i], erlangA[i]]] : [],
    );
    expect(busy).to.deep.equal([
      ['09:00', 14, 12],
      ['10:00', 5, 4],
    ]);
    await page.close();
  });

  it('supervisor dashboard: a call ringing at 17 s of a 20 s threshold is not a miss (—, not 0 %); answered, 100 %', async () => {
    await addSupervisorLogin('sam');
    await configureGroup('general', { service_level_seconds: 20 });
    await addAgent({ name: 'Ana' });
    const page = await signedInPage({ width: 1280, height: 1000 }, '/dashboard', 'sam');
    const row = '#queues tr[data-group="general"]';
    await page.waitForSelector(row);
    const call = await callerRinging(centre());
    // The caller has been in line 17 s, in the database's time (no sleep), and the dashboard refreshes
    // as after any change to an entry. (Before the shift it showed — too: a miss would show 0 % either way.)
    await testDatabase().pool.query(
      `UPDATE queue_entries SET created_at = now() - interval '17 seconds', first_entered_at = now() - interval '17 seconds'
       WHERE call_sid = $1`,
      [call.callSid],
    );
    await page.waitForSelector(`${row} td:nth-child(5):text-is("1")`, { timeout: 5000 });
    expect(await page.textContent(`${row} .sl`)).to.equal('— (20s)');
    expect(await page.textContent('#tile-sl')).to.equal('—');
    expect(await page.textContent('#tile-sl-detail')).to.equal(
      "0 of 0 calls counted so far answered within their group's threshold; no group missing a target",
    );

    await call.agentAnswers({ press: '1' });
    await page.waitForSelector(`${row} .sl:has-text("100%")`, { timeout: 5000 });
    expect(await page.textContent('#tile-sl')).to.equal('100%');
    await page.close();
  });
});
