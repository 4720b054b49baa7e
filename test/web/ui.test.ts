import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, check, go, launch, signIn, startBulwark, watchConsole, type Bulwark } from './harness.js';

const PASSWORD = 'correct horse battery staple for tests';
const SHEN = { name: 'Shirly Shen', email: 'shirly.shen@internshipunion.example' };

/**
 * The web UI in Debian's Chromium against a real `bulwark serve` over a fresh SQLite store: one
 * server and one browser for the file, a fresh context (cookies) per user.
 */
describe('web UI in a real browser', () => {
  let bwk: Bulwark;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  let shenContactA = '';

  async function pageFor(width = 1280): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true, locale: 'en-GB' });
    contexts.push(ctx);
    const page = await ctx.newPage();
    watchConsole(page, problems);
    return page;
  }

  beforeAll(async () => {
    [bwk, browser] = await Promise.all([startBulwark(), launch()]);
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await bwk?.stop();
  });

  it('the first administrator signs in, must change the password, and sets up offices and users', async () => {
    const page = await pageFor();
    await page.goto(`${bwk.url}/`);
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Bulwark' }).isVisible()).toBe(true);
    const csp = (await page.request.get(`${bwk.url}/`)).headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|https?:/);
    await check(page, 'sign-in');
    await signIn(page, bwk.url, 'admin', 'not the password');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/problem/i);
    await signIn(page, bwk.url, 'admin', bwk.adminPassword);
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    await check(page, 'password-change');
    await page.getByLabel('Current password').fill(bwk.adminPassword);
    await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('New password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    // Role-aware navigation: an administrator sees Admin and Security.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect.poll(() => nav.getByRole('link').allTextContents()).toEqual(expect.arrayContaining(['Admin', 'Security', 'Report an approach']));

    const admin = await apiAs(bwk.url, 'admin', PASSWORD);
    await admin('PUT', '/api/offices/office-a', { name: 'Office of the Member for Anytown', kind: 'commons' });
    await admin('PUT', '/api/offices/office-b', { name: 'Borough councillor', kind: 'council' });
    for (const [username, role, officeId, offices] of [['amira', 'staff', 'office-a', []], ['ben', 'staff', 'office-b', []], ['cara', 'member', 'office-b', []], ['sam', 'security_officer', 'office-a', ['office-b']]] as const) {
      await admin('POST', '/api/users', { username, role, officeId, offices, password: PASSWORD, displayName: username[0].toUpperCase() + username.slice(1) });
    }
    await go(page, 'Admin');
    await page.getByRole('cell', { name: /Sam/ }).first().waitFor();
    await check(page, 'admin-users');
    await page.getByRole('button', { name: 'Audit' }).click();
    await page.getByText('The chain verifies').waitFor();
    await page.getByRole('button', { name: 'Lists' }).click();
    await page.getByRole('button', { name: /history of un-sc/ }).click();
    await page.getByRole('table', { name: 'Versions of un-sc' }).getByRole('cell', { name: '1,003' }).waitFor();
    await check(page, 'admin-lists');
  }, 120_000);

  it('a member of staff reports an approach on a 375 px phone and sees its level, reasons, whom to tell and by when', async () => {
    const page = await pageFor(375);
    await signIn(page, bwk.url, 'amira', PASSWORD);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await check(page, 'dashboard-375');
    await go(page, 'Report an approach');
    await page.getByLabel('Their name (or the organisation\'s)').fill(SHEN.name);
    await page.getByLabel('Organisation they claimed').fill('InternshipUnion');
    await page.getByLabel('Their email address').fill(SHEN.email);
    await page.getByRole('radio', { name: 'LinkedIn' }).check();
    await page.getByRole('checkbox', { name: 'Job or consultancy offer' }).check();
    await page.getByLabel('What did they ask for or offer?').fill('Paid consultancy reports on the UK view of trade policy, and a paid trip to a conference in Hangzhou');
    await page.getByRole('checkbox', { name: /paid consultancy, paid reports/ }).check();
    await page.getByRole('checkbox', { name: /all-expenses-paid trip abroad/ }).check();
    await page.getByRole('checkbox', { name: 'Something felt wrong, even if I cannot say what' }).check();
    // The level arrives from the server while the form is being filled.
    const live = page.getByRole('complementary', { name: 'Level so far' });
    await expect.poll(() => live.textContent(), { timeout: 15_000 }).toMatch(/Level: (high|critical)/i);
    await page.setInputFiles('input[type=file]', { name: 'message.txt', mimeType: 'text/plain', buffer: Buffer.from('Hello, I found your profile and would like to offer you a consultancy role.') });
    await expect.poll(() => page.getByRole('list', { name: 'Attached files' }).textContent()).toMatch(/message\.txt \(75 bytes\)/);
    await check(page, 'report-form-375');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // A date that does not exist: the server names the field, the form marks it, and nothing typed is lost.
    const date = page.getByLabel('Date', { exact: true });
    const today = await date.inputValue();
    await date.fill('31/02/2026');
    await page.getByRole('button', { name: 'Send the report' }).click();
    await expect.poll(() => date.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('main').textContent()).toMatch(/is not a date: month 2 of 2026 has 28 days/);
    expect(await page.getByLabel('Their email address').inputValue()).toBe(SHEN.email);
    await date.fill(today);
    await page.getByRole('button', { name: 'Send the report' }).click();
    await page.getByRole('heading', { name: 'Report sent' }).waitFor();
    const main = page.getByRole('main');
    await expect.poll(() => main.textContent()).toMatch(/Level: (high|critical)/i);
    const text = (await main.textContent())!;
    expect(text).toMatch(/RF-A08/);
    expect(text).toMatch(/RF-A10/);
    expect(text).toContain('Parliamentary Security Department');
    expect(text).toContain('TellPSD@parliament.uk');
    expect(text).toMatch(/Parliamentary Security Department, today/);
    expect(await main.getByRole('link', { name: 'Why this matters' }).count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await check(page, 'report-done-375');
    await page.getByRole('link', { name: 'See the contact\'s page' }).click();
    await page.getByRole('heading', { name: SHEN.name, level: 1 }).waitFor();
    shenContactA = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    // The contact is screened again on its page: the public alert profile is found and explained.
    await page.getByRole('article', { name: /Shirly Shen, uk-security-alerts/i }).waitFor({ timeout: 15_000 });
    await check(page, 'contact-375');
  }, 120_000);

  it('screening a listed name written in Cyrillic finds and explains the right entry; a CSV batch runs with progress and downloads', async () => {
    const page = await pageFor();
    await signIn(page, bwk.url, 'amira', PASSWORD);
    await go(page, 'Screening');
    // The bundled lists are old copies: the page says so, naming the oldest (the 2019 Consolidated Screening List sample).
    const stale = page.getByRole('note', { name: 'Out-of-date lists' });
    await stale.waitFor();
    expect(await stale.textContent()).toMatch(/lists screened against hold data more than a month old.*The oldest: US Consolidated Screening List \(2019 layout\), data of 03\/12\/2019/s);
    await page.getByLabel('Name to screen').fill('Игорь Гиркин');
    const hit = page.getByRole('article', { name: /GIRKIN/i }).first();
    await hit.waitFor({ timeout: 15_000 });
    const explained = (await hit.textContent())!;
    expect(explained).toMatch(/Igor/i);
    expect(explained).toMatch(/How each word matched/);
    expect(explained).toMatch(/girkin/i);
    expect(explained).toMatch(/transliterated from Cyrillic/);
    await check(page, 'screening');
    await page.getByLabel('Reason').first().fill('The listed Igor Girkin: same person, checked against the photo');
    await page.getByRole('radio', { name: /The same person/ }).first().check();
    await page.getByRole('button', { name: 'Record decision' }).first().click();
    await page.getByText(/Decided: true match/).first().waitFor();

    const csv = 'name,dob,country,id\nIgor Girkin,1970,,v-1\nJanet Whitfield,,GB,v-2\nAkram Turki Hishan Al-Mazidih,,,v-3\n';
    await page.setInputFiles('input[type=file][accept*=csv]', { name: 'visitors.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Screen the file' }).click();
    const link = page.getByRole('link', { name: 'Download the result (CSV)' });
    await link.waitFor({ timeout: 30_000 });
    expect(await page.locator('#batch-progress').getAttribute('value')).toBe('100');
    await check(page, 'screening-batch');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const result = readFileSync((await download.path())!, 'utf8');
    expect(result.split('\n')[0]).toMatch(/name/);
    expect(result).toMatch(/Igor Girkin.*GIRKIN/is);
    expect(result).toContain('v-3');
  }, 120_000);

  it('a donation from a company whose director is on a sanctions list: the listing is flagged and the verdict is the checker\'s', async () => {
    const page = await pageFor();
    await signIn(page, bwk.url, 'amira', PASSWORD);
    await go(page, 'Money');
    await page.getByLabel('Type of donor').selectOption('company');
    await page.getByLabel('Donor\'s name').fill('Northgate Trading Ltd');
    await page.getByLabel('Companies House number').fill('09876543');
    await page.getByLabel('Directors').fill('Igor Girkin');
    await page.getByLabel('Amount or value in pounds (£)').fill('5000');
    await page.getByLabel('Description').fill('Cheque towards the constituency office');
    const aside = page.getByRole('complementary', { name: 'Check' });
    await expect.poll(() => aside.textContent(), { timeout: 20_000 }).toMatch(/Igor Girkin matches/);
    // The donor type's evidence is asked for explicitly; answering it leaves the listing as the only concern.
    await page.getByLabel(/Incorporated in the UK/).selectOption('true');
    await page.getByLabel(/Carries on business in the UK/).selectOption('true');
    await expect.poll(() => aside.textContent(), { timeout: 20_000 }).not.toMatch(/Evidence still needed/);
    const text = (await aside.textContent())!;
    expect(text).toMatch(/Igor Girkin matches .*GIRKIN/i);
    expect(text).toMatch(/RF-D09/);
    expect(await aside.getByRole('link', { name: 'Why this matters' }).count()).toBeGreaterThan(0);
    // The verdict shown is the server's, word for word: 'do_not_accept' reads "Do not accept".
    const amira = await apiAs(bwk.url, 'amira', PASSWORD);
    const { check: api } = await amira<{ check: { verdict: string } }>('POST', '/api/money/check', {
      kind: 'donation', recipient: 'member', amount: 5000, received: new Date().toISOString().slice(0, 10), paymentMethod: 'bank_transfer', description: 'Cheque towards the constituency office',
      donor: { name: 'Northgate Trading Ltd', type: 'company', companyNumber: '09876543', directors: ['Igor Girkin'], owners: [], evidence: { incorporated_in_uk: true, carries_on_business_in_uk: true } },
    });
    const words: Record<string, string> = { do_not_accept: 'Do not accept', permissible: 'May be accepted', impermissible: 'Do not accept', cannot_tell: 'Do not accept yet' };
    expect(await aside.locator('.verdict').textContent()).toBe(words[api.verdict]);
    await check(page, 'money');
  }, 120_000);

  it('a security officer sees the same contact reported by two offices; a member of one office cannot open another office\'s contact by its address', async () => {
    const ben = await apiAs(bwk.url, 'ben', PASSWORD);
    await ben('POST', '/api/approaches', {
      contact: { name: 'Shirley Shen', emails: [SHEN.email] }, date: new Date().toISOString().slice(0, 10), channel: 'email', types: ['job_offer'],
      approached: { name: 'Councillor' }, asked: 'An internship placement in China for a researcher', answers: [],
    });
    const page = await pageFor();
    await signIn(page, bwk.url, 'sam', PASSWORD);
    await go(page, 'Security');
    const card = page.getByRole('article').filter({ hasText: '2 offices' });
    await card.waitFor({ timeout: 15_000 });
    const t = (await card.textContent())!;
    expect(t).toContain('office-a');
    expect(t).toContain('office-b');
    expect(t).toContain(SHEN.email);
    const across = page.getByRole('region', { name: 'Alerts across your offices' });
    await expect.poll(() => across.textContent()).toMatch(/office-a:[\s\S]*office-b:|office-b:[\s\S]*office-a:/);
    await page.locator('.graph canvas').first().waitFor();
    await check(page, 'security');

    const member = await pageFor();
    await signIn(member, bwk.url, 'cara', PASSWORD);
    await member.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(await member.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security', exact: true }).count()).toBe(0);
    for (const path of [`/contacts/${shenContactA}`, `/contacts/${shenContactA}?office=office-a`]) {
      await member.goto(`${bwk.url}${path}`);
      await member.getByRole('heading', { name: 'Contact not found' }).waitFor();
      expect(await member.getByText(SHEN.email).count()).toBe(0);
    }
    await member.goto(`${bwk.url}/security`);
    await member.getByRole('heading', { name: 'Page not found' }).waitFor();
  }, 120_000);

  it('a new member of staff reads the guidance and completes a drill; the security officer sees it', async () => {
    const page = await pageFor();
    await signIn(page, bwk.url, 'amira', PASSWORD);
    await go(page, 'Guidance');
    await page.getByRole('heading', { name: 'How a genuine contact turns malign' }).waitFor();
    await check(page, 'guidance');
    await go(page, 'Drills');
    await page.getByRole('link', { name: 'The recruiter on LinkedIn' }).click();
    await page.getByRole('radio', { name: /unsolicited offer of paid consultancy/ }).check();
    await page.getByRole('radio', { name: /small, harmless-looking asks/ }).check();
    await page.getByRole('radio', { name: /Report it/ }).check();
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await page.getByText('Drill complete: every answer right.').waitFor();
    await check(page, 'drill-done');
    await page.getByRole('link', { name: 'Back to the drills' }).click();
    await page.getByText(/Done on \d\d\/\d\d\/\d{4}: 3 of 3 right/).waitFor();

    // A session that ends mid-task: the next call brings back the sign-in form, and nothing typed is lost.
    await go(page, 'Report an approach');
    await page.getByLabel('Their name (or the organisation\'s)').fill('Half-typed Name');
    await page.context().clearCookies();
    await go(page, 'Contacts');
    await page.getByText('Your session ended').waitFor();
    await page.getByLabel('User name').fill('amira');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await go(page, 'Report an approach');
    expect(await page.getByLabel('Their name (or the organisation\'s)').inputValue()).toBe('Half-typed Name');

    const sam = await pageFor();
    await signIn(sam, bwk.url, 'sam', PASSWORD);
    await go(sam, 'Security');
    await sam.getByRole('row', { name: /amira/ }).getByText(/3\/3 on/).waitFor();
    expect(problems).toEqual([]);
  }, 120_000);

  it('a member of staff chooses a weekly digest and subscribes a calendar to the office\'s deadlines', async () => {
    const page = await pageFor();
    await signIn(page, bwk.url, 'amira', PASSWORD);
    await page.getByRole('link', { name: 'Reminders' }).click();
    await page.getByRole('heading', { name: 'Reminders' }).waitFor();
    await page.getByRole('radio', { name: /Weekly/ }).check();
    await page.getByText('Saved.').waitFor();
    await page.reload();
    expect(await page.getByRole('radio', { name: /Weekly/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Get a new calendar address' }).click();
    const address = (await page.locator('code.token').textContent())!;
    expect(address).toMatch(/\/calendar\/bwk_[\w-]+\.ics$/);
    await check(page, 'reminders');
    // What a calendar application does: fetch the address with no session at all.
    const feed = await fetch(address);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(await feed.text()).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/);
    expect(problems).toEqual([]);
  }, 120_000);
});
