import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { addAgent } from '../support/agents.js';
import { seriousA11yViolations, watchCsp } from '../support/browser.js';
import { pageInNewContext, signInThroughForm, withChromiumAnd } from '../support/pages.js';
import { dialCentre, startCentre, untilRinging } from '../support/routing.js';
import { giveLogin } from '../support/web.js';

// Issue 14 item 10: the screen pop says the menu path as the caller went through it, in the flow's
// titles, and the lookup data as labelled fields.
const flow = (crmUrl: string) => `flow: titled-line
numbers: ["+18005550100"]
default: true
languages: [en-US, es-MX]
labels: { account_status: Account status }
start: choose-language
steps:
  choose-language:
    menu:
      - say: For English, press 1.
        language: en-US
      - say: Para español, oprima 2.
        language: es-MX
    options:
      "1": { goto: main-menu, set: { language: en-US }, title: English }
      "2": { goto: main-menu, set: { language: es-MX }, title: Español }
    no_input: { attempts: 2, then: main-menu }
    invalid: { attempts: 2, then: main-menu }
  main-menu:
    title: { en-US: Main menu, es-MX: Menú principal }
    menu:
      en-US: For billing, press 1. For sales, press 3.
      es-MX: Para facturación, oprima 1. Para ventas, oprima 3.
    options:
      "1": { goto: find-customer, title: { en-US: Billing, es-MX: Facturación } }
      "3": find-customer
    no_input: { attempts: 2, then: find-customer }
    invalid: { attempts: 2, then: find-customer }
  find-customer:
    lookup: ${crmUrl}/customers
    save: { account_status: customer.status, first_name: customer.first_name }
    next: billing
    on_failure: billing
  billing:
    queue: billing
    hold:
      en-US: Please hold.
      es-MX: Espere, por favor.
    then: hangup
    on_failure: hangup
`;

/** A stand-in CRM: every caller is Marta, whose account is overdue. */
async function startCrm(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ customer: { status: 'overdue', first_name: 'Marta' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe("agent console: the screen pop in words (the flow's titles, labelled lookup data)", function () {
  this.timeout(60_000);
  let crm: Awaited<ReturnType<typeof startCrm>>;
  const [browser, centre] = withChromiumAnd(async () => {
    crm = await startCrm();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'titled-flow-'));
    await writeFile(path.join(dir, 'titled-line.yaml'), flow(crm.url));
    return startCentre({ flowsDir: dir });
  });
  after(() => crm?.close());
  let context: BrowserContext | undefined;
  afterEach(() => context?.close());

  async function consoleOf(username: string) {
    const page = await pageInNewContext(browser(), { viewport: { width: 1280, height: 900 } });
    context = page.context();
    const csp = await watchCsp(page);
    await signInThroughForm(page, `${centre().server.url}/console`, username, { until: '#console:not(.hidden)' });
    return { page, csp };
  }

  it('a Spanish caller who chose billing pops as "Español → Billing", in the language the centre reads, with labelled fields', async () => {
    const agent = await addAgent({ name: 'Ana Ruiz' });
    await giveLogin(agent.id, 'ana');
    const { page, csp } = await consoleOf('ana');

    const call = await dialCentre(centre(), { from: '+15557654321' });
    await call.press('2');
    await call.press('1');
    await untilRinging(centre(), call);
    await page.waitForSelector('#call:not(.hidden)');
    // The path is said in the flow's first language, the centre's; the caller's own is on its line.
    expect(await page.textContent('#pop-path')).to.equal('Español → Billing');
    expect(await page.$$eval('#pop-path .chip', (els) => els.map((e) => e.getAttribute('title')))).to.deep.equal([
      'choose-language:2',
      'main-menu:1',
    ]);
    expect(await page.textContent('#pop-language')).to.equal('es-MX');
    // Each lookup field under its label: the flow's, else the variable's name in words.
    const fields = await page.$$eval('#pop-fields dt', (dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]));
    expect(fields).to.deep.equal([
      ['Account status', 'overdue'],
      ['First name', 'Marta'],
    ]);
    expect(await seriousA11yViolations(page)).to.deep.equal([]);
    expect(csp).to.deep.equal([]);
  });

  it("an option without a title is its menu's title and the key", async () => {
    const agent = await addAgent({ name: 'Ben Carter' });
    await giveLogin(agent.id, 'ben');
    const { page } = await consoleOf('ben');
    const call = await dialCentre(centre());
    await call.press('1');
    await call.press('3');
    await untilRinging(centre(), call);
    await page.waitForSelector('#call:not(.hidden)');
    expect(await page.textContent('#pop-path')).to.equal('English → Main menu 3');
  });
});
