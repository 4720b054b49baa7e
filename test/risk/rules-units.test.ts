import { describe, expect, it } from 'vitest';
import { addCalendarMonths, addWorkingDays, parseDayDate } from '../../src/domain/dates.js';
import { BANK_HOLIDAYS } from '../../src/domain/holidays.js';
import { DONATION_RULES, parseDonationRules } from '../../src/risk/donation-rules.js';
import type { MoneyEntry } from '../../src/risk/money-entry.js';
import { RED_FLAG_TESTS, RED_FLAGS, redFlags, type FlagInput } from '../../src/risk/red-flags.js';
import { ROUTING, recommend } from '../../src/risk/routing.js';
import { watchlistSign } from '../../src/risk/watchlist.js';
import { moneyInput, toEntry } from '../../src/services/money-input.js';

describe('one date parser, calendar months and working days', () => {
  it('reads DD/MM/YYYY and ISO alike, and refuses impossible days with the reason', () => {
    expect(parseDayDate('31/01/2026')).toEqual({ ok: true, iso: '2026-01-31' });
    expect(parseDayDate(' 2026-01-31 ')).toEqual({ ok: true, iso: '2026-01-31' });
    expect(parseDayDate('1/2/2026')).toEqual({ ok: true, iso: '2026-02-01' });
    expect(parseDayDate('29/02/2024')).toEqual({ ok: true, iso: '2024-02-29' });
    expect(parseDayDate('29/02/2026')).toEqual({ ok: false, message: '"29/02/2026" is not a date: month 2 of 2026 has 28 days' });
    expect(parseDayDate('12/13/2026')).toEqual({ ok: false, message: '"12/13/2026" is not a date: there is no month 13' });
    expect(parseDayDate('2026-13-01')).toMatchObject({ ok: false, message: expect.stringMatching(/no month 13/) });
    expect(parseDayDate('next Tuesday')).toMatchObject({ ok: false, message: expect.stringMatching(/use DD\/MM\/YYYY or YYYY-MM-DD/) });
  });
  it('one calendar month ends at the end of the shorter month (L-01: 31 January → end of February, never March)', () => {
    expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addCalendarMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addCalendarMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addCalendarMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addCalendarMonths('2026-08-31', 6)).toBe('2027-02-28');
  });
  it('working days skip weekends and England and Wales bank holidays', () => {
    // Friday 27 November 2026 + 2 working days = Tuesday 1 December.
    expect(addWorkingDays('2026-11-27', 2, BANK_HOLIDAYS)).toBe('2026-12-01');
    // Christmas 2026: Friday 25th, Boxing Day substitute Monday 28th.
    expect(addWorkingDays('2026-12-24', 1, BANK_HOLIDAYS)).toBe('2026-12-29');
    // Easter 2026: Good Friday 3 April, Easter Monday 6 April.
    expect(addWorkingDays('2026-04-02', 1, BANK_HOLIDAYS)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-02', 1, new Set())).toBe('2026-04-03');
  });
});

let n = 0;
const entry = (over: Omit<Partial<MoneyEntry>, 'donor'> & { donor?: Partial<MoneyEntry['donor']> } = {}): MoneyEntry => ({
  id: `u${n++}`, kind: 'donation', recipient: 'member', value: 1000, received: '2026-03-02', paymentMethod: 'bank_transfer', description: 'x', ...over,
  donor: { name: 'Eleanor Vance', type: 'individual', ...over.donor },
});
const ctx = (over: Partial<FlagInput> = {}): FlagInput => ({ history: [], screening: [], donationFloor: 500, reportingThreshold: 2230, isDonation: true, ukSource: true, ...over });

describe('red flags: a rule table over small tests, each testable alone', () => {
  it('every rule names a known test with valid numbers, a description and a source; every test is used', () => {
    for (const r of DONATION_RULES.redFlags) {
      expect(RED_FLAG_TESTS).toContain(r.test);
      expect(RED_FLAGS[r.test].params.safeParse(r.params).success, r.id).toBe(true);
      expect(r.source.length, r.id).toBeGreaterThan(4);
    }
    expect(new Set(DONATION_RULES.redFlags.map((r) => r.test))).toEqual(new Set(RED_FLAG_TESTS));
  });
  it('a rule with bad numbers or an unknown test is refused when the rules load', () => {
    const bad = (flag: Record<string, unknown>) => () => parseDonationRules({ ...DONATION_RULES, redFlags: [flag] }, 'rules.json');
    expect(bad({ id: 'RF-D02', test: 'newly_incorporated', params: { donorTypes: ['company'], days: -1 }, description: 'd', source: 's' })).toThrow(/rules\.json is invalid at redFlags\.0\.params: RF-D02 \(newly_incorporated\): .* at days/);
    expect(bad({ id: 'RF-X', test: 'moon_phase', params: {}, description: 'd', source: 's' })).toThrow(/redFlags\.0\.test/);
  });
  it('newly_incorporated uses its own number of days', () => {
    const p = { donorTypes: ['company'], days: 365 };
    const young = entry({ donor: { type: 'company', incorporatedOn: '2025-06-01' } });
    expect(RED_FLAGS.newly_incorporated.run(young, ctx(), p)).toBe('incorporated on 2025-06-01, 274 days before');
    expect(RED_FLAGS.newly_incorporated.run(young, ctx(), { ...p, days: 200 })).toBeUndefined();
    expect(RED_FLAGS.newly_incorporated.run(entry({ donor: { incorporatedOn: '2025-06-01' } }), ctx(), p)).toBeUndefined();
  });
  it('revenue_small follows the pending two-years-of-revenue test (CH-05)', () => {
    const p = { donorTypes: ['company'], revenueYears: 2 };
    expect(RED_FLAGS.revenue_small.run(entry({ value: 20000, donor: { type: 'company', annualRevenue: 9999 } }), ctx(), p)).toMatch(/£9,999 against a gift of £20,000/);
    expect(RED_FLAGS.revenue_small.run(entry({ value: 20000, donor: { type: 'company', annualRevenue: 10000 } }), ctx(), p)).toBeUndefined();
  });
  it('split_payments counts only small payments from the same donor within the window', () => {
    const p = { windowDays: 30 };
    const first = entry({ value: 400, received: '2026-02-10' });
    expect(RED_FLAGS.split_payments.run(entry({ value: 400, received: '2026-03-02' }), ctx({ history: [first] }), p)).toMatch(/2 payments within 30 days.*total £800/);
    expect(RED_FLAGS.split_payments.run(entry({ value: 400, received: '2026-03-20' }), ctx({ history: [first] }), p)).toBeUndefined();
    expect(RED_FLAGS.split_payments.run(entry({ value: 400, donor: { name: 'Someone Else' } }), ctx({ history: [first] }), p)).toBeUndefined();
  });
  it('linked_donors links companies through a shared beneficial owner', () => {
    const a = entry({ donor: { name: 'Alder Ltd', type: 'company', companyNumber: '11111111', beneficialOwners: ['Ruth Okafor'] } });
    const b = entry({ donor: { name: 'Birch Ltd', type: 'company', companyNumber: '22222222', beneficialOwners: ['ruth okafor'] } });
    expect(RED_FLAGS.linked_donors.run(b, ctx({ history: [a] }), { windowDays: 365 })).toBe('linked to Alder Ltd');
  });
  it('the engine puts the description and the evidence together, with the source', () => {
    const flags = redFlags(DONATION_RULES.redFlags, entry({ paymentMethod: 'cash' }), ctx());
    expect(flags).toContainEqual({ id: 'RF-D07', reason: 'cash handed over: paid by cash', source: 'RF-D07, CASE(Gill) [S64]' });
  });
});

describe('money input: rates stated as "1 USD = x GBP", checked for direction; crypto', () => {
  const schema = moneyInput(DONATION_RULES, () => '2026-11-30');
  const base = { kind: 'donation', recipient: 'member', donor: { name: 'Ana Costa', type: 'individual' }, amount: 1000, received: '01/11/2026', description: 'x' };
  const err = (v: unknown) => {
    const r = schema.safeParse(v);
    return r.success ? undefined : `${r.error.issues[0].path.join('.')}: ${r.error.issues[0].message}`;
  };
  it('accepts the rate as a number or as "1 USD = 0.79 GBP"', () => {
    expect(err({ ...base, currency: 'USD', gbpRate: '1 USD = 0.79 GBP', rateDate: '01/11/2026' })).toBeUndefined();
    const v = schema.parse({ ...base, currency: 'USD', gbpRate: '1 USD = 0.79 GBP', rateDate: '01/11/2026' });
    expect(toEntry(DONATION_RULES, v, 'x').entry.value).toBe(790);
  });
  it('refuses a rate typed upside down, saying what the right one would be', () => {
    expect(err({ ...base, currency: 'USD', gbpRate: 1.27, rateDate: '01/11/2026' })).toMatch(/^gbpRate: 1 USD = 1.27 GBP looks upside down: that is USD per pound; pounds per USD would be about 0.787/);
    expect(err({ ...base, currency: 'USD', gbpRate: '1 EUR = 0.85 GBP', rateDate: '01/11/2026' })).toBe('gbpRate: the rate is for EUR but the amount is in USD');
    expect(err({ ...base, currency: 'JPY', gbpRate: 5, rateDate: '01/11/2026' })).toMatch(/outside the plausible range/);
  });
  it('warns when the rate is far from the date received', () => {
    const v = schema.parse({ ...base, currency: 'EUR', gbpRate: 0.86, rateDate: '01/09/2026' });
    expect(toEntry(DONATION_RULES, v, 'x').warnings[0]).toMatch(/^the exchange rate is from 2026-09-01, 61 days from the date received/);
    expect(toEntry(DONATION_RULES, schema.parse({ ...base, currency: 'EUR', gbpRate: 0.86, rateDate: '30/10/2026' }), 'x').warnings).toEqual([]);
  });
  it('takes a cryptoasset as a currency and records it as paid by crypto, so the moratorium applies (CH-08)', () => {
    const v = schema.parse({ ...base, currency: 'btc', gbpRate: 52000, rateDate: '01/11/2026', amount: 0.1 });
    const { entry: e, warnings } = toEntry(DONATION_RULES, v, 'x');
    expect(e).toMatchObject({ value: 5200, paymentMethod: 'crypto', original: { currency: 'BTC' } });
    expect(warnings[0]).toMatch(/BTC is a cryptoasset/);
  });
  it('refuses impossible and future dates with the field', () => {
    expect(err({ ...base, received: '31/04/2026' })).toBe('received: "31/04/2026" is not a date: month 4 of 2026 has 30 days');
    expect(err({ ...base, received: '01/12/2026' })).toBe('received: 01/12/2026 is in the future');
  });
});

describe('routing: whom to tell, by when, without contradictions', () => {
  const all = (level: 'low' | 'medium' | 'high' | 'critical', indicators: string[], channel = 'linkedin') => recommend({ level, officeKind: 'commons', indicators, channel, types: [], from: '2026-11-27' });
  it('every rule says by when, its own time or its level\'s', () => {
    for (const r of ROUTING.advice) expect(r.by, r.id).toBeDefined();
    for (const level of ['low', 'medium', 'high', 'critical'] as const) expect(ROUTING.by[level], level).toBeDefined();
    for (const a of all('critical', ['RF-A08', 'RF-A10', 'WL-01'])) expect(a.due >= '2026-11-27', a.id).toBe(true);
  });
  it('never tells someone to remove or block a contact and, at once, to keep everything until the security team has seen it', () => {
    for (const level of ['low', 'medium', 'high', 'critical'] as const) {
      const texts = all(level, ['RF-A08', 'WL-01', 'IN-01']).map((a) => a.text);
      const removeNow = texts.filter((t) => /\bremove\b|\bblock\b/i.test(t) && !/until|once/i.test(t));
      expect(removeNow, level).toEqual([]);
    }
  });
  it('a gut feeling alone routes to the security team within two working days, never "nothing more to report"', () => {
    const a = all('low', ['IN-01'], 'in_person');
    expect(a.map((x) => x.id)).toEqual(['R-INSTINCT']);
    expect(a[0]).toMatchObject({ to: 'Your security team', due: '2026-12-01', by: 'within 2 working days' });
  });
  it("reports take the level's time unless the rule sets its own: today at high and critical, two working days at medium", () => {
    expect(all('critical', [])).toContainEqual(expect.objectContaining({ id: 'R-SECURITY-TEAM', due: '2026-11-27', by: 'today' }));
    expect(all('high', [])).toContainEqual(expect.objectContaining({ id: 'R-PSD', due: '2026-11-27', by: 'today' }));
    expect(all('medium', [])).toContainEqual(expect.objectContaining({ id: 'R-PSD', due: '2026-12-01', by: 'within 2 working days' }));
    expect(all('high', ['RF-A21'])).toContainEqual(expect.objectContaining({ id: 'R-FIRS', due: '2026-12-25', by: 'within 28 days' }));
  });
});

describe('a watchlist hit on a common name alone is a weak sign', () => {
  const hit = (words: string[], features: { id: string; score: number }[] = []) => ({ level: 'match' as const, words: words.map((query) => ({ query })), features });
  it('name only, all words common: weak', () => expect(watchlistSign(hit(['mohammed', 'ali']))).toBe('weak'));
  it('a date of birth or country agreeing keeps the match', () => expect(watchlistSign(hit(['mohammed', 'ali'], [{ id: 'dob', score: 0.05 }]))).toBe('match'));
  it('a distinctive name keeps the match', () => expect(watchlistSign(hit(['shirly', 'shen']))).toBe('match'));
  it("the screening engine's own strength wins", () => expect(watchlistSign({ ...hit(['shirly', 'shen']), strength: 'weak' })).toBe('weak'));
});
