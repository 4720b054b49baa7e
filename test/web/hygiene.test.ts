import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, go, launch, signIn, startBulwark, watchConsole, type Bulwark } from './harness.js';

const PASSWORD = 'correct horse battery staple for tests';
// A right-to-left override that would show "Jane Doe" reversed, and a bell (C0) that would hide.
const NAME = 'Jane \u202eeoD\u202c \u0007Bell';
const SHOWN = 'Jane \\u202eeoD\\u202c \\u0007Bell';
// Every character seeded below that must never reach the page as it is.
const RAW = /[\u202e\u202c\u0007\u001b\u2067\u2069\u200f]/;

/**
 * Text the CLI stored with control and bidi characters (the API refuses them) shows in the web UI as
 * visible \uXXXX escapes, as on the terminal and in CSV, on every page that shows it.
 */
describe('web UI input hygiene in a real browser', () => {
  let bwk: Bulwark;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    [bwk, browser] = await Promise.all([
      startBulwark([
        ['office', '--kind', 'commons', '--name', 'Office \u202eA'],
        ['approach', 'add', '--name', NAME, '--role', 'journalist', '--affiliation', 'Acme \u2067Ltd\u2069', '--date', '2026-11-02', '--channel', 'email', '--type', 'meeting_request', '--approached', 'Researcher \u001b[31m', '--asked', 'lunch \u200fsoon'],
      ]),
      launch(),
    ]);
    const first = await apiAs(bwk.url, 'admin', bwk.adminPassword);
    await first('POST', '/api/auth/password', { current: bwk.adminPassword, next: PASSWORD });
    page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    watchConsole(page, problems);
    await signIn(page, bwk.url, 'admin', PASSWORD);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await bwk?.stop();
  });

  /** The page's text as read (innerText) holds the escapes and no raw unsafe character, nor does any text node. */
  async function shows(...texts: string[]): Promise<void> {
    for (const t of texts) await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain(t);
    const dom = await page.evaluate(() => {
      const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      let all = document.title;
      while (w.nextNode()) all += w.currentNode.nodeValue;
      return all;
    });
    expect(dom).not.toMatch(RAW);
  }

  it('the dashboard, the contacts table, the contact page and the offices show the escapes, never the raw characters', async () => {
    await shows(SHOWN);
    await go(page, 'Contacts');
    await shows(SHOWN, 'Acme \\u2067Ltd\\u2069');
    await page.getByRole('link', { name: SHOWN }).click();
    await page.getByRole('heading', { name: SHOWN, level: 1 }).waitFor();
    await shows('Asked: lunch \\u200fsoon', 'approached: Researcher \\u001b[31m', 'Acme \\u2067Ltd\\u2069');
    expect(await page.title()).toBe(`${SHOWN} · Bulwark`);
    await go(page, 'Admin');
    await page.getByRole('button', { name: 'Offices' }).click();
    await shows('Office \\u202eA');
    expect(problems).toEqual([]);
  }, 60_000);
});
