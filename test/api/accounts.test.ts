import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { SECURITY } from '../../src/domain/security.js';
import { STORES } from '../helpers/stores.js';
import { OFFICE_A, PASSWORD, startServer, type TestServer } from './helpers.js';

const sqlite = STORES.find((f) => f.name === 'sqlite')!;
const ADMIN = { userId: 'test', officeId: OFFICE_A, role: 'admin' as const };
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0];

describe('accounts over the API', () => {
  let s: TestServer;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const made = await sqlite.make();
    dispose = made.dispose;
    s = await startServer(made.store, ['un-sc']);
  });
  afterAll(async () => {
    await s?.close();
    await dispose?.();
  });
  const login = (username: string, password: string, ip = '10.0.0.1') =>
    s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

  it('stores argon2id hashes, never the password, and never returns a hash', async () => {
    const r = await s.services.accounts.createUser(ADMIN, { username: 'hash-check', role: 'staff', officeId: OFFICE_A, password: PASSWORD });
    const stored = await s.services.store.accounts.userByName('hash-check');
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(JSON.stringify(r)).not.toContain(PASSWORD);
    expect(JSON.stringify(r)).not.toContain('argon2');
  });

  it('signs in with an httpOnly, SameSite=Strict cookie and a CSRF token; writes need the token', async () => {
    await s.services.accounts.createUser(ADMIN, { username: 'casey', role: 'staff', officeId: OFFICE_A, password: PASSWORD });
    const res = await login('casey', PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/); // plain HTTP on loopback; behind TLS the cookie is Secure
    const { csrfToken, user } = res.json();
    expect(user).toMatchObject({ username: 'casey', role: 'staff', officeId: OFFICE_A });
    const cookie = cookieOf(res);
    const screen = (csrf?: string) => s.app.inject({ method: 'POST', url: '/api/screen', headers: { cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) }, payload: { name: 'Akram Turki Hishan al-Mazidih' } });
    expect((await screen()).statusCode).toBe(403);
    const ok = await screen(csrfToken);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().hits[0].entityId).toBe('un-sc:2892251');
    expect((await s.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-csrf-token': csrfToken } })).statusCode).toBe(200);
    expect((await screen(csrfToken)).statusCode).toBe(401);
    expect((await s.services.store.listAudit()).filter((e) => e.subject === 'casey' && e.action.startsWith('auth.')).map((e) => e.action)).toEqual(['auth.login', 'auth.logout']);
  });

  it('marks the cookie Secure behind a TLS proxy', async () => {
    const app = await buildServer(s.services, { logLevel: 'silent', trustProxy: true });
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { username: 'casey', password: PASSWORD } });
    expect(String(res.headers['set-cookie'])).toMatch(/Secure/);
    expect(res.headers['strict-transport-security']).toMatch(/max-age/);
    await app.close();
  });

  it('locks a user name after the designed number of failures, even for the right password, until the window passes', async () => {
    await s.services.accounts.createUser(ADMIN, { username: 'target', role: 'member', officeId: OFFICE_A, password: PASSWORD });
    for (let i = 0; i < SECURITY.login.maxFailuresPerUser; i++) expect((await login('target', `wrong ${i}`, `10.1.0.${i}`)).statusCode).toBe(401);
    const locked = await login('target', PASSWORD, '10.2.0.1');
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    s.clock.advance((SECURITY.login.windowMinutes + 1) * 60_000);
    expect((await login('target', PASSWORD, '10.2.0.1')).statusCode).toBe(200);
    const failures = (await s.services.store.listAudit()).filter((e) => e.action === 'auth.login_failed' && e.subject === 'target');
    expect(failures).toHaveLength(SECURITY.login.maxFailuresPerUser);
  });

  it('limits guessing from one address across user names', async () => {
    for (let i = 0; i < SECURITY.login.maxFailuresPerAddress; i++) await login(`nobody-${i}`, 'guess', '10.9.9.9');
    expect((await login('casey', PASSWORD, '10.9.9.9')).statusCode).toBe(429);
    expect((await login('casey', PASSWORD, '10.9.9.10')).statusCode).toBe(200);
  });

  it('makes a reset user change the password before anything else', async () => {
    const { password } = await s.services.accounts.resetPassword(ADMIN, 'casey');
    const res = await login('casey', password, '10.3.0.1');
    const cookie = cookieOf(res);
    const { csrfToken } = res.json();
    expect(res.json().user.mustChangePassword).toBe(true);
    expect((await s.app.inject({ method: 'GET', url: '/api/lists', headers: { cookie } })).statusCode).toBe(403);
    const short = await s.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie, 'x-csrf-token': csrfToken }, payload: { current: password, next: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.field).toBe('next');
    const changed = await s.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie, 'x-csrf-token': csrfToken }, payload: { current: password, next: 'a brand new passphrase' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await s.app.inject({ method: 'GET', url: '/api/lists', headers: { cookie } })).statusCode).toBe(200);
  });

  it('API tokens: shown once, stored hashed, scoped, revocable, with last use', async () => {
    const who = await s.session('staff');
    const created = await s.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, payload: { name: 'case system', scopes: ['screen'] } });
    expect(created.statusCode, created.body).toBe(201);
    const { token, record } = created.json();
    expect(token).toMatch(/^bwk_/);
    expect(JSON.stringify(await s.services.store.accounts.listTokens(record.userId))).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await s.app.inject({ method: 'POST', url: '/api/screen', headers: bearer, payload: { name: 'Al-Mazidih' } })).statusCode).toBe(200);
    const noScope = await s.app.inject({ method: 'GET', url: '/api/contacts', headers: bearer });
    expect(noScope.statusCode).toBe(403);
    expect(noScope.json().error.message).toMatch(/"read" scope/);
    expect((await s.app.inject({ method: 'GET', url: '/api/tokens', headers: bearer })).statusCode).toBe(403);
    const listed = (await s.app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie: who.cookie } })).json().items;
    expect(listed[0].lastUsedAt).toBeDefined();
    expect(listed[0].tokenHash).toBeUndefined();
    expect((await s.app.inject({ method: 'DELETE', url: `/api/tokens/${record.id}`, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } })).statusCode).toBe(200);
    expect((await s.app.inject({ method: 'POST', url: '/api/screen', headers: bearer, payload: { name: 'Al-Mazidih' } })).statusCode).toBe(401);
  });

  it('disabling a user ends their sessions', async () => {
    const who = await s.session('staff');
    expect((await s.app.inject({ method: 'GET', url: '/api/lists', headers: { cookie: who.cookie } })).statusCode).toBe(200);
    await s.services.accounts.updateUser(ADMIN, who.username, { disabled: true });
    expect((await s.app.inject({ method: 'GET', url: '/api/lists', headers: { cookie: who.cookie } })).statusCode).toBe(401);
  });

  it('logs no passwords, tokens, cookies or report text', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) });
    const app = await buildServer(s.services, { logLevel: 'trace', logStream: sink });
    await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'casey', password: 'a brand new passphrase' }, remoteAddress: '10.4.0.1' });
    const who = await s.session('staff');
    await app.inject({ method: 'POST', url: '/api/approaches?x=secret-name', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, payload: { contact: { name: 'Very Secret Person' }, date: '2026-11-01', channel: 'email', types: ['meeting_request'], approached: { name: 'Me' }, asked: 'confidential words' } });
    const feed = (await app.inject({ method: 'POST', url: '/api/auth/calendar', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } })).json().path as string;
    expect((await app.inject({ method: 'GET', url: feed })).statusCode).toBe(200);
    await app.close();
    const log = lines.join('');
    expect(log).toMatch(/"path":"\/api\/approaches"/);
    expect(log).toMatch(/"path":"\/calendar\/bwk_….ics"/);
    const feedToken = feed.slice('/calendar/'.length, -'.ics'.length);
    for (const secret of ['a brand new passphrase', who.cookie.split('=')[1], who.csrf, 'Very Secret Person', 'confidential words', 'secret-name', feedToken]) expect(log).not.toContain(secret);
  });

  it('a calendar feed at a secret address: the office\'s deadlines, readable by a calendar with no session, replaced on request', async () => {
    const who = await s.session('staff');
    const writes = { cookie: who.cookie, 'x-csrf-token': who.csrf };
    // A £1,200 donation received on 20 November: the permissibility decision falls due 30 days on.
    const added = await s.app.inject({ method: 'POST', url: '/api/money', headers: writes, payload: { kind: 'donation', recipient: 'member', donor: { name: 'Imogen Clarke', type: 'individual', evidence: { on_electoral_register: true } }, amount: 1200, received: '20/11/2026', description: 'Surgery costs' } });
    expect(added.statusCode, added.body).toBe(201);
    const made = await s.app.inject({ method: 'POST', url: '/api/auth/calendar', headers: writes });
    expect(made.statusCode, made.body).toBe(201);
    const { path } = made.json() as { path: string };
    expect(path).toMatch(/^\/calendar\/bwk_[A-Za-z0-9_-]{20,}\.ics$/);
    const ics = await s.app.inject({ method: 'GET', url: path });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(ics.body).toContain('BEGIN:VCALENDAR');
    expect(ics.body).toContain('DTSTART;VALUE=DATE:20261220');
    expect(ics.body).toContain('Imogen Clarke');
    // The token in the address opens the feed and nothing else.
    const token = path.slice('/calendar/'.length, -'.ics'.length);
    expect((await s.app.inject({ method: 'GET', url: '/api/money', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(403);
    // Another office's staff see their own (empty) office in their feed, never this one's.
    const other = await s.session('staff', 'office-b');
    const theirs = (await s.app.inject({ method: 'POST', url: '/api/auth/calendar', headers: { cookie: other.cookie, 'x-csrf-token': other.csrf } })).json().path as string;
    expect((await s.app.inject({ method: 'GET', url: theirs })).body).not.toContain('Imogen Clarke');
    // Asking for a new address retires the old one (a leaked address is fixed this way).
    const again = (await s.app.inject({ method: 'POST', url: '/api/auth/calendar', headers: writes })).json().path as string;
    expect((await s.app.inject({ method: 'GET', url: path })).statusCode).toBe(401);
    expect((await s.app.inject({ method: 'GET', url: again })).statusCode).toBe(200);
    // A calendar token cannot be made with other scopes beside it.
    const mixed = await s.app.inject({ method: 'POST', url: '/api/tokens', headers: writes, payload: { name: 'mixed', scopes: ['calendar', 'read'] } });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error.message).toMatch(/calendar scope alone/);
  });

  it('each person chooses how often the reminder digest comes, and the choice is audited', async () => {
    const who = await s.session('member');
    const me = async () => (await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: who.cookie } })).json().user.digest;
    expect(await me()).toBe('daily');
    const set = await s.app.inject({ method: 'PUT', url: '/api/auth/digest', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, payload: { digest: 'weekly' } });
    expect(set.statusCode, set.body).toBe(200);
    expect(await me()).toBe('weekly');
    const bad = await s.app.inject({ method: 'PUT', url: '/api/auth/digest', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, payload: { digest: 'hourly' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('digest');
    expect((await s.services.store.listAudit()).filter((e) => e.action === 'user.digest' && e.subject === who.username).map((e) => e.detail)).toEqual([{ digest: 'weekly' }]);
  });
});
