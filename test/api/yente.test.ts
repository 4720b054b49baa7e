import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yenteRoutes } from '../../src/api/routes/yente.js';
import { LISTS, STORES } from '../helpers/stores.js';
import { startServer, type TestServer } from './helpers.js';

const sqlite = STORES.find((f) => f.name === 'sqlite')!;
const ZALA = readFileSync(join(LISTS, 'opensanctions/zala_cluster.entities.ftm.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; caption: string; schema: string; properties: Record<string, string[]> });
const osetrova = ZALA.find((e) => e.caption === 'Maria Aleksandrovna Osetrova')!;
const kalashnikov = ZALA.find((e) => e.caption === 'JSC Kalashnikov Concern')!;

// Request bodies written as yente's documentation and tests write them: properties as lists or single strings.
const EXAMPLE = { schema: 'Person', properties: { name: ['Maria Osetrova'], birthDate: ['1975'], country: 'Russia' } };
const MANY_NAMES = { schema: 'Person', properties: { name: ['OSETROVA, Maria Aleksandrovna', 'Mariya Osetrova', 'Мария Александровна Осетрова'] } };
const responseSchema = (url: string) => {
  const r = yenteRoutes.find((x) => x.url === url)!.response;
  if ('contentType' in r) throw new Error('not JSON');
  return r;
};

describe('yente-compatible endpoints', () => {
  let s: TestServer;
  let dispose: () => Promise<void>;
  let auth: { authorization: string };
  beforeAll(async () => {
    const made = await sqlite.make();
    dispose = made.dispose;
    s = await startServer(made.store, ['os-zala', 'un-sc']);
    const who = await s.session('staff');
    const t = await s.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, payload: { name: 'yente client', scopes: ['screen', 'read'] } });
    auth = { authorization: `Bearer ${t.json().token}` };
  });
  afterAll(async () => {
    await s?.close();
    await dispose?.();
  });
  const match = (body: unknown, url = '/match/default') => s.app.inject({ method: 'POST', url, headers: auth, payload: body as object });

  it('answers /match in yente\'s response shape, keeping FollowTheMoney ids', async () => {
    const res = await match({ queries: { vv: EXAMPLE, xx: EXAMPLE } });
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json();
    expect(() => responseSchema('/match/:dataset').parse(data)).not.toThrow();
    expect(Object.keys(data.responses)).toEqual(['vv', 'xx']);
    const r = data.responses.vv;
    expect(r.status).toBe(200);
    expect(r.query.schema).toBe('Person');
    expect(r.query.properties.country[0]).toBe('ru');
    expect(r.total.value).toBeGreaterThan(0);
    const top = r.results[0];
    expect(top.id).toBe(osetrova.id);
    expect(top.schema).toBe('Person');
    expect(top.datasets).toEqual(['os-zala']);
    expect(top.properties.name).toEqual(osetrova.properties.name);
    expect(typeof top.score).toBe('number');
    expect(top.match).toBe(top.score >= 0.7);
    expect(Object.values(top.features).every((v) => typeof v === 'number')).toBe(true);
    expect(data.limit).toBe(5);
    expect(Object.keys(data.matcher)).toContain('name');
  });

  it('matches a query given many spellings and scripts of one name', async () => {
    const res = await match({ queries: { ermakov: MANY_NAMES } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().responses.ermakov.results[0].id).toBe(osetrova.id);
  });

  it('passes the client\'s query id through, and honours threshold and limit', async () => {
    const res = await match({ queries: { no1: { ...MANY_NAMES, id: 'client-42' } } }, '/match/default?threshold=0.99&limit=1');
    const r = res.json().responses.no1;
    expect(r.query.id).toBe('client-42');
    expect(r.results).toHaveLength(1);
    expect(r.results[0].match).toBe(r.results[0].score >= 0.99);
    expect(res.json().limit).toBe(1);
  });

  it('refuses a query without a schema or with an unknown one, naming the field', async () => {
    const none = await match({ queries: { fail: { properties: { name: 'Banana' } } } });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.field).toBe('queries.fail.schema');
    const bad = await match({ queries: { fail: { schema: 'xxx', properties: { name: 'Banana' } } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/unknown schema "xxx"/);
  });

  it('restricts to one dataset, and an unknown dataset is 404', async () => {
    const only = await match({ queries: { q: { schema: 'Company', properties: { name: ['Kalashnikov Concern'] } } } }, '/match/os-zala');
    expect(only.json().responses.q.results.every((x: { datasets: string[] }) => x.datasets.includes('os-zala'))).toBe(true);
    expect(only.json().responses.q.results[0].id).toBe(kalashnikov.id);
    expect((await match({ queries: {} }, '/match/no-such-list')).statusCode).toBe(404);
  });

  it('finds entities by name at /search', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/search/default?q=Kalashnikov', headers: auth });
    expect(res.statusCode, res.body).toBe(200);
    expect(() => responseSchema('/search/:dataset').parse(res.json())).not.toThrow();
    expect(res.json().results.map((r: { id: string }) => r.id)).toContain(kalashnikov.id);
    // One word finds the longer names holding it: a search returns weaker matches than screening shows.
    const surname = await s.app.inject({ method: 'GET', url: '/search/default?q=Mazidih', headers: auth });
    expect(surname.json().results.length).toBeGreaterThan(0);
    // The names holding the word come first; after them only names like it read across scripts, far weaker.
    const holds = surname.json().results.map((r: { caption: string }) => /mazidih/i.test(r.caption));
    expect(holds[0]).toBe(true);
    expect(holds.indexOf(false) < 0 || holds.slice(holds.indexOf(false)).every((h: boolean) => !h)).toBe(true);
  });

  it('resolves the FollowTheMoney id a client already stores at /entities/{id}, and Bulwark ids too', async () => {
    const res = await s.app.inject({ method: 'GET', url: `/entities/${osetrova.id}`, headers: auth });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: osetrova.id, schema: 'Person', properties: osetrova.properties });
    const un = (await s.app.inject({ method: 'GET', url: '/entities/un-sc:2892251', headers: auth })).json();
    expect(un).toMatchObject({ id: 'un-sc:2892251', schema: 'Person', datasets: ['un-sc'] });
    expect(un.properties.name[0]).toMatch(/AKRAM TURKI HISHAN AL-MAZIDIH/);
    expect((await s.app.inject({ method: 'GET', url: '/entities/NK-nothing', headers: auth })).statusCode).toBe(404);
  });

  it('needs a token or a session like every other route', async () => {
    expect((await s.app.inject({ method: 'POST', url: '/match/default', payload: { queries: { q: EXAMPLE } } })).statusCode).toBe(401);
  });
});
