import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { DASHBOARD_AGENT_ROWS } from '../../src/db/queries/dashboard.js';
import { addAgent, addFloorOfAgents, configureGroup } from '../support/agents.js';
import { expectAccessible, seriousA11yViolations } from '../support/browser.js';
import { testDatabase } from '../support/database.js';
import { pageInNewContext, signInThroughForm, withChromiumAnd } from '../support/pages.js';
import { dialCentre, startCentre, untilRinging } from '../support/routing.js';
import { addSupervisorLogin, getJson, signIn } from '../support/web.js';

const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z'); // inside the demo centre's hours

// Issue 14 items 1 and 2: a supervisor can trust the queue figures at a glance, and cannot change an
// agent's state by accident; every change they make is recorded with their name.
describe('supervisor dashboard: who can take each queue, calls by where they are, safe state changes', function () {
  this.timeout(60_000);
  const [browser, centre] = withChromiumAnd(() => startCentre({ now: () => MONDAY_10AM }));
  let page: Page;
  beforeEach(async () => {
    await addSupervisorLogin('sam');
    page = await pageInNewContext(browser(), { viewport: { width: 1366, height: 900 } });
  });
  afterEach(() => page?.context().close());

  const openDashboard = () => signInThroughForm(page, `${centre().server.url}/dashboard`, 'sam', { until: '#dashboard:not(.hidden)' });

  it('a caller waiting for sales beside an available agent who lacks the skill: the row says 0 of them can take it', async () => {
    await configureGroup('sales', {}, { sales: 3 });
    await addAgent({ name: 'Bill Only', state: 'available', skills: { billing: 5 } });
    await addAgent({ name: 'Sal Seller', state: 'break', skills: { sales: 4 } });
    await openDashboard();
    const call = await dialCentre(centre());
    await call.press('1');
    await call.press('3');
    await page.waitForSelector('#queues tr[data-group="sales"] .waiting:text-is("1")');
    expect(await page.textContent('#queues tr[data-group="sales"] .can-take')).to.equal('0 available · 0 busy · 1 away');
    expect(await page.textContent('#tile-agents')).to.equal('agents: 1 available, 0 busy, 1 away');
    // The same numbers as the API's, from the one SQL definition.
    const { cookie } = await signIn(centre().server.url, 'sam', 'supervisor');
    const queues = (await getJson(`${centre().server.url}/api/queues`, cookie)).body;
    expect(queues.find((q: { name: string }) => q.name === 'sales').agents).to.deep.equal({ available: 0, busy: 0, away: 1 });
    expect(await page.textContent('#tile-calls')).to.equal('1');
    expect(await page.textContent('#tile-calls-detail')).to.equal('0 in the IVR · 1 waiting · 0 talking to an agent');

    await dialCentre(centre(), { from: '+15550001111' }); // stays in the language menu
    await page.waitForSelector('#tile-calls-detail:text-is("1 in the IVR · 1 waiting · 0 talking to an agent")');
    expect(await page.textContent('#tile-calls')).to.equal('2');
    expect(await seriousA11yViolations(page)).to.deep.equal([]);
  });

  it('the state control shows the real state, offers only allowed changes, needs Apply, and records who', async () => {
    const ana = await addAgent({ name: 'Ana Ruiz', state: 'available' });
    await openDashboard();
    const row = `#agents tr[data-agent="${ana.id}"]`;
    await page.waitForSelector(row);
    const options = () => page.$$eval(`${row} .set-state option`, (els) => els.map((e) => e.textContent));
    expect(await options()).to.deep.equal(['Change state…', 'Break', 'Not ready', 'Offline']);

    // Arrow keys on the select only choose; nothing is sent until Apply.
    await page.focus(`${row} .set-state`);
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue(`${row} .set-state`)).to.equal('break');
    const { rows: before } = await testDatabase().pool.query('SELECT state FROM agents WHERE id = $1', [ana.id]);
    expect(before[0].state).to.equal('available');
    expect(await page.isDisabled(`${row} .apply-state`)).to.equal(false);

    // A call rings Ana: the badge says Ringing, and only after-the-call changes are offered.
    const call = await dialCentre(centre());
    await call.press('1');
    await call.press('0');
    await untilRinging(centre(), call);
    await page.waitForSelector(`${row} .badge:text-is("Ringing")`);
    expect(await options()).to.deep.equal(['Change state…', 'Break after the call', 'Not ready after the call', 'Offline after the call']);
    expect(await page.inputValue(`${row} .set-state`), 'the chosen change survives the live update').to.equal('break');
    await page.click(`${row} .apply-state`);
    await page.waitForSelector(`${row} :text("→ Break after the call")`);
    expect(await page.textContent(`${row} td:nth-child(2)`)).to.include('by Sam Lee');
    await expectAccessible(page, 'an agent ringing, a change waiting for the call to end');

    await call.agentAnswers({ press: '1' });
    await page.waitForSelector(`${row} .badge:text-is("On a call")`);
    await call.endBridge({ by: 'caller', seconds: 20 });
    await page.waitForSelector(`${row} .badge:text-is("Wrap-up")`);

    // The audit: who asked for each change (the pending break keeps its author until it applies).
    const { cookie } = await signIn(centre().server.url, 'sam', 'supervisor');
    const history = (await getJson(`${centre().server.url}/api/agents/${ana.id}/state-changes`, cookie)).body;
    expect(history.map((h: { to: string; changedBy: string | null }) => [h.to, h.changedBy])).to.deep.equal([
      ['wrap-up', null],
      ['on-call', null],
      ['reserved', null],
      ['available', null],
    ]);
    // Wrap-up time is up (its lease ended): the router's loop releases Ana into the break she was given.
    await testDatabase().pool.query(`UPDATE agents SET lease_until = now() - interval '1 second' WHERE id = $1 AND state = 'wrap-up'`, [
      ana.id,
    ]);
    await page.waitForSelector(`${row} .badge:text-is("Break")`, { timeout: 10_000 });
    const after = (await getJson(`${centre().server.url}/api/agents/${ana.id}/state-changes`, cookie)).body;
    expect([after[0].to, after[0].changedBy]).to.deep.equal(['break', 'supervisor:Sam Lee']);
    expect(await page.textContent(`${row} td:nth-child(2)`)).to.include('by Sam Lee');
  });
  it('a centre with more agents than the snapshot carries: a note says so, and a search finds any agent', async () => {
    const total = DASHBOARD_AGENT_ROWS + 20;
    // Agent 001 changed state longest ago: not among the snapshot's rows.
    await addFloorOfAgents(total);
    await openDashboard();
    await page.waitForSelector(
      `#agents-note:text-is("The ${DASHBOARD_AGENT_ROWS} agents whose state changed last, of ${total}: find the others by name or state.")`,
    );
    expect(await page.textContent('#tile-agents')).to.equal(`agents: ${total - total / 10} available, 0 busy, ${total / 10} away`);
    expect(await page.$$('#agents tbody tr')).to.have.length(DASHBOARD_AGENT_ROWS);
    expect(await page.$('#agents tr :text-is("Agent 001")')).to.equal(null);

    await page.fill('#agent-search', 'agent 001');
    await page.waitForSelector('#agents-note:text-is("1 matching agent.")');
    expect(await page.$$eval('#agents tbody tr td:first-child', (els) => els.map((e) => e.textContent))).to.deep.equal(['Agent 001']);
    await page.fill('#agent-search', '');
    await page.selectOption('#agent-state-filter', 'break');
    await page.waitForSelector(`#agents-note:text-is("${total / 10} matching agents.")`);
    expect(await page.$$eval('#agents tbody tr .badge', (els) => [...new Set(els.map((e) => e.textContent))])).to.deep.equal(['Break']);
    expect(await seriousA11yViolations(page)).to.deep.equal([]);
  });
});
