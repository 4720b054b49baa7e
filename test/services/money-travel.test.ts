import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.js';
import { loadListSources } from '../../src/domain/list-sources.js';
import { BulwarkError } from '../../src/errors.js';
import { registerCsv } from '../../src/export/register.js';
import { readElectoralCommissionCsv } from '../../src/ingest/electoral-commission.js';
import { BUNDLED_LISTS_DIR, importSource } from '../../src/ingest/importer.js';
import { ApproachService } from '../../src/services/approaches.js';
import { officeDeadlines } from '../../src/services/deadlines.js';
import { MoneyService } from '../../src/services/money.js';
import { ScreeningService } from '../../src/services/screening.js';
import { TravelService } from '../../src/services/travel.js';
import type { Store } from '../../src/store/types.js';
import { STORES } from '../helpers/stores.js';

const actor: Actor = { userId: 'compliance-lead', officeId: 'office-money', role: 'admin' };
const EC = new URL('../fixtures/ec-donations-export.csv', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'bwk-money-'));
const base = { kind: 'donation', recipient: 'member', donor: { name: 'Eleanor Vance', type: 'individual', evidence: { on_electoral_register: true } }, amount: 1000, received: '2026-10-01', description: 'support for the office' };

describe.each(STORES.filter((s) => s.available))('money and travel services ($name)', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let money: MoneyService;
  let travel: TravelService;
  beforeAll(async () => {
    ({ store, dispose } = await factory.make());
    await importSource(store, actor, loadListSources().lists.find((l) => l.dataset === 'uk-security-alerts')!, BUNDLED_LISTS_DIR);
    const screening = new ScreeningService(store);
    const approaches = new ApproachService(store, screening);
    await approaches.setOffice(actor, { name: 'Office of the Member', kind: 'commons' });
    money = new MoneyService(store, screening);
    travel = new TravelService(store, approaches);
  });
  afterAll(() => dispose());

  const refused = async (input: unknown, message: RegExp, field: string) => {
    const before = await money.history(actor);
    const err = await money.add(actor, input).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(BulwarkError);
    expect((err as BulwarkError).message).toMatch(message);
    expect((err as BulwarkError).location.field).toBe(field);
    expect(await money.history(actor)).toEqual(before);
  };

  it('refuses negative and absurd amounts, unknown currencies, missing rates, dates out of order and unknown donor types', async () => {
    await refused({ ...base, amount: -50 }, /more than zero/, 'amount');
    await refused({ ...base, amount: 5e9 }, /implausibly large/, 'amount');
    await refused({ ...base, currency: 'XYZ' }, /"XYZ" is not a currency code/, 'currency');
    await refused({ ...base, currency: 'USD' }, /an amount in USD needs the exchange rate to pounds \(gbpRate\) and the date of that rate/, 'currency');
    await refused({ ...base, accepted: '2026-09-01' }, /acceptance date is before the date received/, 'accepted');
    await refused({ ...base, received: '2099-01-01' }, /is in the future/, 'received');
    await refused({ ...base, donor: { name: 'X', type: 'martian' } }, /donor type must be one of individual, company/, 'donor.type');
  });

  it('converts a foreign currency at the stated rate and date, and screens directors', async () => {
    const r = await money.add(actor, { ...base, donor: { name: 'Danube Holdings Ltd', type: 'company', companyNumber: '11223344', directors: ['Oleg Voloshyn'], evidence: { incorporated_in_uk: true, carries_on_business_in_uk: true } }, amount: 10000, currency: 'eur', gbpRate: 0.85, rateDate: '2026-09-30', sourceDeclarationGiven: true });
    expect(r.entry.value).toBe(8500);
    expect(r.entry.original).toEqual({ amount: 10000, currency: 'EUR', gbpRate: 0.85, rateDate: '2026-09-30' });
    expect(r.screening).toEqual([{ name: 'Oleg Voloshyn', level: 'match', summary: 'matches Oleg Voloshyn on uk-security-alerts (score 1.00)' }]);
    expect(r.check.flags.map((f) => f.id)).toContain('RF-D09');
    const audit = await store.listAudit();
    expect(audit.at(-1)).toMatchObject({ action: 'money.add', subject: r.id });
  });

  it('imports an Electoral Commission export whole, and refuses a damaged one whole', async () => {
    const rows = readElectoralCommissionCsv(EC);
    expect(rows.map((r) => r.ecRef)).toEqual(['C0000001', 'C0000002', 'C0000003', 'C0000004']);
    expect(rows[1].input).toMatchObject({ amount: 12500, received: '02/05/2024', accepted: '10/05/2024', donor: { type: 'company', companyNumber: '01234567' } });
    const bad = join(dir, 'bad.csv');
    const lines = readFileSync(EC, 'utf8').split('\n');
    lines[3] = lines[3].replace('"£2,400.00"', '"£-2,400.00"');
    writeFileSync(bad, lines.join('\n'));
    const before = (await money.history(actor)).length;
    // A negative value is refused while the file is read, naming the line and column; nothing is stored.
    expect(() => readElectoralCommissionCsv(bad)).toThrow(/bad\.csv, line 4, field Value: the amount must be more than zero/);
    expect((await money.history(actor)).length).toBe(before);
    expect(await money.importElectoralCommission(actor, rows, EC)).toBe(4);
    // Importing the same export again updates the same entries rather than duplicating them.
    await money.importElectoralCommission(actor, rows, EC);
    const all = await money.history(actor);
    expect(all.length).toBe(before + 4);
    const returned = all.find((s) => s.entry.description.includes('C0000003'))!;
    expect(returned.check.verdict).toBe('impermissible');
    expect(returned.entry.returned).toBe('2024-06-03');
  });

  it('records acceptance, reporting and registration later, closing those deadlines', async () => {
    const r = await money.add(actor, { ...base, donor: { name: 'Rosalind Achebe', type: 'individual', evidence: { on_electoral_register: true } }, amount: 3000, received: '2026-10-05' });
    const open = await officeDeadlines(actor, money, travel, '2026-10-06');
    expect(open.filter((d) => d.subject.includes(r.id)).map((d) => d.what)).toEqual(expect.arrayContaining([expect.stringMatching(/^decide whether/), expect.stringMatching(/^register it/)]));
    await expect(money.update(actor, r.id, { returned: '2026-10-01' })).rejects.toThrow(/the returned date is before the date received/);
    await expect(money.update(actor, r.id, {})).rejects.toThrow(/give at least one of/);
    const u = await money.update(actor, r.id, { accepted: '2026-10-10', registered: '2026-10-20' });
    expect(u.check.deadlines.find((d) => d.id === 'decide')!.status).toBe('met');
    expect(u.check.deadlines.find((d) => d.id.startsWith('register'))!.status).toBe('met');
    const after = await officeDeadlines(actor, money, travel, '2026-10-21');
    expect(after.filter((d) => d.subject.includes(r.id)).map((d) => d.what)).toEqual(['report the accepted donation to the Electoral Commission (MPs: through the Register)']);
    await money.update(actor, r.id, { reported: '2026-10-25' });
    expect((await officeDeadlines(actor, money, travel, '2026-10-26')).some((d) => d.subject.includes(r.id))).toBe(false);
    expect((await store.listAudit()).at(-1)).toMatchObject({ action: 'money.update', subject: r.id });
  });

  it('exports entries due on the Register, skipping returned ones', async () => {
    const all = (await money.history(actor)).map((s) => ({ ...s, id: s.entry.id }));
    const csv = registerCsv(all);
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toBe('category,donor_name,donor_public_address,donor_status,company_number,company_identifier_source,payment_type,description,value_gbp,received_date,accepted_date,register_by,sole_beneficiary');
    expect(rows.some((r) => r.startsWith('2,Example Holdings Limited,EF3 4GH,Company,01234567,Companies House,Monetary,') && r.includes(',12500.00,02/05/2024,10/05/2024,30/05/2024,Yes'))).toBe(true);
    expect(rows.some((r) => r.includes('Example Visitor Trust'))).toBe(false);
    expect(rows.some((r) => r.startsWith('4,Example Foundation Abroad'))).toBe(true);
  });

  it('briefs a trip to an enhanced-tier country and flags a foreign-funded visit for registration', async () => {
    await expect(travel.add(actor, { destination: 'Iran', depart: '2026-12-10', return: '2026-12-01', funder: { name: 'x', type: 'self' }, purpose: 'p', travellers: ['a'] })).rejects.toThrow(/return date is before the departure date/);
    const t = await travel.add(actor, { destination: 'Iran', city: 'Tehran', depart: '2026-09-01', return: '2026-09-05', funder: { name: 'Institute for Political and International Studies', type: 'foreign_government' }, purpose: 'Parliamentary dialogue on consular cases', devices: ['work phone', 'laptop'], travellers: ['The member', 'Senior researcher'] });
    const md = await travel.briefing(actor, t.id);
    expect(md).toContain('# Travel security briefing: Tehran, Iran');
    expect(md).toContain('## Enhanced tier under the Foreign Influence Registration Scheme');
    expect(md).toMatch(/Iran is specified for the FIRS enhanced tier \(in force 01\/07\/2025, announced 04\/03\/2025\): the Iranian state; its security and intelligence services including the IRGC and MOIS/);
    expect(md).toContain('take a loan or clean device and have it wiped on return');
    expect(md).toContain("Keep your devices with you; do not leave phones or laptops unattended in hotel rooms. (TR-02, NPSA25 (pre-briefing))");
    expect(md).toMatch(/register it by 03\/10\/2026 \(RF-D10\)/);
    const html = await travel.briefing(actor, t.id, 'html');
    expect(html).toMatch(/^<!doctype html><html lang="en-GB">/);
    expect(html).not.toMatch(/https?:\/\//);
    const deadlines = await officeDeadlines(actor, money, travel, '2026-09-10');
    expect(deadlines.find((d) => d.what.startsWith('register the visit to IR'))).toMatchObject({ due: '2026-10-03', status: 'upcoming' });
    expect(deadlines.find((d) => d.what === 'debrief the trip to IR')).toMatchObject({ due: '2026-09-19' });
    expect(deadlines.filter((d) => d.status === 'overdue').length).toBeGreaterThan(0);
    expect(deadlines[0].status).toBe('overdue');

    // The debrief: a follow-up contact becomes an approach with the question's indicators.
    const r = await travel.debrief(actor, t.id, {
      answers: [
        { id: 'DQ-03', yes: true, details: 'At the reception an official asked what the committee was saying privately about sanctions', contact: { name: 'Reza Mohammadi', claimedRole: 'official' } },
        { id: 'DQ-05', yes: true, details: 'The laptop was taken away for 20 minutes at the airport' },
        { id: 'DQ-04', yes: false },
      ],
    });
    expect(r.approaches).toHaveLength(1);
    expect(r.deviceIncidents).toEqual(['The laptop was taken away for 20 minutes at the airport']);
    await expect(travel.debrief(actor, t.id, { answers: [] })).rejects.toThrow(/was debriefed on/);
    const after = await officeDeadlines(actor, money, travel, '2026-09-10');
    expect(after.some((d) => d.what === 'debrief the trip to IR')).toBe(false);
    await expect(travel.markRegistered(actor, t.id, '2026-08-01')).rejects.toThrow(/before the trip/);
    await travel.markRegistered(actor, t.id, '2026-09-20');
    expect((await officeDeadlines(actor, money, travel, '2026-09-21')).some((d) => d.what.startsWith('register the visit to IR'))).toBe(false);
  });
});
