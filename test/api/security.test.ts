import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateStixObject, type StixObject } from '../../src/export/stix/schema.js';
import { STORES } from '../helpers/stores.js';
import { OFFICE_A, OFFICE_B, startServer, type TestServer } from './helpers.js';

const OFFICE_C = 'office-c';
const FIX = new URL('../fixtures/companies-house/', import.meta.url).pathname;
type Who = { cookie: string; csrf: string };
const report = (name: string, contact: Record<string, unknown>) => ({
  contact: { name, claimedRole: 'recruiter', ...contact }, date: '2026-11-02', channel: 'linkedin', types: ['job_offer'],
  approached: { name: 'Researcher' }, asked: 'a paid consultancy paper', answers: [],
});

/** The done-when scenario through the HTTP API, on one store (the service-level test runs both). */
describe.each(STORES.filter((f) => f.name === 'sqlite'))('the security team’s view through the API ($name)', (factory) => {
  let s: TestServer;
  let dispose: () => Promise<void>;
  let staff: Record<string, Who>;
  let officer: Who;
  let officerB: Who;
  let donorId: string;
  const contacts: Record<string, string> = {};
  beforeAll(async () => {
    const made = await factory.make();
    dispose = made.dispose;
    s = await startServer(made.store, ['ofac-sdn']);
    await s.services.approaches.setOffice({ userId: 'setup', officeId: OFFICE_C, role: 'admin' }, { name: 'Office C', kind: 'council' });
    staff = { a: await s.session('staff', OFFICE_A), b: await s.session('staff', OFFICE_B), c: await s.session('staff', OFFICE_C) };
    officer = await s.session('security_officer', 'security-team', [OFFICE_A, OFFICE_B, OFFICE_C]);
    officerB = await s.session('security_officer', OFFICE_B);
    const post = (who: Who, url: string, payload: unknown) => s.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, payload: payload as object });
    for (const [office, who, body] of [
      [OFFICE_A, staff.a, report('Dmitry Volkov', { emails: ['d.volkov@horizon-talent.example'], employer: 'Horizon Talent Partners' })],
      [OFFICE_B, staff.b, report('Дмитрий Волков', { employer: 'Horizon Talent Partners Ltd', phones: ['+44 7700 900123'] })],
      [OFFICE_C, staff.c, report('Dmitri Volkoff', { phones: ['07700 900123'] })],
    ] as const) {
      const r = await post(who, '/api/approaches', body);
      expect(r.statusCode).toBe(201);
      contacts[office] = r.json().contact.id;
    }
    const m = await post(staff.a, '/api/money', { kind: 'donation', recipient: 'member', amount: 5000, received: '2026-10-01', description: 'support', donor: { name: 'Meridian Bridge Trading Ltd', type: 'company', companyNumber: '14567890', evidence: { incorporated_in_uk: true, carries_on_business_in_uk: true } } });
    expect(m.statusCode, m.body).toBe(201);
    donorId = m.json().id;
    const files = Object.fromEntries([['companies', 'companies.csv'], ['officers', 'officers.csv'], ['pscs', 'psc.csv']].map(([k, f]) => [k, readFileSync(`${FIX}${f}`, 'utf8')]));
    const reg = await post(staff.a, '/api/register/import', files);
    expect(reg.statusCode, reg.body).toBe(201);
    expect(reg.json()).toMatchObject({ companies: 3, people: 6 });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await dispose?.();
  });
  const get = (who: Who, url: string) => s.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
  const send = (who: Who, method: 'POST' | 'PATCH', url: string, payload: unknown, type = 'application/json') =>
    s.app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': type }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

  it('the third office’s report raised the alerts when it was stored; another office’s record answers exactly as a missing one', async () => {
    // Straight from the store, before anything is read through the API: nothing is worked out on reading.
    const stored = await s.services.store.listSecurityRecords('security-alert');
    expect(stored.map((r) => r.scope).sort()).toEqual([OFFICE_A, OFFICE_B, OFFICE_C]);
    expect(new Set(stored.map((r) => r.data.clusterId)).size).toBe(1);
    for (const [office, who] of [[OFFICE_A, staff.a], [OFFICE_B, staff.b], [OFFICE_C, staff.c]] as const) {
      const notices = await get(who, '/api/notices');
      expect(notices.json().items).toHaveLength(1);
      for (const other of [OFFICE_A, OFFICE_B, OFFICE_C].filter((o) => o !== office)) expect(notices.body).not.toContain(other);
    }
    const missing = '00000000-0000-4000-8000-0000000000ff';
    const same = async (who: Who, url: (id: string) => string, theirs: string) => {
      const a = await get(who, url(theirs));
      const b = await get(who, url(missing));
      expect(a.statusCode).toBe(404);
      expect(a.body.replaceAll(theirs, missing)).toBe(b.body);
    };
    await same(staff.b, (id) => `/api/contacts/${id}`, contacts[OFFICE_A]);
    await same(officerB, (o) => `/api/notices?office=${o}`, OFFICE_A);
    const opened = await send(officer, 'POST', '/api/cases', { title: 'Recruiter, three offices', tlp: 'amber', links: [{ kind: 'contact', ref: `contact:${OFFICE_A}:${contacts[OFFICE_A]}` }] });
    await same(officerB, (id) => `/api/cases/${id}`, opened.json().id);
    const decide = (ref: string) => send(officerB, 'POST', '/api/clusters/decisions', { type: 'confirm', refs: [`contact:${OFFICE_B}:${contacts[OFFICE_B]}`, ref], reason: 'same phone' });
    const theirs = `contact:${OFFICE_A}:${contacts[OFFICE_A]}`;
    const [a, b] = [await decide(theirs), await decide(`contact:${OFFICE_A}:${missing}`)];
    expect(a.statusCode).toBe(404);
    expect(a.body.replaceAll(contacts[OFFICE_A], missing)).toBe(b.body);
  });

  it('clusters, alerts and notices, without leaks between offices', async () => {
    const clusters = (await get(officer, '/api/clusters')).json().items as { members: { name: string }[]; offices: number }[];
    expect(clusters).toHaveLength(1);
    expect(clusters[0].offices).toBe(3);
    expect((await get(officerB, '/api/clusters')).json().items).toEqual([]);
    expect((await get(officer, '/api/security-alerts')).json().items).toHaveLength(3);
    const bAlerts = (await get(officerB, '/api/security-alerts')).body;
    expect(bAlerts).not.toMatch(/office-a|office-c|Volkoff/);
    const notice = await get(staff.c, '/api/notices');
    expect(notice.json().items[0].message).toMatch(/part of something larger/);
    expect(notice.body).not.toMatch(/office-a|office-b|Волков|Dmitry Volkov/);
    expect((await get(staff.a, '/api/clusters')).statusCode).toBe(403);
  });

  it('the path from the donor to the listed director', async () => {
    const res = await get(officer, `/api/graph/paths?from=${encodeURIComponent(`donor:${OFFICE_A}:${donorId}`)}&to=${encodeURIComponent('listed:ofac-sdn:16961')}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items[0].steps.map((x: { edge: { type: string } }) => x.edge.type)).toEqual(['is-company', 'director-of', 'listed-as']);
  });

  it('a case opened, worked, printed and exported; a partner bundle imported; hostile input refused', async () => {
    const [cluster] = (await get(officer, '/api/clusters')).json().items as { id: string }[];
    const opened = await send(officer, 'POST', '/api/cases', { title: 'Recruiter in three offices', tlp: 'amber', links: [{ kind: 'cluster', ref: cluster.id }] });
    expect(opened.statusCode, opened.body).toBe(201);
    const id = opened.json().id as string;
    expect((await send(officer, 'PATCH', `/api/cases/${id}`, { status: 'closed' })).json().error.field).toBe('outcome');
    const closed = await send(officer, 'PATCH', `/api/cases/${id}`, { status: 'closed', outcome: 'Reported to the Parliamentary Security Department' });
    expect(closed.json().timeline.map((t: { action: string }) => t.action)).toEqual(['case.open', 'case.close']);
    const html = await get(officer, `/api/cases/${id}/report`);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toMatch(/@media print/);
    const stix = await get(officer, `/api/cases/${id}/export?format=stix`);
    expect(stix.statusCode, stix.body).toBe(200);
    for (const o of (JSON.parse(stix.json().content) as { objects: StixObject[] }).objects) expect(validateStixObject(o, true)).toEqual({ ok: true });
    expect((await get(officer, `/api/cases/${id}/export?format=misp&audience=world`)).statusCode).toBe(403);
    const imported = await send(officer, 'POST', '/api/exchange/import?format=stix', stix.json().content, 'application/stix+json');
    expect(imported.statusCode, imported.body).toBe(201);
    const hostile = stix.json().content.replace('a paid consultancy paper', '<script>alert(1)</script>');
    const refused = await send(officer, 'POST', '/api/exchange/import?format=stix', hostile, 'application/stix+json');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/note--.*markup or script/);
    expect((await get(officerB, `/api/cases/${id}`)).statusCode).toBe(404);
  });

  it('sharing groups: pseudonymous contributions read "an office" to members, the security team sees which', async () => {
    const g = await send(officer, 'POST', '/api/groups', { name: 'Research security circle', tlp: 'amber', confidentialMembership: true, members: [{ officeId: OFFICE_A, pseudonymous: true }, { officeId: OFFICE_B }] });
    expect(g.statusCode, g.body).toBe(201);
    const gid = g.json().id as string;
    const reported = await send(staff.a, 'POST', '/api/approaches', report('Felix Amsel', { emails: ['felix@talent-bridge.example'] }));
    const approach = reported.json().approach.id as string;
    // The report is AMBER (the default): a share may not mark it GREEN, and nothing RED goes to a group.
    expect((await send(staff.a, 'POST', `/api/groups/${gid}/items`, { subject: { kind: 'approach', id: approach }, title: 't', summary: 's', tlp: 'green' })).statusCode).toBe(403);
    const shared = await send(staff.a, 'POST', `/api/groups/${gid}/items`, { subject: { kind: 'approach', id: approach }, title: 'LinkedIn recruiter', summary: 'Paid paper offer', tlp: 'amber' });
    expect(shared.statusCode, shared.body).toBe(201);
    expect((await send(staff.a, 'POST', `/api/groups/${gid}/items`, { subject: { kind: 'approach', id: approach }, title: 't', summary: 's', tlp: 'red' })).statusCode).toBe(403);
    // Another office's report reads as not found.
    expect((await send(staff.b, 'POST', `/api/groups/${gid}/items`, { subject: { kind: 'approach', id: approach }, title: 't', summary: 's', tlp: 'amber' })).statusCode).toBe(404);
    const seenByB = (await get(staff.b, `/api/groups/${gid}/items`)).json().items;
    expect(seenByB[0].from).toBe('an office');
    expect((await get(staff.b, '/api/groups')).json().items[0].members).toBeNull();
    expect((await get(officer, `/api/groups/${gid}/items`)).json().items[0].from).toBe(OFFICE_A);
    expect((await get(staff.c, `/api/groups/${gid}/items`)).statusCode).toBe(404);
  });
});
