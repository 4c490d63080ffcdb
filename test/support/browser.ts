import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (no browser download). CI installs it; a missing one fails loudly. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Records every Content-Security-Policy violation a page reports, both as the console message
 * Chromium prints and as the `securitypolicyviolation` event the page sees, so a test can fail on
 * any of them. Call before the page loads anything.
 */
export async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) violations.push(`console: ${m.text()}`);
  });
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(`event: ${v}`));
  await page.addInitScript(() => {
    // Runs in the page (no DOM types here).
    const page = globalThis as unknown as { document: EventTarget; __cspViolation(v: string): void };
    page.document.addEventListener('securitypolicyviolation', (event) => {
      const e = event as Event & { effectiveDirective: string; blockedURI: string; sourceFile: string; lineNumber: number };
      page.__cspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  return violations;
}

/**
 * axe-core's WCAG 2.1 A/AA checks of the page as it is now; returns the serious and critical
 * violations, one line each (rule, impact, the first offending elements), so a test can expect none.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const { AxeBuilder } = await import('@axe-core/playwright');
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`)
          .join(' | ')}`,
    );
}

/** Fails naming `state` and each serious or critical axe-core violation on the page (needs a page from browser.newContext()). */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const found = await seriousA11yViolations(page);
  if (found.length) throw new Error(`accessibility (axe-core, WCAG 2.1 AA), ${state}:\n${found.join('\n')}`);
}
