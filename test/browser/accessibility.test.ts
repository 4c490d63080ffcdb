import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { addAgent, staffOnBreak } from '../support/agents.js';
import { seriousA11yViolations } from '../support/browser.js';
import { pageInNewContext, signInThroughForm, withChromiumAnd } from '../support/pages.js';
import { dialCentre, startCentre, untilRinging } from '../support/routing.js';
import { addSupervisorLogin, giveLogin } from '../support/web.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z'); // inside the demo centre's hours

// WCAG 2.1 AA through axe-core, on every page and in each state an agent or supervisor sees: any
// serious or critical violation (contrast, a control without a name, …) fails the test.
describe('accessibility (axe-core, WCAG 2.1 AA) of the pages in every state they show', function () {
  this.timeout(60_000);
  const [browser, centre] = withChromiumAnd(() => startCentre({ now: () => MONDAY_10AM }));

  async function signIn(path: string, username: string, until: string): Promise<Page> {
    const page = await pageInNewContext(browser(), { viewport: { width: 1366, height: 768 } });
    const url = `${centre().server.url}${path}`;
    await signInThroughForm(page, url, username, {
      signedOut: async () => expect(await seriousA11yViolations(page), `${url} signed out`).to.deep.equal([]),
      until,
    });
    return page;
  }

  it('agent console: signed out, offline, available, ringing, on a call, in wrap-up', async () => {
    const agent = await addAgent({ name: 'Ana Ruiz', state: 'offline' });
    await giveLogin(agent.id, 'ana');
    const page = await signIn('/console', 'ana', '#console:not(.hidden)');
    expect(await seriousA11yViolations(page), 'offline').to.deep.equal([]);
    await page.click('#go-available');
    await page.waitForSelector('#state:text-is("available")');
    expect(await seriousA11yViolations(page), 'available').to.deep.equal([]);

    const call = await dialCentre(centre(), { from: '+15557654321' });
    await call.press('2');
    await call.press('1');
    await untilRinging(centre(), call);
    await page.waitForSelector('#call:not(.hidden)');
    expect(await seriousA11yViolations(page), 'ringing').to.deep.equal([]);
    await call.agentAnswers({ press: '1' });
    await page.waitForSelector('#state:text-is("on-call")');
    expect(await seriousA11yViolations(page), 'on a call').to.deep.equal([]);
    await call.endBridge({ by: 'agent', seconds: 30 });
    await page.waitForSelector('#wrap-up:not(.hidden)');
    expect(await seriousA11yViolations(page), 'wrap-up').to.deep.equal([]);
    await page.context().close();
  });

  it('supervisor dashboard: with a caller waiting and agents in several states, at desk and phone width', async () => {
    await addSupervisorLogin('sam');
    await staffOnBreak();
    await addAgent({ name: 'Ben Carter', state: 'break', skills: { support: 5 } });
    await addAgent({ name: 'Cy Diaz', state: 'not-ready', skills: { billing: 5 } });
    const page = await signIn('/dashboard', 'sam', '#dashboard:not(.hidden)');
    const call = await dialCentre(centre());
    await call.press('1');
    await call.press('3');
    await page.waitForSelector('#queues tr[data-group="sales"] .waiting:text-is("1")');
    await page.waitForSelector('#flow-diagram svg');
    expect(await seriousA11yViolations(page), 'dashboard, desk width').to.deep.equal([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await seriousA11yViolations(page), 'dashboard, phone width').to.deep.equal([]);
    await page.context().close();
  });
});
