import { z } from 'zod';
import { isWholePence, MIN_AMOUNT } from '../domain/amount.js';
import { countryCode } from '../domain/countries.js';
import { daysBetween } from '../domain/dates.js';
import type { DonationRules } from '../risk/donation-rules.js';
import { gbp, MONEY_KINDS, PAYMENT_METHODS, type MoneyEntry } from '../risk/money-entry.js';
import { dayDate } from './inputs.js';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const names = z.array(z.string().trim().min(1)).default([]);

/** "1 USD = 0.79 GBP", as a form or a bank statement states it, or the bare number of pounds. */
const rate = z.union([
  z.number().positive('the rate must be more than zero'),
  z.string().transform((s, ctx) => {
    const m = s.trim().match(/^1\s*([A-Za-z]{3,5})\s*=\s*([0-9]*\.?[0-9]+)\s*GBP$/i);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `"${s}" is not a rate: write it as "1 USD = 0.79 GBP"` });
      return z.NEVER;
    }
    return { currency: m[1].toUpperCase(), gbp: Number(m[2]) };
  }),
]);

/** The input for one donation, loan, gift, hospitality or visit, validated against the rules' vocabularies. */
export function moneyInput(rules: DonationRules, today: () => string) {
  const past = dayDate({ notAfter: today });
  const crypto = new Set(rules.currency.crypto);
  return z
    .object({
      kind: z.enum(MONEY_KINDS, { message: `kind must be one of ${MONEY_KINDS.join(', ')}` }),
      recipient: z.string().refine((r) => r in rules.recipients, { message: `recipient must be one of ${Object.keys(rules.recipients).join(', ')}` }),
      donor: z.object({
        name: z.string().trim().min(1, 'the donor needs a name (use type anonymous if unknown)'),
        type: z.string().refine((t) => t in rules.donorTypes, { message: `donor type must be one of ${Object.keys(rules.donorTypes).join(', ')}` }),
        address: z.string().trim().optional(),
        postcode: z.string().trim().optional(),
        companyNumber: z.string().trim().regex(/^[A-Z0-9]{6,10}$/i, 'is not a Companies House number').optional(),
        country: z.string().trim().optional(),
        incorporatedOn: past.optional(),
        annualRevenue: z.number().nonnegative('revenue cannot be negative').optional(),
        foreignParent: z.boolean().optional(),
        majorityForeignOwned: z.boolean().optional(),
        owners: names,
        directors: names,
        beneficialOwners: names,
        evidence: z.record(z.string(), z.boolean()).default({}),
        agent: z.object({ name: z.string().trim().min(1), principalNamed: z.boolean() }).optional(),
      }),
      amount: z.number({ message: 'the amount must be a number' }).positive('the amount must be more than zero').max(100_000_000, 'the amount is implausibly large (over 100 million)'),
      currency: z.string().trim().toUpperCase().default('GBP').refine((c) => CURRENCIES.has(c) || crypto.has(c), { message: 'is not a currency code (ISO 4217, e.g. GBP, USD, EUR, or a cryptoasset such as BTC)' }),
      gbpRate: rate.optional(),
      rateDate: past.optional(),
      received: past,
      accepted: past.optional(),
      returned: past.optional(),
      paymentMethod: z.enum(PAYMENT_METHODS, { message: `payment method must be one of ${PAYMENT_METHODS.join(', ')}` }).default('bank_transfer'),
      description: z.string().trim().min(1, 'describe what was given'),
      personal: z.boolean().optional(),
      fundsStaff: z.boolean().optional(),
      fundedByForeignGovernment: z.boolean().optional(),
      sourceDeclarationGiven: z.boolean().optional(),
      /** Set to record a second entry with the same donor, kind, amount and date on purpose. */
      confirmDuplicate: z.boolean().optional(),
      externalRef: z.string().optional(),
    })
    .superRefine((v, ctx) => {
      const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
      if (v.accepted && v.accepted < v.received) issue(['accepted'], 'the acceptance date is before the date received');
      if (v.returned && v.returned < v.received) issue(['returned'], 'the return date is before the date received');
      if (v.accepted && v.returned) issue(['returned'], 'a donation is either accepted or returned, not both');
      if (v.donor.country && !countryCode(v.donor.country)) issue(['donor', 'country'], `unknown country "${v.donor.country}"`);
      // Pounds and other money come in whole pence (or cents); a cryptoasset is divided much finer.
      if (!crypto.has(v.currency) && v.amount < MIN_AMOUNT) issue(['amount'], 'the amount must be at least 0.01');
      else if (!crypto.has(v.currency) && !isWholePence(v.amount)) issue(['amount'], 'the amount may have at most two decimal places');
      if (v.currency === 'GBP') return;
      if (v.gbpRate === undefined || !v.rateDate) return issue(['currency'], `an amount in ${v.currency} needs the exchange rate to pounds (gbpRate, "1 ${v.currency} = x GBP") and the date of that rate (rateDate)`);
      const stated = typeof v.gbpRate === 'number' ? { currency: v.currency, gbp: v.gbpRate } : v.gbpRate;
      if (stated.currency !== v.currency) return issue(['gbpRate'], `the rate is for ${stated.currency} but the amount is in ${v.currency}`);
      const range = rules.currency.gbpPerUnit[v.currency];
      if (range && (stated.gbp < range[0] || stated.gbp > range[1])) {
        const inverse = 1 / stated.gbp;
        issue(['gbpRate'], inverse >= range[0] && inverse <= range[1]
          ? `1 ${v.currency} = ${stated.gbp} GBP looks upside down: that is ${v.currency} per pound; pounds per ${v.currency} would be about ${inverse.toPrecision(3)} (${rules.currency.source})`
          : `1 ${v.currency} = ${stated.gbp} GBP is outside the plausible range ${range[0]}–${range[1]} pounds per ${v.currency} (${rules.currency.source})`);
      }
    });
}
export type MoneyInputT = z.input<ReturnType<typeof moneyInput>>;
export type MoneyInputV = z.output<ReturnType<typeof moneyInput>>;

/** The entry as the rules see it (value in pounds; a cryptoasset is paid by crypto), and warnings to show. */
export function toEntry(rules: DonationRules, v: MoneyInputV, id: string): { entry: MoneyEntry; warnings: string[] } {
  const warnings: string[] = [];
  const gbpRate = v.gbpRate === undefined ? undefined : typeof v.gbpRate === 'number' ? v.gbpRate : v.gbpRate.gbp;
  const value = v.currency === 'GBP' ? v.amount : Math.round(v.amount * gbpRate! * 100) / 100;
  if (v.rateDate && Math.abs(daysBetween(v.rateDate, v.received)) > rules.currency.rateAgeWarnDays) {
    warnings.push(`the exchange rate is from ${v.rateDate}, ${Math.abs(daysBetween(v.rateDate, v.received))} days from the date received: the value (${gbp(value)}) may be misstated (${rules.currency.rateAgeSource})`);
  }
  const isCrypto = rules.currency.crypto.includes(v.currency);
  if (isCrypto && v.paymentMethod !== 'crypto') warnings.push(`${v.currency} is a cryptoasset, so the payment method is recorded as crypto (${rules.currency.cryptoSource})`);
  const country = v.donor.country ? countryCode(v.donor.country) : undefined;
  const { confirmDuplicate: _c, externalRef: _x, amount: _a, currency: _cur, gbpRate: _g, rateDate: _r, donor, ...rest } = v;
  return {
    warnings,
    entry: {
      id,
      ...rest,
      donor: { ...donor, ...(country ? { country } : {}) },
      value,
      paymentMethod: isCrypto ? 'crypto' : v.paymentMethod,
      ...(v.currency !== 'GBP' ? { original: { amount: v.amount, currency: v.currency, gbpRate: gbpRate!, rateDate: v.rateDate! } } : {}),
    },
  };
}
