import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
export const ARTIFACTS = join(ROOT, 'test-artifacts/ui');
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface Bulwark {
  url: string;
  adminPassword: string;
  stop(): Promise<void>;
}

/**
 * A real server process (`bulwark serve`) on a free port over a fresh SQLite file, bundled lists loaded;
 * `seed` are command lines the CLI runs on the store first, as its local operator in office-a.
 */
export async function startBulwark(seed: string[][] = []): Promise<Bulwark> {
  const dir = mkdtempSync(join(tmpdir(), 'bwk-web-'));
  const env = { ...process.env, BULWARK_DB: join(dir, 'bulwark.db'), BULWARK_LOG_LEVEL: 'warn', BULWARK_OFFICE: 'office-a' };
  for (const args of seed) {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/bulwark.js'), ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 90_000 });
    if (r.status !== 0) throw new Error(`bulwark ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/bulwark.js'), 'serve', '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`the server did not start in 90 s:\n${out}\n${err}`)), 90_000);
    child.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${out}\n${err}`)));
    const poll = setInterval(() => {
      const m = out.match(/serving at (http:\/\/[^\s]+?)\/? /);
      if (m) {
        clearInterval(poll);
        clearTimeout(t);
        resolve(m[1]);
      }
    }, 100);
  });
  const adminPassword = out.match(/with the password\s+(\S+)/)![1];
  return {
    url,
    adminPassword,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A JSON client of the API for setting up data, signed in as one user. */
export async function apiAs(base: string, username: string, password: string) {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!login.ok) throw new Error(`sign-in as ${username} failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T = unknown>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** Fails the test on any script error or Content-Security-Policy violation in the page. */
export function watchConsole(page: Page, problems: string[]): void {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // 400, 401 and 404 are answers the tests provoke on purpose: a bad date, an expired session, another office's record.
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (400|401|404)/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
}

/** axe-core on the page as it stands (no serious or critical violation, WCAG 2.2 AA), and a screenshot kept as an artefact. */
export async function check(page: Page, name: string): Promise<void> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  expect(violations, `accessibility of ${name}`).toEqual([]);
}

/** Signs in through the form. */
export async function signIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Follows a link of the main navigation. */
export async function go(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
}
