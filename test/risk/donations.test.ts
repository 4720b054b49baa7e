import { describe, expect, it } from 'vitest';
import { DONATION_RULES } from '../../src/risk/donation-rules.js';
import { checkEntry, type MoneyEntry } from '../../src/risk/donations.js';

let n = 0;
const entry = (over: Omit<Partial<MoneyEntry>, 'donor'> & { donor?: Partial<MoneyEntry['donor']> } = {}): MoneyEntry => ({
  id: `e${n++}`,
  kind: 'donation',
  recipient: 'member',
  value: 1000,
  received: '2026-03-02',
  paymentMethod: 'bank_transfer',
  description: 'support for the office',
  ...over,
  donor: { name: 'Eleanor Vance', type: 'individual', evidence: { on_electoral_register: true }, ...over.donor },
});
const check = (e: MoneyEntry, history: MoneyEntry[] = [], officeKind = 'commons', asOf = '2026-03-05', screening?: { name: string; level: 'match' | 'possible'; summary: string }[]) =>
  checkEntry(e, { rules: DONATION_RULES, history, officeKind, asOf, ...(screening ? { screening } : {}) });
const crossed = (c: ReturnType<typeof check>, id: string) => c.thresholds.find((t) => t.id === id)?.crossed;
const flagIds = (c: ReturnType<typeof check>) => c.flags.map((f) => f.id);

describe('donor types and evidence', () => {
  const evidenceFor: Record<string, Record<string, boolean>> = {
    individual: { on_electoral_register: true },
    company: { incorporated_in_uk: true, carries_on_business_in_uk: true },
    registered_party: { on_party_register: true },
    trade_union: { on_trade_union_list: true },
    building_society: { is_building_society: true },
    llp: { incorporated_in_uk: true, carries_on_business_in_uk: true },
    friendly_society: { registered_society: true },
    unincorporated_association: { main_office_in_uk: true, activities_mainly_in_uk: true },
  };
  it.each(Object.entries(evidenceFor))('%s is permissible with its evidence, and cannot be told without it', (type, evidence) => {
    const companyNumber = type === 'company' || type === 'llp' ? { companyNumber: '01234567' } : {};
    expect(check(entry({ donor: { type, evidence, ...companyNumber } })).verdict).toBe('permissible');
    const none = check(entry({ donor: { type, evidence: {} } }));
    expect(none.verdict).toBe('cannot_tell');
    expect(none.missingEvidence.map((m) => m.id).sort()).toEqual(DONATION_RULES.donorTypes[type].evidence.filter((q) => !(q === 'company_number' && false)).sort());
    const [first] = Object.keys(evidence);
    expect(check(entry({ donor: { type, evidence: { ...evidence, [first]: false }, ...companyNumber } })).verdict).toBe('impermissible');
  });
  it.each(['foreign_individual', 'foreign_company', 'anonymous'])('%s is impermissible, and the action is to return it', (type) => {
    const c = check(entry({ donor: { type, evidence: {} } }));
    expect(c.verdict).toBe('impermissible');
    expect(c.actions[0]).toMatch(type === 'anonymous' ? /send it to the Electoral Commission/ : /Return it \(or an equal sum\) to the donor by 01\/04\/2026/);
  });
  it.each(['trust', 'charity', 'other'])('%s needs advice', (type) => expect(check(entry({ donor: { type, evidence: {} } })).verdict).toBe('cannot_tell'));
  it('public funds are not a donation', () => expect(check(entry({ donor: { type: 'public_body', evidence: {} } })).verdict).toBe('not_a_donation'));
  it('a donation passed on by an agent who does not name the real donor is impermissible (AG-01)', () => {
    const c = check(entry({ donor: { agent: { name: 'a friend of the donor', principalNamed: false } } }));
    expect(c.verdict).toBe('impermissible');
    expect(flagIds(c)).toContain('RF-D04');
  });
});

describe('thresholds at and around their boundaries, by the rules of the date received', () => {
  it('£500 is not a donation; £500.01 is (D-02)', () => {
    expect(check(entry({ value: 500 })).verdict).toBe('not_a_donation');
    expect(check(entry({ value: 500.01 })).verdict).toBe('permissible');
  });
  it('for a candidate, £50 is not a donation; £50.01 is (D-03)', () => {
    expect(crossed(check(entry({ recipient: 'candidate', value: 50 })), 'donation')).toBe(false);
    expect(crossed(check(entry({ recipient: 'candidate', value: 50.01 })), 'donation')).toBe(true);
  });
  it('regulated donee reporting: £2,230 is not reportable and £2,230.01 is, since 1 Jan 2024; £1,500 before', () => {
    expect(crossed(check(entry({ value: 2230 })), 'reporting')).toBe(false);
    expect(crossed(check(entry({ value: 2230.01 })), 'reporting')).toBe(true);
    // The rule change: the same £2,000 gift is reportable in 2023 and not in 2024.
    expect(crossed(check(entry({ value: 2000, received: '2023-12-31' }), [], 'commons', '2024-01-05'), 'reporting')).toBe(true);
    expect(crossed(check(entry({ value: 2000, received: '2024-01-01' }), [], 'commons', '2024-01-05'), 'reporting')).toBe(false);
    expect(check(entry({ value: 2000, received: '2023-12-31' }), [], 'commons', '2024-01-05').thresholds.find((t) => t.id === 'reporting')!.value).toBe(1500);
  });
  it('central party reporting: £11,180 and £11,180.01; £7,500 before 2024', () => {
    expect(crossed(check(entry({ recipient: 'central_party', value: 11180 })), 'reporting')).toBe(false);
    expect(crossed(check(entry({ recipient: 'central_party', value: 11180.01 })), 'reporting')).toBe(true);
    expect(crossed(check(entry({ recipient: 'central_party', value: 8000, received: '2023-06-01' }), [], 'commons', '2023-06-02'), 'reporting')).toBe(true);
  });
  it('over £7,500 needs the written source declaration (P-05)', () => {
    expect(check(entry({ value: 7500 })).verdict).toBe('permissible');
    const missing = check(entry({ value: 7500.01 }));
    expect(missing.verdict).toBe('cannot_tell');
    expect(missing.missingEvidence.map((m) => m.id)).toEqual(['source_declaration']);
    const refused = check(entry({ value: 9000, sourceDeclarationGiven: false }));
    expect(refused.verdict).toBe('impermissible');
    expect(flagIds(refused)).toContain('RF-D11');
    expect(check(entry({ value: 9000, sourceDeclarationGiven: true })).verdict).toBe('permissible');
  });
  it('accounting units report over £2,230; a company needs a shareholder resolution over £5,000; Lords gifts register over £500', () => {
    expect(crossed(check(entry({ recipient: 'local_party', value: 2230 })), 'reporting')).toBe(false);
    expect(crossed(check(entry({ recipient: 'local_party', value: 2230.01 })), 'reporting')).toBe(true);
    const company = (value: number) => check(entry({ value, sourceDeclarationGiven: true, donor: { name: 'Fenwick Engineering Ltd', type: 'company', companyNumber: '04455667', evidence: { incorporated_in_uk: true, carries_on_business_in_uk: true } } }));
    expect(crossed(company(5000), 'company_resolution')).toBe(false);
    expect(crossed(company(5000.01), 'company_resolution')).toBe(true);
    expect(check(entry({ value: 5000.01 })).thresholds.some((t) => t.id === 'company_resolution')).toBe(false);
    const lords = (value: number) => check(entry({ kind: 'hospitality', value, description: 'dinner' }), [], 'lords').registers;
    expect(lords(500)).toEqual([]);
    expect(lords(500.01)[0]).toMatchObject({ category: 'gifts', due: '2026-04-02' });
  });

  it('Commons gifts from UK sources register over £300; a councillor registers gifts of £50 or more', () => {
    const gift = (value: number, officeKind: string) => check(entry({ kind: 'gift', value, description: 'theatre tickets' }), [], officeKind).registers;
    expect(gift(300, 'commons')).toEqual([]);
    expect(gift(300.01, 'commons')[0]).toMatchObject({ category: '3', due: '2026-03-30' });
    expect(gift(49.99, 'council')).toEqual([]);
    expect(gift(50, 'council')[0]).toMatchObject({ category: 'gifts', due: '2026-03-30' });
    expect(check(entry({ kind: 'gift', value: 400, donor: { country: 'CN' } })).registers[0].category).toBe('5');
  });
});

describe('aggregation and the 30-day timer', () => {
  it('adds up one donor’s donations in a calendar year, and starts again in January', () => {
    const a = entry({ value: 1000, received: '2026-01-10', accepted: '2026-01-12' });
    const b = entry({ value: 1000, received: '2026-02-10', accepted: '2026-02-12' });
    const c = entry({ value: 1000, received: '2026-03-02' });
    const third = check(c, [a, b]);
    expect(third.aggregate).toEqual({ year: 2026, total: 3000, entries: 3 });
    expect(third.thresholds.find((t) => t.id === 'reporting')).toMatchObject({ crossed: true, by: 'aggregate' });
    const nextYear = check(entry({ value: 1000, received: '2027-01-05' }), [a, b, c], 'commons', '2027-01-06');
    expect(nextYear.aggregate.total).toBe(1000);
    // The same words in another order are the same donor; a returned donation does not count.
    const returned = entry({ value: 1500, received: '2026-02-20', returned: '2026-02-25', donor: { name: 'VANCE, Eleanor' } });
    expect(check(c, [a, b, returned]).aggregate.total).toBe(3000);
  });
  it('runs the 30-day decision timer from receipt: upcoming, met once decided, overdue after', () => {
    const e = entry({ received: '2026-03-02' });
    expect(check(e, [], 'commons', '2026-03-20').deadlines.find((d) => d.id === 'decide')).toMatchObject({ due: '2026-04-01', status: 'upcoming' });
    expect(check(e, [], 'commons', '2026-04-02').deadlines.find((d) => d.id === 'decide')).toMatchObject({ status: 'overdue' });
    expect(check(e, [], 'commons', '2026-04-02').reasons).toContain('still held more than 30 days after receipt: it is deemed accepted (P-01)');
    expect(check({ ...e, accepted: '2026-03-10' }, [], 'commons', '2026-04-02').deadlines.find((d) => d.id === 'decide')!.status).toBe('met');
    const big = { ...e, value: 5000, accepted: '2026-03-10' };
    expect(check(big, [], 'commons', '2026-03-20').deadlines.find((d) => d.id === 'report_ec')).toMatchObject({ due: '2026-04-09', status: 'upcoming' });
  });
});

describe('foreign-link red flags on realistic cases', () => {
  it('a new company with a foreign parent and little revenue, giving a round sum', () => {
    const c = check(entry({ value: 20000, sourceDeclarationGiven: true, donor: { name: 'Harbourline Trading Ltd', type: 'company', companyNumber: '15551234', incorporatedOn: '2025-11-01', annualRevenue: 8000, foreignParent: true, evidence: { incorporated_in_uk: true, carries_on_business_in_uk: true } } }));
    expect(c.verdict).toBe('permissible');
    expect(flagIds(c)).toEqual(expect.arrayContaining(['RF-D02', 'RF-D03', 'ROUND-NEW']));
    expect(c.flags.find((f) => f.id === 'RF-D03' && f.reason.includes('revenue'))!.reason).toMatch(/two years' revenue: annual revenue £8,000 against a gift of £20,000/);
    // Two years' revenue covers the gift: no revenue flag (CH-05).
    expect(check(entry({ value: 20000, sourceDeclarationGiven: true, donor: { name: 'Harbourline Trading Ltd', type: 'company', companyNumber: '15551234', annualRevenue: 10000, evidence: { incorporated_in_uk: true, carries_on_business_in_uk: true } } })).flags.some((f) => f.reason.includes('revenue'))).toBe(false);
  });
  it('split payments just under £500 within 30 days, and donors linked by address or director', () => {
    const p1 = entry({ value: 450, received: '2026-02-20' });
    const p2 = entry({ value: 450, received: '2026-03-01' });
    expect(flagIds(check(p2, [p1]))).toContain('RF-D05');
    const other = entry({ donor: { name: 'Northgate Consulting Ltd', type: 'company', companyNumber: '09876543', directors: ['Eleanor Vance'], evidence: { incorporated_in_uk: true, carries_on_business_in_uk: true } } });
    const linked = check(entry({ donor: { name: 'Southmere Ventures Ltd', type: 'company', companyNumber: '08765432', directors: ['eleanor vance'], evidence: { incorporated_in_uk: true, carries_on_business_in_uk: true } } }), [other]);
    expect(linked.flags.find((f) => f.id === 'RF-D05')!.reason).toMatch(/separate sources in law, so look at them together: linked to Northgate Consulting Ltd$/);
  });
  it('cash, crypto after the moratorium date, staff funding from abroad, a foreign-government visit, a watchlist hit', () => {
    expect(flagIds(check(entry({ paymentMethod: 'cash' })))).toContain('RF-D07');
    const before = check(entry({ paymentMethod: 'crypto', received: '2026-03-24' }), [], 'commons', '2026-03-25');
    const after = check(entry({ paymentMethod: 'crypto', received: '2026-03-25' }), [], 'commons', '2026-03-26');
    expect(before.verdict).toBe('permissible');
    expect(after.verdict).toBe('impermissible');
    expect(after.reasons.join(' ')).toMatch(/Moratorium on cryptoasset political donations/);
    expect(flagIds(check(entry({ fundsStaff: true, donor: { country: 'HK' } })))).toContain('RF-D08');
    const visit = check(entry({ kind: 'visit', value: 4800, fundedByForeignGovernment: true, donor: { name: 'Ministry of Foreign Affairs', type: 'other', country: 'CN', evidence: {} } }));
    expect(flagIds(visit)).toContain('RF-D10');
    expect(visit.registers[0]).toMatchObject({ category: '4' });
    const hit = check(entry(), [], 'commons', '2026-03-05', [{ name: 'Oleg Voloshyn', level: 'match', summary: 'matches Oleg Voloshyn on uk-security-alerts (score 1.00)' }]);
    expect(hit.flags.find((f) => f.id === 'RF-D09')!.reason).toMatch(/named in a security alert: Oleg Voloshyn matches Oleg Voloshyn on uk-security-alerts \(score 1.00\)$/);
  });
});
