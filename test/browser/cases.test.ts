import { expect } from 'chai';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { addAgent, configureGroup } from '../support/agents.js';
import { expectAccessible, watchCsp } from '../support/browser.js';
import { testDatabase } from '../support/database.js';
import { pageInNewContext, signInThroughForm, withChromiumAnd } from '../support/pages.js';
import { dialCentre, startCentre, untilRinging } from '../support/routing.js';
import { addSupervisorLogin, giveLogin } from '../support/web.js';

// SAVE_SCREENSHOTS=1 keeps pictures of the pages in docs/screenshots.
const SHOTS = process.env.SAVE_SCREENSHOTS ? path.resolve(import.meta.dirname, '../../docs/screenshots') : undefined;
const MONDAY_10AM = Date.parse('2026-11-23T15:00:00Z');
const CALLER = '+12125550123';

describe('cases on the pages, in headless Chromium', function () {
  this.timeout(60_000);
  const [browser, centre] = withChromiumAnd(() => startCentre({ now: () => MONDAY_10AM }));
  const db = () => testDatabase().pool;

  let cspViolations: string[][] = [];
  beforeEach(() => (cspViolations = []));
  afterEach(() => expect(cspViolations.flat(), 'Content-Security-Policy violations').to.deep.equal([]));
  async function signedInPage(path: string, username: string): Promise<Page> {
    const page = await pageInNewContext(browser(), { viewport: { width: 1280, height: 1000 } });
    cspViolations.push(await watchCsp(page));
    await signInThroughForm(page, `${centre().server.url}${path}`, username);
    return page;
  }
  const openCase = async (customer: string, category: string) =>
    (
      await db().query<{ id: number }>(
        `SELECT open_case('api', $2, 'From the test', $1, NULL, NULL, NULL, NULL, 'general', NULL, 'supervisor', NULL, NULL, 'Sam Lee', NULL) AS id`,
        [customer, category],
      )
    ).rows[0].id;

  it('dashboard: open cases, overdue first, and a state change from the list', async () => {
    await addSupervisorLogin('supervisor');
    const onTime = await openCase('+12125550100', 'billing');
    const overdue = await openCase('+12125550101', 'refund');
    await db().query(`UPDATE cases SET acknowledge_due_at = now() - interval '5 minutes' WHERE id = $1`, [overdue]);
    const closed = await openCase('+12125550102', 'done');
    await db().query(`UPDATE cases SET state = 'closed' WHERE id = $1`, [closed]);

    const page = await signedInPage('/dashboard', 'supervisor');
    await page.waitForSelector('#cases[data-loaded=true] tr[data-case]');
    const rows = () => page.$$eval('#cases tbody tr[data-case]', (trs) => trs.map((tr) => [tr.getAttribute('data-case'), tr.className]));
    expect(await rows()).to.deep.equal([
      [String(overdue), 'overdue'],
      [String(onTime), ''],
    ]);
    expect(await page.textContent(`#cases tr[data-case="${overdue}"]`)).to.include('overdue');
    await expectAccessible(page, 'the dashboard’s open cases, one overdue');
    if (SHOTS) await page.locator('#cases-card').screenshot({ path: path.join(SHOTS, 'dashboard-cases.png') });

    await page.fill(`#cases tr[data-case="${overdue}"] .case-note`, 'Apologised by phone');
    await page.click(`#cases tr[data-case="${overdue}"] .case-to[data-to=acknowledged]`);
    await page.waitForSelector(`#cases tr[data-case="${overdue}"] .case-to[data-to=resolved]`);
    const { rows: changes } = await db().query(`SELECT to_state, note, by_name FROM case_changes WHERE case_id = $1 AND what = 'state'`, [
      overdue,
    ]);
    expect(changes).to.deep.equal([{ to_state: 'acknowledged', note: 'Apologised by phone', by_name: 'Sam Lee' }]);
  });

  it('console: the screen pop shows the caller’s recent contacts, last scores and open case; My cases lists theirs', async () => {
    await configureGroup('billing', {}, {});
    const ana = await addAgent({ name: 'Ana Ruiz', state: 'break' });
    const ben = await addAgent({ name: 'Ben Carter', state: 'offline' });
    await giveLogin(ben.id, 'ben');
    // Earlier: the caller talked to Ana in billing, answered the survey with 2, and has a case open.
    const before = await dialCentre(centre(), { from: CALLER });
    await db().query(`UPDATE agents SET state = 'available' WHERE id = $1`, [ana.id]);
    await before.press('1');
    await before.press('1');
    await untilRinging(centre(), before);
    await before.agentAnswers({ press: '1' });
    await before.endBridge({ by: 'agent', seconds: 60 });
    await before.press('2');
    await db().query(`UPDATE assignments SET disposition = 'follow-up'`);
    await db().query(`UPDATE agents SET state = 'offline' WHERE id = $1`, [ana.id]);
    const caseId = await openCase(CALLER, 'billing');
    await db().query(`UPDATE cases SET owner_group = NULL, owner_agent_id = $1 WHERE id = $2`, [ben.id, caseId]);

    const page = await signedInPage('/console', 'ben');
    await page.waitForSelector(`#my-cases[data-loaded=true] tr[data-case="${caseId}"]`);
    await expectAccessible(page, 'the console’s My cases');
    await page.click('#go-available');
    await page.waitForSelector('#state:text-is("available")');
    const call = await dialCentre(centre(), { from: CALLER });
    await call.press('1');
    await call.press('1');
    await untilRinging(centre(), call);
    await page.waitForSelector('#pop-contacts tbody tr');
    const contacts = await page.$$eval('#pop-contacts tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent)),
    );
    expect(contacts).to.deep.equal([['billing', 'Ana Ruiz', 'follow-up']]);
    expect(await page.textContent('#pop-scores')).to.match(/^Last scores: csat 2 \(/);
    expect(await page.textContent('#pop-open-case')).to.equal(`Open case ${caseId}: billing, received`);
    await expectAccessible(page, 'the caller’s history in the screen pop');
    if (SHOTS) await page.locator('#call-card').screenshot({ path: path.join(SHOTS, 'console-caller-history.png') });
    await call.hangUp();
  });
});
