import { expect } from 'chai';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { addAgent } from '../support/agents.js';
import { expectAccessible, watchCsp } from '../support/browser.js';
import { pageInNewContext, signInThroughForm, withChromiumAnd } from '../support/pages.js';
import { startCentre } from '../support/routing.js';
import { INBOX_FLOWS, leaveVoicemail } from '../support/voicemails.js';
import { addSupervisorLogin, giveLogin } from '../support/web.js';

// SAVE_SCREENSHOTS=1 (npm run screenshots) refreshes the pictures in docs/screenshots.
const SHOTS = process.env.SAVE_SCREENSHOTS ? path.resolve(import.meta.dirname, '../../docs/screenshots') : undefined;

describe('voicemail inbox page: play through Switchboard, assign, mark handled; the agent’s console', function () {
  this.timeout(60_000);
  const [browser, centre] = withChromiumAnd(() => startCentre({ flowsDir: INBOX_FLOWS }));

  async function signedInPage(path: string, username: string): Promise<{ page: Page; csp: string[] }> {
    const page = await pageInNewContext(browser());
    const csp = await watchCsp(page);
    await signInThroughForm(page, `${centre().server.url}${path}`, username, {
      signedOut: async () => {
        await page.waitForSelector('#login:not(.hidden)');
        await expectAccessible(page, `${path} signed out`);
      },
    });
    return { page, csp };
  }

  it('lists the messages and plays one: the audio element’s request hits the proxy and gets audio', async () => {
    await addSupervisorLogin('sam');
    await leaveVoicemail(centre(), { from: '+15550001111', seconds: 3 });
    await leaveVoicemail(centre(), { from: '+15550002222', key: '2', seconds: 5 });
    const { page, csp } = await signedInPage('/voicemails', 'sam');
    await page.waitForSelector('#voicemails tbody tr[data-voicemail]');
    const rows = await page.$$eval('#voicemails tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 6).map((td) => td.textContent?.trim())),
    );
    expect(rows.map((r) => [r[0], r[2], r[3], r[5]])).to.deep.equal([
      ['+15550002222', 'inbox-line', 'es-MX', '0:05'],
      ['+15550001111', 'inbox-line', 'en-US', '0:03'],
    ]);
    await expectAccessible(page, 'the inbox with messages');

    const id = await page.getAttribute('#voicemails tbody tr:nth-child(2)', 'data-voicemail');
    const audioResponse = page.waitForResponse((r) => r.url().endsWith(`/api/voicemails/${id}/audio`) && r.status() < 300);
    await page.click('#voicemails tbody tr:nth-child(2) .play');
    const response = await audioResponse;
    expect(response.headers()['content-type']).to.match(/^audio\//);
    const body = await response.body();
    expect(body.subarray(0, 4).toString('ascii')).to.equal('RIFF');
    // Chromium decoded it: the element knows the message's length.
    await page.waitForFunction(() => {
      // Runs in the page (no DOM types here).
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { duration: number } | null } }).document;
      return (doc.querySelector('#voicemails audio')?.duration ?? 0) > 2.9;
    });
    await expectAccessible(page, 'a message playing');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'voicemails.png') });
    const duration = await page.$eval('#voicemails audio', (a) => (a as unknown as { duration: number }).duration);
    expect(duration).to.be.closeTo(3, 0.05);
    const src = await page.$eval('#voicemails audio', (a) => (a as unknown as { src: string }).src);
    expect(src).to.equal(`${centre().server.url}/api/voicemails/${id}/audio`);
    expect(centre().twilio.requests.some((r) => /\/Recordings\/RE[0-9a-f]{32}\.wav$/.test(r.path))).to.equal(true);

    // The same address without a session: refused, no audio.
    const stranger = await browser().newContext();
    const refused = await stranger.request.get(`${centre().server.url}/api/voicemails/${id}/audio`);
    expect(refused.status()).to.equal(401);
    await stranger.close();
    expect(csp).to.deep.equal([]);
    await page.context().close();
  });

  it('assigns a message to an agent, who plays it and marks it handled in the console', async () => {
    await addSupervisorLogin('sam');
    const ana = await addAgent({ name: 'Ana Ruiz', state: 'offline' });
    await addAgent({ name: 'Ben Carter', state: 'offline' });
    await giveLogin(ana.id, 'ana');
    await leaveVoicemail(centre(), { from: '+15550001111', seconds: 3 });
    await leaveVoicemail(centre(), { from: '+15550002222', seconds: 3 });
    const { page } = await signedInPage('/voicemails', 'sam');
    await page.waitForSelector('#voicemails tbody tr[data-voicemail]');
    const first = page.locator('#voicemails tbody tr').filter({ hasText: '+15550001111' });
    const assigned = page.waitForResponse((r) => r.url().endsWith('/assignee') && r.request().method() === 'PUT');
    await first.locator('select.assign').selectOption({ label: 'Ana Ruiz' });
    expect((await assigned).status()).to.equal(200);

    const { page: console, csp } = await signedInPage('/console', 'ana');
    await console.waitForSelector('#voicemails tbody tr[data-voicemail]');
    const mine = await console.$$eval('#voicemails tbody tr', (trs) => trs.map((tr) => tr.querySelector('td')?.textContent));
    expect(mine).to.deep.equal(['+15550001111']); // not Ben's nor the unassigned one
    expect(await console.textContent('#voicemails tbody tr td[data-label="Assigned"]')).to.equal('by Sam Lee');
    const audio = console.waitForResponse((r) => r.url().includes('/audio') && r.status() < 300);
    await console.click('#voicemails .play');
    expect((await audio).headers()['content-type']).to.match(/^audio\//);
    await console.click('#voicemails .mark-handled');
    await console.waitForSelector('#voicemails tbody tr.handled');
    expect(await console.textContent('#voicemails tr.handled .handled-by')).to.match(/^Ana Ruiz, /);
    await expectAccessible(console, 'the console’s voicemails, one handled');
    expect(csp).to.deep.equal([]);
    await console.context().close();

    // Back in the inbox: the handled message has left the open list; "Handled" shows who.
    await page.reload();
    await page.waitForSelector('#voicemails tbody tr[data-voicemail]');
    expect(await page.$$eval('#voicemails tbody tr td:first-child', (tds) => tds.map((td) => td.textContent))).to.deep.equal([
      '+15550002222',
    ]);
    await page.selectOption('#status', 'handled');
    await page.waitForSelector('#voicemails tbody tr.handled');
    expect(await page.textContent('#voicemails tr.handled .handled-by')).to.match(/^Ana Ruiz, /);
    await expectAccessible(page, 'the handled messages');
    // The supervisor marks the other one handled from the inbox.
    await page.selectOption('#status', 'open');
    await page.waitForSelector('#voicemails tbody tr:not(.handled) .mark-handled');
    await page.click('#voicemails .mark-handled');
    await page.waitForSelector('#voicemails tbody td.muted');
    expect(await page.textContent('#voicemails tbody')).to.include('No voicemails here.');
    await expectAccessible(page, 'an empty inbox');
    await page.context().close();
  });
});
