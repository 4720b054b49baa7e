import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/bulwark.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'bwk-cli-accounts-'));
const db = join(dir, 'cli.db');

function bulwark(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, BULWARK_DB: db, ...opts.env }, input: opts.input ?? '', encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the command line acts as a named user', () => {
  let alicePassword = '';
  let token = '';

  it('on a new store the local operator creates the first account; after that only a signed-in administrator adds more', () => {
    expect(bulwark(['status']).code).toBe(0);
    const admin = bulwark(['user', 'add', 'root-admin', '--role', 'admin', '--office', 'office-a']);
    expect(admin.code, admin.err).toBe(0);
    const adminPassword = admin.out.match(/Password, shown once: (\S+)/)![1];
    expect(bulwark(['user', 'add', 'eve', '--role', 'admin', '--office', 'office-a']).code).toBe(11);
    expect(bulwark(['login', '--user', 'root-admin'], { input: `${adminPassword}\n` }).code).toBe(0);
    expect(bulwark(['password'], { input: `${adminPassword}\nthe root administrator passphrase\n` }).code).toBe(0);
    const r = bulwark(['user', 'add', 'alice', '--role', 'staff', '--office', 'office-a']);
    expect(r.code, r.err).toBe(0);
    alicePassword = r.out.match(/Password, shown once: (\S+)/)![1];
    expect(alicePassword.length).toBeGreaterThanOrEqual(20);
    const mail = bulwark(['user', 'update', 'alice', '--email', 'alice@office-a.example', '--digest', 'weekly']);
    expect(mail.out).toBe('updated alice: staff, office office-a, digest weekly\n');
    expect(bulwark(['user', 'update', 'alice', '--digest', 'hourly']).code).toBe(2);
    expect(bulwark(['logout']).code).toBe(0);
  }, 180_000);

  it('once accounts exist, nothing runs without signing in', () => {
    const r = bulwark(['lists']);
    expect(r.code).toBe(11);
    expect(r.err).toMatch(/sign in first/);
  });

  it('signs in with a password from standard input, saving the session readable by its owner only', () => {
    const bad = bulwark(['login', '--user', 'alice'], { input: 'wrong password\n' });
    expect(bad.code).toBe(11);
    const r = bulwark(['login', '--user', 'alice'], { input: `${alicePassword}\n` });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/signed in as alice \(staff, office office-a\)/);
    expect(statSync(join(dir, 'cli-session.json')).mode & 0o777).toBe(0o600);
    // A generated password must be changed before anything else.
    expect(bulwark(['lists']).code).toBe(10);
    const changed = bulwark(['password'], { input: `${alicePassword}\nalice's own long passphrase\n` });
    expect(changed.code, changed.err).toBe(0);
    expect(bulwark(['whoami']).out).toMatch(/^alice \(staff, office office-a\)/);
  });

  it('holds the user to the policy table: staff may screen but not manage accounts', () => {
    const screen = bulwark(['screen', 'Akram Turki Hishan al-Mazidih']);
    expect(screen.code, screen.err).toBe(0);
    expect(screen.out).toMatch(/un-sc:2892251/);
    const add = bulwark(['user', 'add', 'mallory', '--role', 'admin', '--office', 'office-a']);
    expect(add.code).toBe(10);
    expect(add.err).toMatch(/a staff may not run this command \(users\.manage\)/);
  });

  it('API tokens: created once for the signed-in user, scoped, and usable through BULWARK_TOKEN', () => {
    const r = bulwark(['token', 'create', 'nightly', '--scopes', 'read']);
    expect(r.code, r.err).toBe(0);
    token = r.out.split('\n')[0];
    expect(token).toMatch(/^bwk_/);
    const env = { BULWARK_TOKEN: token, BULWARK_SESSION_FILE: join(dir, 'none.json') };
    expect(bulwark(['lists'], { env }).code).toBe(0);
    const screen = bulwark(['screen', 'Akram'], { env });
    expect(screen.code).toBe(10);
    expect(screen.err).toMatch(/lacks the "screen" scope/);
  });

  it('signs out', () => {
    expect(bulwark(['logout']).code).toBe(0);
    expect(bulwark(['lists']).code).toBe(11);
  });
});
