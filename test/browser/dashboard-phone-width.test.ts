import { expect } from 'chai';
import path from 'node:path';
import { addAgent, staffOnBreak } from '../support/agents.js';
import { seriousA11yViolations, watchCsp } from '../support/browser.js';
import { testDatabase } from '../support/database.js';
import { pageInNewContext, signInThroughForm, withChromiumAnd } from '../support/pages.js';
import { dialCentre, startCentre } from '../support/routing.js';
import { addSupervisorLogin, getJson, signIn } from '../support/web.js';

// SAVE_SCREENSHOTS=1 (npm run screenshots) keeps a phone screen of the queues in docs/screenshots; the
// whole page always goes to the temporary folder to look at.
const SHOTS = process.env.SAVE_SCREENSHOTS ? path.resolve(import.meta.dirname, '../../docs/screenshots') : undefined;
const WHOLE = path.join(process.env.TMPDIR ?? '/tmp', 'dashboard-phone-whole.png');
const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z'); // inside the demo centre's hours

/** The elements reaching past the page's right edge (outside any box that scrolls them), to say what overflows. */
const tooWide = `[...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .filter((e) => { for (let p = e.parentElement; p; p = p.parentElement) if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return false; return true; })
  .slice(0, 8).map((e) => e.tagName + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.') + ' ' + Math.round(e.getBoundingClientRect().right))`;

describe('the supervisor dashboard at phone width (390 px): every card fits, tables stacked one card per row', function () {
  this.timeout(90_000);
  const [browser, centre] = withChromiumAnd(() => startCentre({ now: () => MONDAY_10AM }), { resetDatabase: 'once' });

  it('fits with a caller waiting, agents in several states, targets, an open case, the charts and the flow diagram', async () => {
    await addSupervisorLogin('sam');
    await staffOnBreak();
    await addAgent({ name: 'Ana Ruiz-Montgomery de la Fuente', state: 'not-ready', skills: { sales: 5, support: 3, billing: 2 } });
    await addAgent({ name: 'Ben Carter', state: 'break', skills: { support: 5 } });
    await addAgent({ name: 'Cy Diaz', state: 'offline', skills: { billing: 5 } });
    const supervisor = (await signIn(centre().server.url, 'sam', 'supervisor')).cookie!;
    // Targets on every figure, so each queue cell carries its met / close / missed badge.
    await getJson(`${centre().server.url}/api/targets`, supervisor, {
      method: 'PUT',
      body: JSON.stringify({ serviceLevel: 0.8, serviceLevelSeconds: 20, asaSeconds: 30, abandonRate: 0.05, nps: 30, csat: 0.85 }),
    });
    await testDatabase().pool.query(
      `SELECT open_case('api', 'billing', 'Charged twice for the same order in November', '+12125550100', NULL, NULL, NULL, NULL, 'general', NULL, 'supervisor', NULL, NULL, 'Sam Lee', NULL)`,
    );

    const page = await pageInNewContext(browser(), {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });
    const csp = await watchCsp(page);
    await signInThroughForm(page, `${centre().server.url}/dashboard`, 'sam', {
      signedOut: async () => expect(await seriousA11yViolations(page), 'sign-in at phone width').to.deep.equal([]),
      until: '#dashboard:not(.hidden)',
    });
    const call = await dialCentre(centre());
    await call.press('1');
    await call.press('3');
    await page.waitForSelector('#queues tr[data-group="sales"] .waiting:text-is("1")');
    await page.waitForSelector('#queues tr[data-group="sales"] .kpi-status');
    await page.waitForSelector('#cases[data-loaded=true] tr[data-case]');
    await page.waitForSelector('#flow-diagram svg');
    await page.waitForSelector('#chart-sl .uplot');

    expect(await page.evaluate(tooWide), 'elements wider than the screen').to.deep.equal([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).to.be.at.most(390);
    // The tables are stacked: no heads, each cell labelled by its column.
    for (const table of ['queues', 'agents', 'cases'])
      expect(await page.evaluate(`getComputedStyle(document.querySelector('#${table} thead')).display`), table).to.equal('none');
    expect(await page.getAttribute('#queues tr[data-group="sales"] td.sl', 'data-label')).to.equal('Service level');
    // The charts are drawn to their card's width, not wider.
    const [chart, box] = await page.$eval('#chart-sl', (el) => [el.querySelector('canvas')!.getBoundingClientRect().width, el.clientWidth]);
    expect(chart).to.be.at.most(box);
    // The flow diagram scrolls inside its own box.
    expect(await page.$eval('#flow-diagram', (el) => el.scrollWidth > el.clientWidth), 'the diagram scrolls sideways').to.equal(true);
    expect(await page.evaluate("getComputedStyle(document.querySelector('#flow-diagram')).overflowX")).to.equal('auto');
    expect(await seriousA11yViolations(page), 'dashboard at phone width').to.deep.equal([]);
    await page.screenshot({ path: WHOLE, fullPage: true });
    if (SHOTS) {
      await page.evaluate('document.querySelector(\'#queues tr[data-group="sales"]\').scrollIntoView()');
      await page.screenshot({ path: path.join(SHOTS, 'dashboard-phone.png') });
    }

    // Turned to landscape and back, the charts follow their box.
    await page.setViewportSize({ width: 844, height: 390 });
    const chartFits = () => {
      // Runs in the page (no DOM types here).
      const el = (globalThis as any).document.querySelector('#chart-sl');
      return el.clientWidth > 0 && Math.abs(el.querySelector('canvas').getBoundingClientRect().width - el.clientWidth) < 2;
    };
    await page.waitForFunction(chartFits);
    expect(await page.$eval('#chart-sl', (el) => el.clientWidth), 'a new width to follow').not.to.equal(box);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(chartFits);
    expect(await page.evaluate('document.documentElement.scrollWidth')).to.be.at.most(390);
    expect(csp, 'Content-Security-Policy violations').to.deep.equal([]);
    await page.context().close();
  });
});
