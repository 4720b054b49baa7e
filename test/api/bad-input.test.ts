import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDef } from '../../src/api/route.js';
import { ROUTES } from '../../src/api/routes/index.js';
import { STORES } from '../helpers/stores.js';
import { startServer, type TestServer } from './helpers.js';

const sqlite = STORES.find((f) => f.name === 'sqlite')!;
const jsonRoutes = (ROUTES as RouteDef[]).filter((r) => r.example?.body !== undefined && !r.upload && r.action !== 'auth.login');

const HOSTILE = [
  "Robert'); DROP TABLE users; --",
  '<img src=x onerror=alert(1)>',
  '\u202Egnp.exe',
  'name\u0000with NUL',
  'x'.repeat(100_000),
  '../../../../etc/passwd',
  '',
  '   ',
  '𝕳𝖊𝖑𝖑𝖔 \uFEFF zero\u200Bwidth',
];
const hostileValue = fc.oneof(
  fc.constantFrom<unknown>(...HOSTILE),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

/** The example body with one field (at any depth) replaced by a hostile value, or an unknown field added. */
function mutate(body: unknown, pick: number, value: unknown, addField: boolean): unknown {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, p: (string | number)[]) => {
    paths.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
  };
  walk(body, []);
  const copy = structuredClone(body) as Record<string, unknown>;
  if (addField) return { ...copy, unexpectedField: value };
  const path = paths[pick % paths.length];
  if (!path.length) return value;
  let o = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path[path.length - 1]] = value;
  return copy;
}

describe('bad input over every route schema', () => {
  let s: TestServer;
  let dispose: () => Promise<void>;
  let who: { cookie: string; csrf: string };
  beforeAll(async () => {
    const made = await sqlite.make();
    dispose = made.dispose;
    s = await startServer(made.store, ['un-sc']);
    who = await s.session('admin');
  });
  afterAll(async () => {
    await s?.close();
    await dispose?.();
  });
  const send = (def: RouteDef, body: string, contentType = 'application/json') =>
    s.app.inject({
      method: def.method,
      url: def.url.replace(/:([a-zA-Z]+)/g, (_, k: string) => encodeURIComponent(def.example?.params?.[k] ?? 'x')) + (def.example?.query ? `?${new URLSearchParams(def.example.query)}` : ''),
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': contentType },
      payload: body,
    });

  for (const def of jsonRoutes) {
    it(`${def.method} ${def.url}: any hostile field gets a 4xx naming the problem, never a 500`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), hostileValue, fc.boolean(), async (pick, value, add) => {
          const res = await send(def, JSON.stringify(mutate(def.example!.body, pick, value, add)));
          expect(res.statusCode, `${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const err = res.json().error;
            expect(err.code).toMatch(/^BWK_ERR_/);
            expect(err.message.length).toBeGreaterThan(3);
          }
        }),
        { numRuns: 30, seed: 20261130 },
      );
    });
  }

  const approach = () => (ROUTES as RouteDef[]).find((r) => r.url === '/api/approaches' && r.method === 'POST')!;
  const body = approach().example!.body as { contact: Record<string, unknown> };

  it('names the field: unknown fields, wrong types, bidi overrides, NUL and 100 kB names', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ ...body, surprise: 1 }, 'surprise', /unknown field/],
      [{ ...body, contact: { ...body.contact, name: 'Alex\u202Eevil' } }, 'contact.name', /text-direction/],
      [{ ...body, contact: { ...body.contact, name: 'Alex\u0000' } }, 'contact.name', /control/],
      [{ ...body, contact: { ...body.contact, name: 'A'.repeat(100_000) } }, 'contact.name', /limit/],
      [{ ...body, types: 'job_offer' }, 'types', /array/i],
    ];
    for (const [payload, field, message] of cases) {
      const res = await send(approach(), JSON.stringify(payload));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.field).toBe(field);
      expect(res.json().error.message).toMatch(message);
    }
  });

  it('refuses invalid JSON, a wrong content type and an oversize body with a clear error', async () => {
    const bad = await send(approach(), '{"contact": ');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BWK_ERR_INPUT');
    // A file's content type on a route that takes JSON is 415, saying what to send (not "field missing").
    for (const type of ['application/xml', 'text/plain']) {
      const other = await send(approach(), type === 'text/plain' ? JSON.stringify(body) : '<a/>', type);
      expect(other.statusCode).toBe(415);
      expect(other.json().error).toMatchObject({ code: 'BWK_ERR_INPUT', field: 'content-type', message: expect.stringMatching(/application\/json/) });
    }
    const huge = await send(approach(), JSON.stringify({ ...body, asked: 'x'.repeat(3 * 1024 * 1024) }));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('BWK_ERR_FILE_TOO_LARGE');
  });

  it('stores hostile text as data and never echoes it as markup', async () => {
    const res = await send(approach(), JSON.stringify({ ...body, contact: { ...body.contact, name: '<img src=x onerror=alert(1)>' }, asked: "'; DROP TABLE contacts; --" }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const list = await s.app.inject({ method: 'GET', url: '/api/contacts', headers: { cookie: who.cookie } });
    expect(list.json().items.map((c: { name: string }) => c.name)).toContain('<img src=x onerror=alert(1)>');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const trip = await send((ROUTES as RouteDef[]).find((r) => r.url === '/api/trips' && r.method === 'POST')!, JSON.stringify({ destination: 'Iran', depart: '2026-12-01', return: '2026-12-05', funder: { name: '<script>alert(1)</script>', type: 'foreign_government' }, purpose: '<b>talks</b>', travellers: ['Member'] }));
    expect(trip.statusCode, trip.body).toBe(201);
    const html = await s.app.inject({ method: 'GET', url: `/api/trips/${trip.json().id}/briefing`, headers: { cookie: who.cookie } });
    expect(html.statusCode).toBe(200);
    expect(html.body).not.toContain('<script>alert(1)</script>');
    expect(html.body).toContain('&#60;script&#62;');
  });

  it('takes amounts in pounds and pence only, from a penny up, as the command line does', async () => {
    const check = (ROUTES as RouteDef[]).find((r) => r.url === '/api/money/check' && r.method === 'POST')!;
    const entry = check.example!.body as Record<string, unknown>;
    for (const amount of [1e-9, 0.001, 500.005, 0, -5, '0x1F4', '500', 1e12]) {
      const res = await send(check, JSON.stringify({ ...entry, amount }));
      expect(res.statusCode, `${amount}: ${res.body}`).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'BWK_ERR_INPUT', field: 'amount' });
    }
    for (const amount of [0.01, 1000.5, 2230]) expect((await send(check, JSON.stringify({ ...entry, amount }))).statusCode, String(amount)).toBe(200);
  });

  it('never lets a name from the request become a path: list names and upload names', async () => {
    const imp = (name: string, filename: string) =>
      s.app.inject({ method: 'POST', url: `/api/lists/${encodeURIComponent(name)}/import?format=csv&filename=${encodeURIComponent(filename)}`, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'text/csv' }, payload: 'name\nExample Person\n' });
    expect((await imp('../../etc', 'x.csv')).statusCode).toBe(400);
    const ok = await imp('office-list', '../../../etc/passwd');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().version.source).toBe('upload:../../../etc/passwd');
  });
});
