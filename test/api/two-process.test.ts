import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { SECURITY } from '../../src/domain/security.js';
import { PG_AVAILABLE } from '../helpers/stores.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const config = loadConfig();
const schema = `bwk_two_${process.pid}_${Date.now()}`;
const url = `${config.pgTestUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: config.pgTestUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

interface Http {
  status: number;
  // Bodies are checked field by field in each test.
  body: any;
  cookie?: string;
}
async function call(base: string, method: string, path: string, opts: { body?: unknown; cookie?: string; csrf?: string; type?: string } = {}): Promise<Http> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(opts.body !== undefined ? { 'content-type': opts.type ?? 'application/json' } : {}), ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(opts.csrf ? { 'x-csrf-token': opts.csrf } : {}) },
    ...(opts.body !== undefined ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  const setCookie = res.headers.get('set-cookie');
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text, ...(setCookie ? { cookie: setCookie.split(';')[0] } : {}) };
}

describe.skipIf(!PG_AVAILABLE)('two server processes on one PostgreSQL database', () => {
  let one: ServerProcess;
  let two: ServerProcess;
  beforeAll(async () => {
    await admin(`CREATE SCHEMA ${schema}`);
    const env = { BULWARK_DATABASE_URL: url, BULWARK_LIST_RECHECK_MS: '500', BULWARK_OFFICE: 'office-a' };
    one = await startServerProcess(env);
    two = await startServerProcess(env);
  }, 240_000);
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  it('the first process creates the first administrator once, with a generated password', () => {
    expect(one.adminPassword).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(two.adminPassword).toBeUndefined();
    expect(two.output()).not.toMatch(/loaded bundled list/);
  });

  it('a session opened on one process works on the other, CSRF token included', async () => {
    const login = await call(one.url, 'POST', '/api/auth/login', { body: { username: 'admin', password: one.adminPassword } });
    expect(login.status).toBe(200);
    const cookie = login.cookie!;
    const { csrfToken } = login.body;
    const changed = await call(two.url, 'POST', '/api/auth/password', { body: { current: one.adminPassword, next: 'the administrator passphrase' }, cookie, csrf: csrfToken });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const me = await call(one.url, 'GET', '/api/auth/me', { cookie });
    expect(me.body.user).toMatchObject({ username: 'admin', mustChangePassword: false });
    const out = await call(two.url, 'POST', '/api/auth/logout', { cookie, csrf: csrfToken });
    expect(out.status).toBe(200);
    expect((await call(one.url, 'GET', '/api/auth/me', { cookie })).status).toBe(401);
  });

  it('sign-in throttling holds across the processes', async () => {
    for (let i = 0; i < SECURITY.login.maxFailuresPerUser; i++) {
      const target = i % 2 ? two.url : one.url;
      expect((await call(target, 'POST', '/api/auth/login', { body: { username: 'admin', password: `guess ${i}` } })).status).toBe(401);
    }
    expect((await call(two.url, 'POST', '/api/auth/login', { body: { username: 'admin', password: 'the administrator passphrase' } })).status).toBe(429);
    expect((await call(one.url, 'POST', '/api/auth/login', { body: { username: 'admin', password: 'the administrator passphrase' } })).status).toBe(429);
  });

  it('a list imported through one process is screened by the other within seconds', async () => {
    await admin(`DELETE FROM ${schema}.login_failures`);
    const login = await call(one.url, 'POST', '/api/auth/login', { body: { username: 'admin', password: 'the administrator passphrase' } });
    const { cookie } = login;
    const csrf = login.body.csrfToken;
    const name = 'Zebedee Quarterfield-Oyelaran';
    const before = await call(two.url, 'POST', '/api/screen', { body: { name }, cookie, csrf });
    expect(before.body.hits).toEqual([]);
    const imported = await call(one.url, 'POST', '/api/lists/office-watch/import?format=csv&filename=watch.csv', { body: `name,country\n${name},GB\n`, type: 'text/csv', cookie, csrf });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const t0 = Date.now();
    let hits: { entityId: string }[] = [];
    while (Date.now() - t0 < 15_000 && !hits.length) {
      hits = (await call(two.url, 'POST', '/api/screen', { body: { name }, cookie, csrf })).body.hits;
      if (!hits.length) await new Promise((r) => setTimeout(r, 250));
    }
    expect(hits[0]?.entityId).toMatch(/^office-watch:/);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('reports stored through either process make one cluster, which both show, alerted as the reports were stored', async () => {
    await admin(`DELETE FROM ${schema}.login_failures`);
    const signIn = async (base: string, username: string, password: string) => {
      const r = await call(base, 'POST', '/api/auth/login', { body: { username, password } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return { cookie: r.cookie!, csrf: r.body.csrfToken as string };
    };
    const adm = await signIn(one.url, 'admin', 'the administrator passphrase');
    const password = 'a long enough test passphrase';
    for (const [username, role, officeId, offices] of [['staff-a', 'staff', 'office-a', []], ['staff-b', 'staff', 'office-b', []], ['staff-c', 'staff', 'office-c', []], ['officer', 'security_officer', 'office-a', ['office-b', 'office-c']]] as const) {
      expect((await call(one.url, 'POST', '/api/users', { body: { username, role, officeId, offices, password }, ...adm })).status).toBe(201);
    }
    const report = (name: string, contact: Record<string, unknown>) => ({ contact: { name, ...contact }, date: '2026-11-02', channel: 'linkedin', types: ['job_offer'], approached: { name: 'Researcher' }, asked: 'a paid consultancy paper', answers: [] });
    const sent = await Promise.all([
      [one.url, 'staff-a', report('Dmitry Volkov', { emails: ['d.volkov@horizon-talent.example'], employer: 'Horizon Talent Partners' })],
      [two.url, 'staff-b', report('Дмитрий Волков', { employer: 'Horizon Talent Partners Ltd', phones: ['+44 7700 900123'] })],
      [one.url, 'staff-c', report('Dmitri Volkoff', { phones: ['07700 900123'] })],
    ].map(async ([base, user, body]) => call(base as string, 'POST', '/api/approaches', { body, ...(await signIn(base as string, user as string, password)) })));
    expect(sent.map((r) => r.status)).toEqual([201, 201, 201]);
    const officerOne = await signIn(one.url, 'officer', password);
    const officerTwo = await signIn(two.url, 'officer', password);
    const fromOne = await call(one.url, 'GET', '/api/clusters', { cookie: officerOne.cookie });
    const fromTwo = await call(two.url, 'GET', '/api/clusters', { cookie: officerTwo.cookie });
    expect(fromOne.body.items).toHaveLength(1);
    expect(fromOne.body.items[0].offices).toBe(3);
    expect(fromTwo.body).toEqual(fromOne.body);
    const alerts = await call(two.url, 'GET', '/api/security-alerts', { cookie: officerTwo.cookie });
    expect(alerts.body.items.map((a: { officeId: string; clusterId: string }) => [a.officeId, a.clusterId]).sort()).toEqual(['office-a', 'office-b', 'office-c'].map((o) => [o, fromOne.body.items[0].id]));
  });

  it('both stop cleanly on SIGTERM', async () => {
    expect(await one.stop()).toBe(0);
    expect(await two.stop()).toBe(0);
  });
});
