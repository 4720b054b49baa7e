import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import type { RouteDef } from '../../src/api/route.js';
import { ROUTES } from '../../src/api/routes/index.js';
import { ROLES, type Role } from '../../src/domain/actor.js';
import { POLICIES, roleMay, type PolicyRow } from '../../src/domain/policy.js';
import { SECURITY } from '../../src/domain/security.js';
import { STORES } from '../helpers/stores.js';
import { OFFICE_B, startServer, type TestServer } from './helpers.js';

const sqlite = STORES.find((s) => s.name === 'sqlite')!;
const SAFE = new Set(['GET', 'HEAD']);
const routes = ROUTES as RouteDef[];

/** A caller: a session (cookie and CSRF token), or path parameters carrying a token (feed addresses). */
type Caller = { cookie?: string; csrf?: string; params?: Record<string, string> };

function request(def: RouteDef, auth: Caller, extraQuery: Record<string, string> = {}): InjectOptions {
  const ex = def.example ?? {};
  const params = { ...ex.params, ...auth.params };
  let url = def.url.replace(/:([a-zA-Z]+)/g, (_, k: string) => encodeURIComponent(params[k] ?? 'x'));
  const query = new URLSearchParams({ ...(ex.query ?? {}), ...extraQuery }).toString();
  if (query) url += `?${query}`;
  const headers: Record<string, string> = {};
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.csrf) headers['x-csrf-token'] = auth.csrf;
  const opts: InjectOptions = { method: def.method, url, headers };
  if (ex.body !== undefined) {
    headers['content-type'] = ex.contentType ?? 'application/json';
    opts.payload = typeof ex.body === 'string' ? ex.body : JSON.stringify(ex.body);
  } else if (!SAFE.has(def.method) && !def.upload) {
    headers['content-type'] = 'application/json';
    opts.payload = '{}';
  }
  return opts;
}

/** Decisions a reader can check without the policy table: the matrix below must agree with them. */
const SPOT_CHECKS: [string, string, Role, 'allow' | 'deny'][] = [
  ['GET', '/api/audit', 'member', 'deny'],
  ['GET', '/api/audit', 'staff', 'deny'],
  ['GET', '/api/audit', 'security_officer', 'allow'],
  ['POST', '/api/users', 'staff', 'deny'],
  ['POST', '/api/users', 'security_officer', 'deny'],
  ['POST', '/api/users', 'admin', 'allow'],
  ['GET', '/api/correlations', 'member', 'deny'],
  ['GET', '/api/correlations', 'security_officer', 'allow'],
  ['POST', '/api/screen/batch', 'member', 'deny'],
  ['POST', '/api/approaches', 'member', 'allow'],
  ['POST', '/api/lists/:name/import', 'security_officer', 'deny'],
  ['PUT', '/api/indicators', 'staff', 'deny'],
  ['POST', '/api/money', 'security_officer', 'deny'],
  ['POST', '/api/screen', 'member', 'allow'],
];

describe('authorisation matrix: every route × every role × office boundary, session and CSRF', () => {
  let s: TestServer;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const made = await sqlite.make();
    dispose = made.dispose;
    s = await startServer(made.store);
    // The login route's example signs in for real.
    const login = routes.find((r) => r.action === 'auth.login')!.example!.body as { username: string; password: string };
    await s.services.accounts.createUser({ userId: 'test', officeId: 'office-a', role: 'admin' }, { username: login.username, role: 'staff', officeId: 'office-a', password: login.password });
  });
  afterAll(async () => {
    await s?.close();
    await dispose?.();
  });

  it('every registered route declares a policy that exists, and every policy row is used', () => {
    for (const def of routes) expect(POLICIES[def.action], `${def.method} ${def.url}`).toBeDefined();
    const used = new Set([...routes.map((r) => r.action), 'docs.read', 'web.read']);
    expect(Object.keys(POLICIES).filter((a) => !used.has(a))).toEqual([]);
  });

  it('spot checks agree with the policy table', () => {
    for (const [method, url, role, want] of SPOT_CHECKS) {
      const def = routes.find((r) => r.method === method && r.url === url)!;
      expect(def, `${method} ${url}`).toBeDefined();
      expect(roleMay(role, def.action) ? 'allow' : 'deny', `${role} ${method} ${url}`).toBe(want);
    }
  });

  for (const def of routes) {
    const row: PolicyRow = POLICIES[def.action];
    const name = `${def.method} ${def.url}`;
    if (row.roles === 'public') {
      it(`${name} is public`, async () => {
        const res = await s.app.inject(request(def, {}));
        expect([401, 403], `${name} ${res.body}`).not.toContain(res.statusCode);
      });
      continue;
    }
    if (def.tokenInPath) {
      // The credential is a token in the address: the session states become token states.
      const { param, suffix } = def.tokenInPath;
      const holder = async (role: Role) => {
        const who = await s.session(role);
        return { user: (await s.services.store.accounts.userByName(who.username))!, via: 'session' as const };
      };
      const withToken = async (principal: Awaited<ReturnType<typeof holder>>, scopes?: string[]): Promise<Caller> => {
        const made = scopes ? await s.services.accounts.createToken(principal, { name: 'other', scopes }) : await s.services.accounts.newCalendarFeed(principal);
        return { params: { [param]: `${made.token}${suffix}` } };
      };
      it(`${name}: unknown token → 401`, async () => {
        expect((await s.app.inject(request(def, {}))).statusCode).toBe(401);
      });
      it(`${name}: a session cookie is not the credential → 401`, async () => {
        expect((await s.app.inject(request(def, await s.session('admin')))).statusCode).toBe(401);
      });
      it(`${name}: a token of another scope → 403; a replaced one → 401`, async () => {
        const read = await s.app.inject(request(def, await withToken(await holder('admin'), ['read'])));
        expect(read.statusCode, read.body).toBe(403);
        const staff = await holder('staff');
        const first = await withToken(staff);
        expect((await s.app.inject(request(def, first))).statusCode).toBe(200);
        await withToken(staff);
        expect((await s.app.inject(request(def, first))).statusCode).toBe(401);
      });
      for (const role of ROLES) {
        const allowed = roleMay(role, def.action);
        it(`${name}: ${role}'s own token → ${allowed ? 'allowed' : '403'}`, async () => {
          const res = await s.app.inject(request(def, await withToken(await holder(role))));
          expect(res.statusCode, res.body).toBe(allowed ? 200 : 403);
        });
        if (row.office && allowed) {
          it(`${name}: ${role}'s token naming another office → 404, as if it did not exist`, async () => {
            const who = await withToken(await holder(role));
            const other = await s.app.inject(request(def, who, { office: OFFICE_B }));
            const missing = await s.app.inject(request(def, who, { office: 'no-such-office' }));
            expect(other.statusCode, other.body).toBe(404);
            expect(other.json().error.message.replace(OFFICE_B, 'X')).toBe(missing.json().error.message.replace('no-such-office', 'X'));
          });
        }
      }
      continue;
    }
    it(`${name}: no session → 401`, async () => {
      const res = await s.app.inject(request(def, {}));
      expect(res.statusCode, res.body).toBe(401);
    });
    it(`${name}: expired session → 401`, async () => {
      const who = await s.session('admin');
      s.clock.advance((SECURITY.session.idleMinutes + 1) * 60_000);
      const res = await s.app.inject(request(def, who));
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json().error.message).toMatch(/expired/);
    });
    if (!SAFE.has(def.method)) {
      it(`${name}: wrong or missing CSRF token → 403`, async () => {
        const who = await s.session('admin');
        expect((await s.app.inject(request(def, { cookie: who.cookie, csrf: 'not-the-token' }))).statusCode).toBe(403);
        const res = await s.app.inject(request(def, { cookie: who.cookie }));
        expect(res.statusCode).toBe(403);
        expect(res.json().error.message).toMatch(/CSRF/);
      });
    }
    for (const role of ROLES) {
      const allowed = roleMay(role, def.action);
      it(`${name}: ${role} in own office → ${allowed ? 'allowed' : '403'}`, async () => {
        const who = await s.session(role);
        const res = await s.app.inject(request(def, who));
        if (!allowed) return expect(res.statusCode, res.body).toBe(403);
        expect([401, 403], `${res.statusCode} ${res.body}`).not.toContain(res.statusCode);
        // What a route answers is what its declared response schema says.
        if (res.statusCode < 300 && !('contentType' in def.response)) {
          const check = def.response.safeParse(res.json());
          expect(check.success, `${name} answered outside its schema: ${check.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`).toBe(true);
        }
      });
      if (row.office && allowed) {
        it(`${name}: ${role} naming another office → 404, as if it did not exist`, async () => {
          const who = await s.session(role);
          const other = await s.app.inject(request(def, who, { office: OFFICE_B }));
          const missing = await s.app.inject(request(def, who, { office: 'no-such-office' }));
          expect(other.statusCode, other.body).toBe(404);
          expect(other.json().error.message.replace(OFFICE_B, 'X')).toBe(missing.json().error.message.replace('no-such-office', 'X'));
        });
      }
    }
  }
});

describe('a route without a policy', () => {
  it('stops the server from being built', async () => {
    const made = await sqlite.make();
    const s = await startServer(made.store, []);
    expect(() => s.app.get('/api/open-door', async () => ({}))).toThrow(/declares no policy/);
    await s.close();
    await made.dispose();
  });
});
