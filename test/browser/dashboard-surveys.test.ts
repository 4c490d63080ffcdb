import { expect } from 'chai';
import { configureGroup } from '../support/agents.js';
import { expectAccessible, watchCsp } from '../support/browser.js';
import { testDatabase } from '../support/database.js';
import { pageInNewContext, signInThroughForm, withChromiumAnd } from '../support/pages.js';
import { startTestServer } from '../support/server.js';
import { addSupervisorLogin, getJson, signIn } from '../support/web.js';
import { entry } from '../reports/fixtures.js';

describe('dashboard: today’s NPS and CSAT per group, beside the service level', function () {
  this.timeout(60_000);
  const [browser, server] = withChromiumAnd(() => startTestServer());

  /** Answers given just now on a call billing completed; yesterday's do not count today. */
  async function answers(group: string, scores: { kind: 'nps' | 'csat'; score: number; daysAgo?: number }[]) {
    for (const [i, a] of scores.entries()) {
      const at = new Date(Date.now() - (a.daysAgo ?? 0) * 86_400_000 - 1000).toISOString();
      const e = await entry({ group, created: at, state: 'completed' });
      await testDatabase().pool.query(
        `INSERT INTO survey_responses (call_sid, step, kind, score, created_at) VALUES ($1, $2, $3, $4, now() - make_interval(days => $5))`,
        [e.call, `q${i}`, a.kind, a.score, a.daysAgo ?? 0],
      );
    }
  }

  it('shows NPS (+33.3 from 10, 9, 3) and CSAT (4.5 from 4, 5) with their answers; — where none', async () => {
    await configureGroup('billing');
    await configureGroup('support');
    await answers('billing', [
      { kind: 'nps', score: 10 },
      { kind: 'nps', score: 9 },
      { kind: 'nps', score: 3 },
      { kind: 'nps', score: 0, daysAgo: 2 },
      { kind: 'csat', score: 4 },
      { kind: 'csat', score: 5 },
    ]);
    await addSupervisorLogin('sam');

    const { cookie } = await signIn(server().url, 'sam', 'supervisor');
    const api = await getJson(`${server().url}/api/dashboard`, cookie);
    const billing = api.body.queues.find((q: { group: string }) => q.group === 'billing');
    expect(billing).to.deep.include({ npsToday: 33.3, npsResponsesToday: 3, csatToday: 4.5, csatResponsesToday: 2 });
    expect(api.body.queues.find((q: { group: string }) => q.group === 'support')).to.deep.include({
      npsToday: null,
      npsResponsesToday: 0,
      csatToday: null,
    });

    const page = await pageInNewContext(browser(), { viewport: { width: 1280, height: 900 } });
    const csp = await watchCsp(page);
    await signInThroughForm(page, `${server().url}/dashboard`, 'sam');
    await page.waitForSelector('#queues tr[data-group="billing"] .nps');
    expect(await page.textContent('#queues thead')).to.include('NPS');
    expect(await page.textContent('#queues tr[data-group="billing"] .nps')).to.equal('+33.3 (3)');
    expect(await page.textContent('#queues tr[data-group="billing"] .csat')).to.equal('4.5 (2)');
    expect(await page.textContent('#queues tr[data-group="support"] .nps')).to.equal('—');
    expect(await page.textContent('#queues tr[data-group="support"] .csat')).to.equal('—');
    await expectAccessible(page, 'NPS and CSAT shown');
    expect(csp).to.deep.equal([]);
    await page.context().close();
  });
});
