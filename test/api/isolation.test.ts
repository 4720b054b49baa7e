import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from '../helpers/stores.js';
import { OFFICE_A, OFFICE_B, startServer, type TestServer } from './helpers.js';

const APPROACH = {
  contact: { name: 'Daniel Wong', claimedRole: 'recruiter', claimedAffiliation: 'Bright Futures Consulting', emails: ['d.wong@brightfutures.example'] },
  date: '2026-11-02', channel: 'linkedin', types: ['job_offer'], approached: { name: 'Researcher' },
  asked: 'a paid report on the committee\'s work', answers: ['RF-A01'],
};

describe.each(STORES.filter((f) => f.available))('offices cannot see each other\'s records ($name)', (factory) => {
  let s: TestServer;
  let dispose: () => Promise<void>;
  let a: { cookie: string; csrf: string };
  let b: { cookie: string; csrf: string };
  let officer: { cookie: string; csrf: string };
  let contactId: string;
  let moneyId: string;
  beforeAll(async () => {
    const made = await factory.make();
    dispose = made.dispose;
    s = await startServer(made.store, ['un-sc']);
    a = await s.session('staff', OFFICE_A);
    b = await s.session('staff', OFFICE_B);
    officer = await s.session('security_officer', 'security-team', [OFFICE_A, OFFICE_B]);
    const post = (who: typeof a, url: string, payload: unknown) => s.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, payload: payload as object });
    const res = await post(a, '/api/approaches', APPROACH);
    expect(res.statusCode, res.body).toBe(201);
    contactId = res.json().contact.id;
    const m = await post(a, '/api/money', { kind: 'donation', recipient: 'member', donor: { name: 'Example Donor', type: 'individual', evidence: { electoral_register: true } }, amount: 2000, received: '2026-11-10', description: 'cheque' });
    expect(m.statusCode, m.body).toBe(201);
    moneyId = m.json().id;
    // The same person reported by office B, under the same email.
    expect((await post(b, '/api/approaches', { ...APPROACH, contact: { ...APPROACH.contact, name: 'Dan Wong' } })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await s?.close();
    await dispose?.();
  });
  const get = (who: { cookie: string }, url: string) => s.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

  it('another office\'s contact answers 404, exactly as a missing one', async () => {
    expect((await get(a, `/api/contacts/${contactId}`)).statusCode).toBe(200);
    const other = await get(b, `/api/contacts/${contactId}`);
    const missing = await get(b, '/api/contacts/00000000-0000-0000-0000-000000000000');
    expect(other.statusCode).toBe(404);
    expect(other.json().error.message.replace(contactId, 'X')).toBe(missing.json().error.message.replace('00000000-0000-0000-0000-000000000000', 'X'));
  });

  it('lists, counts and alerts show only the office\'s own records', async () => {
    const contacts = (await get(b, '/api/contacts')).json().items as { name: string }[];
    expect(contacts.map((c) => c.name)).toEqual(['Dan Wong']);
    expect((await get(b, '/api/money')).json().items).toEqual([]);
    expect((await get(b, `/api/money/${moneyId}`)).statusCode).toBe(404);
    const alertsB = (await get(b, '/api/alerts')).json().items as { officeId: string }[];
    expect(alertsB.every((x) => x.officeId === OFFICE_B)).toBe(true);
    const audit = await get(officer, `/api/audit?office=${OFFICE_B}`);
    expect((audit.json().items as { officeId: string }[]).every((e) => e.officeId === OFFICE_B)).toBe(true);
  });

  it('a security officer sees the offices assigned to them, and names one with ?office=', async () => {
    expect((await get(officer, `/api/contacts/${contactId}?office=${OFFICE_A}`)).statusCode).toBe(200);
    expect((await get(officer, `/api/contacts/${contactId}?office=${OFFICE_B}`)).statusCode).toBe(404);
    const corr = (await get(officer, '/api/correlations')).json().items as { offices: number; keys: string[] }[];
    expect(corr).toHaveLength(1);
    expect(corr[0].offices).toBe(2);
    expect(corr[0].keys).toContain('email:d.wong@brightfutures.example');
  });

  it('a security officer reads the alerts of every office assigned, and staff only their own', async () => {
    const count = async (who: { cookie: string }, office: string) => ((await get(who, `/api/alerts?office=${office}`)).json().items as unknown[]).length;
    const all = (await get(officer, '/api/alerts?all=true')).json().items as { officeId: string }[];
    expect(all.length).toBeGreaterThan(0);
    expect(all.length).toBe((await count(officer, OFFICE_A)) + (await count(officer, OFFICE_B)) + (await count(officer, 'security-team')));
    const own = (await get(b, '/api/alerts?all=true')).json().items as { officeId: string }[];
    expect(own.length).toBe(await count(b, OFFICE_B));
    expect(own.every((x) => x.officeId === OFFICE_B)).toBe(true);
  });

  it('an officer assigned to one office does not see the other in correlations', async () => {
    const narrow = await s.session('security_officer', 'security-team', [OFFICE_A]);
    expect((await get(narrow, '/api/correlations')).json().items).toEqual([]);
    expect((await get(narrow, `/api/contacts?office=${OFFICE_B}`)).statusCode).toBe(404);
  });

  it('reading a contact is written to the audit trail', async () => {
    const entries = (await s.services.store.listAudit({ officeId: OFFICE_A })).filter((e) => e.action === 'read.contact');
    expect(entries.some((e) => e.subject === contactId)).toBe(true);
  });
});
