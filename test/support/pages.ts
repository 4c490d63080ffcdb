import type { Browser, BrowserContextOptions, Page, Response } from 'playwright-core';
import { launchChromium } from './browser.js';
import { resetDatabase } from './database.js';
import { PASSWORD } from './web.js';

/**
 * Registers mocha hooks that launch Chromium before the file's tests and close it after them; the
 * getter is for tests and later hooks (it throws if called before the launch).
 */
export function withChromium(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser?.close());
  return () => browser ?? notYet('Chromium');
}

/**
 * Chromium and what `start` starts (a test server, a routing centre), both up before the file's
 * tests and closed after them, and the database emptied before each test or, for tests that share
 * what a `before` puts in it, once after the start.
 */
export function withChromiumAnd<T extends { close(): Promise<void> }>(
  start: () => Promise<T>,
  { resetDatabase: reset = 'before each test' }: { resetDatabase?: 'before each test' | 'once' } = {},
): [browser: () => Browser, started: () => T] {
  const browser = withChromium();
  let started: T | undefined;
  before(async () => {
    started = await start();
    if (reset === 'once') await resetDatabase();
  });
  after(() => started?.close());
  if (reset === 'before each test') beforeEach(resetDatabase);
  return [browser, () => started ?? notYet('the server')];
}

function notYet(what: string): never {
  throw new Error(`${what} is not started yet: use it in a test or in a later hook`);
}

/**
 * A page in a context of its own: no session carried over from another page, and one axe-core can
 * check (expectAccessible). Call watchCsp on it before signing in.
 */
export async function pageInNewContext(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  return (await browser.newContext(options)).newPage();
}

/**
 * Opens `url` on `page` and signs in through its form; `signedOut` looks at the form (and the
 * response) first, and `until` is the selector that says the signed-in page is there.
 */
export async function signInThroughForm(
  page: Page,
  url: string,
  username: string,
  opts: { signedOut?: (page: Page, response: Response | null) => Promise<unknown>; until?: string } = {},
): Promise<void> {
  const response = await page.goto(url);
  await opts.signedOut?.(page, response);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('#login button[type=submit]');
  if (opts.until) await page.waitForSelector(opts.until);
}
