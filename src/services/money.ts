import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../domain/actor.js';
import { isWholePence, MIN_AMOUNT } from '../domain/amount.js';
import { countryCode } from '../domain/countries.js';
import { BulwarkError } from '../errors.js';
import { DONATION_RULES, type DonationRules } from '../risk/donation-rules.js';
import { checkEntry, donorKey, MONEY_KINDS, PAYMENT_METHODS, type MoneyCheck, type MoneyEntry } from '../risk/donations.js';
import type { OfficeRecord, Store } from '../store/types.js';
import type { ScreeningService } from './screening.js';

export const MONEY_RECORD = 'money';

const isoDate = z.string().trim().transform((s, ctx) => {
  const m = s.match(/^(\d{4})-(\d{2})-(\d{2})$/) ?? s.match(/^(\d{2})\/(\d{2})\/(\d{4})$/);
  const iso = m ? (m[1].length === 4 ? `${m[1]}-${m[2]}-${m[3]}` : `${m[3]}-${m[2]}-${m[1]}`) : '';
  if (!iso || new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) !== iso) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a date (use DD/MM/YYYY or YYYY-MM-DD)` });
    return z.NEVER;
  }
  if (iso > new Date().toISOString().slice(0, 10)) {
    ctx.addIssue({ code: 'custom', message: `${s} is in the future` });
    return z.NEVER;
  }
  return iso;
});

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const MoneyInput = z
  .object({
    kind: z.enum(MONEY_KINDS, { message: `kind must be one of ${MONEY_KINDS.join(', ')}` }),
    recipient: z.string().refine((r) => r in DONATION_RULES.recipients, { message: `recipient must be one of ${Object.keys(DONATION_RULES.recipients).join(', ')}` }),
    donor: z.object({
      name: z.string().trim().min(1, 'the donor needs a name (use type anonymous if unknown)'),
      type: z.string().refine((t) => t in DONATION_RULES.donorTypes, { message: `donor type must be one of ${Object.keys(DONATION_RULES.donorTypes).join(', ')}` }),
      address: z.string().trim().optional(),
      postcode: z.string().trim().optional(),
      companyNumber: z.string().trim().regex(/^[A-Z0-9]{6,10}$/i, 'is not a Companies House number').optional(),
      country: z.string().trim().optional(),
      incorporatedOn: isoDate.optional(),
      annualRevenue: z.number().nonnegative().optional(),
      foreignParent: z.boolean().optional(),
      majorityForeignOwned: z.boolean().optional(),
      owners: z.array(z.string().trim().min(1)).default([]),
      directors: z.array(z.string().trim().min(1)).default([]),
      evidence: z.record(z.string(), z.boolean()).default({}),
      agent: z.object({ name: z.string().trim().min(1), principalNamed: z.boolean() }).optional(),
    }),
    amount: z
      .number({ message: 'the amount must be a number' })
      .positive('the amount must be more than zero')
      .min(MIN_AMOUNT, 'the amount must be at least 0.01')
      .max(100_000_000, 'the amount is implausibly large (over 100 million)')
      .refine(isWholePence, 'the amount may have at most two decimal places'),
    currency: z.string().trim().toUpperCase().default('GBP').refine((c) => CURRENCIES.has(c), { message: 'is not a currency code (ISO 4217, e.g. GBP, USD, EUR)' }),
    gbpRate: z.number().positive().optional(),
    rateDate: isoDate.optional(),
    received: isoDate,
    accepted: isoDate.optional(),
    returned: isoDate.optional(),
    paymentMethod: z.enum(PAYMENT_METHODS, { message: `payment method must be one of ${PAYMENT_METHODS.join(', ')}` }).default('bank_transfer'),
    description: z.string().trim().min(1, 'describe what was given'),
    fundsStaff: z.boolean().optional(),
    fundedByForeignGovernment: z.boolean().optional(),
    sourceDeclarationGiven: z.boolean().optional(),
    externalRef: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.accepted && v.accepted < v.received) ctx.addIssue({ code: 'custom', path: ['accepted'], message: 'the acceptance date is before the date received' });
    if (v.returned && v.returned < v.received) ctx.addIssue({ code: 'custom', path: ['returned'], message: 'the return date is before the date received' });
    if (v.accepted && v.returned) ctx.addIssue({ code: 'custom', path: ['returned'], message: 'a donation is either accepted or returned, not both' });
    if (v.currency !== 'GBP' && (!v.gbpRate || !v.rateDate)) ctx.addIssue({ code: 'custom', path: ['currency'], message: `an amount in ${v.currency} needs the exchange rate to pounds (gbpRate) and the date of that rate (rateDate)` });
    if (v.donor.country && !countryCode(v.donor.country)) ctx.addIssue({ code: 'custom', path: ['donor', 'country'], message: `unknown country "${v.donor.country}"` });
  });
export type MoneyInputT = z.input<typeof MoneyInput>;

const MoneyUpdate = z
  .object({ accepted: isoDate.optional(), returned: isoDate.optional(), reported: isoDate.optional(), registered: isoDate.optional() })
  .refine((u) => Object.keys(u).length > 0, { message: 'give at least one of accepted, returned, reported, registered' });

export interface StoredMoney {
  entry: MoneyEntry;
  check: MoneyCheck;
  screening: { name: string; level: 'match' | 'possible'; summary: string }[];
}

/** Turns a zod failure into one clear error naming the field (and the record, when importing). */
export function inputError(err: z.ZodError, raw: unknown, where: { line?: number; file?: string } = {}): BulwarkError {
  const i = err.issues[0];
  const field = i.path.join('.');
  const value = i.path.reduce<unknown>((o, k) => (o as Record<string | number, unknown> | undefined)?.[k as string], raw);
  const msg = typeof value === 'string' && i.message.startsWith('is ') ? `"${value}" ${i.message}` : i.message;
  return new BulwarkError('BWK_ERR_INPUT', msg, { ...where, field });
}

/**
 * Donations, loans, gifts, hospitality and visits for an office: each checked against the rules
 * of its date, with the donor and its owners and directors screened, stored with the check.
 */
export class MoneyService {
  constructor(
    private readonly store: Store,
    private readonly screening: ScreeningService,
    private readonly rules: DonationRules = DONATION_RULES,
  ) {}

  private async officeKind(actor: Actor): Promise<string> {
    return (await this.store.getOffice(actor.officeId))?.kind ?? 'other';
  }

  async history(actor: Actor): Promise<StoredMoney[]> {
    return (await this.store.listRecords(actor.officeId, MONEY_RECORD)).map((r) => r.data as unknown as StoredMoney);
  }

  /** Screens the donor and, for companies, its owners and directors; only matches and possible matches are kept. */
  private async screenDonor(actor: Actor, e: MoneyEntry): Promise<StoredMoney['screening']> {
    const out: StoredMoney['screening'] = [];
    const people: { name: string; type?: string }[] = [{ name: e.donor.name, type: ['company', 'llp', 'foreign_company', 'unincorporated_association', 'trade_union'].includes(e.donor.type) ? 'organisation' : 'person' }, ...(e.donor.owners ?? []).map((n) => ({ name: n })), ...(e.donor.directors ?? []).map((n) => ({ name: n, type: 'person' }))];
    for (const p of people) {
      if (e.donor.type === 'anonymous') continue;
      const r = await this.screening.screen(actor, { name: p.name, ...(p.type ? { type: p.type } : {}) }, { limit: 1 });
      const h = r.hits.find((x) => x.decision?.decision !== 'false_positive' || x.decision.reopened);
      if (h) out.push({ name: p.name, level: h.level, summary: `${h.level === 'match' ? 'matches' : 'may match'} ${h.caption} on ${h.dataset} (score ${h.score.toFixed(2)})` });
    }
    return out;
  }

  private toEntry(v: z.infer<typeof MoneyInput>, id: string): MoneyEntry {
    const value = v.currency === 'GBP' ? v.amount : Math.round(v.amount * v.gbpRate! * 100) / 100;
    const country = v.donor.country ? countryCode(v.donor.country) : undefined;
    return {
      id,
      kind: v.kind,
      recipient: v.recipient,
      donor: { ...v.donor, ...(country ? { country } : {}) },
      value,
      ...(v.currency !== 'GBP' ? { original: { amount: v.amount, currency: v.currency, gbpRate: v.gbpRate!, rateDate: v.rateDate! } } : {}),
      received: v.received,
      ...(v.accepted ? { accepted: v.accepted } : {}),
      ...(v.returned ? { returned: v.returned } : {}),
      paymentMethod: v.paymentMethod,
      description: v.description,
      ...(v.fundsStaff !== undefined ? { fundsStaff: v.fundsStaff } : {}),
      ...(v.fundedByForeignGovernment !== undefined ? { fundedByForeignGovernment: v.fundedByForeignGovernment } : {}),
      ...(v.sourceDeclarationGiven !== undefined ? { sourceDeclarationGiven: v.sourceDeclarationGiven } : {}),
    };
  }

  /** Every entry of the office checked again as of a date, reading the office and its history once. */
  async checkAll(actor: Actor, asOf: string): Promise<(StoredMoney & { current: MoneyCheck })[]> {
    const stored = await this.history(actor);
    const entries = stored.map((s) => s.entry);
    const officeKind = await this.officeKind(actor);
    return stored.map((s) => ({ ...s, current: checkEntry(s.entry, { rules: this.rules, history: entries, officeKind, asOf, screening: s.screening }) }));
  }

  /** Checks an entry against the office's other entries, as of a date (deadline statuses depend on it). */
  async check(actor: Actor, e: MoneyEntry, screening: StoredMoney['screening'], asOf = new Date().toISOString().slice(0, 10), history?: MoneyEntry[]): Promise<MoneyCheck> {
    const others = history ?? (await this.history(actor)).map((h) => h.entry);
    return checkEntry(e, { rules: this.rules, history: others, officeKind: await this.officeKind(actor), asOf, screening });
  }

  /** Checks and stores one entry; with `dryRun` it is checked against the office's history but not stored. */
  async add(actor: Actor, raw: unknown, opts: { dryRun?: boolean } = {}): Promise<{ id: string } & StoredMoney> {
    const parsed = MoneyInput.safeParse(raw);
    if (!parsed.success) throw inputError(parsed.error, raw);
    const [stored] = await this.addMany(actor, [{ input: parsed.data }], opts.dryRun ? null : 'money.add');
    return stored;
  }

  /** Stores entries in one transaction: each is checked against the history including the ones before it. */
  private async addMany(actor: Actor, items: { input: z.infer<typeof MoneyInput>; id?: string }[], action: string | null): Promise<({ id: string } & StoredMoney)[]> {
    // The checks aggregate the office's history: reading it and storing must not interleave with another writer's.
    return action ? this.store.serialize(`money:${actor.officeId}`, () => this.checkAndStore(actor, items, action)) : this.checkAndStore(actor, items, null);
  }

  private async checkAndStore(actor: Actor, items: { input: z.infer<typeof MoneyInput>; id?: string }[], action: string | null): Promise<({ id: string } & StoredMoney)[]> {
    const history = (await this.history(actor)).map((h) => h.entry);
    const now = new Date().toISOString();
    const records: OfficeRecord[] = [];
    const out: ({ id: string } & StoredMoney)[] = [];
    for (const it of items) {
      const id = it.id ?? randomUUID();
      const entry = this.toEntry(it.input, id);
      const screening = await this.screenDonor(actor, entry);
      const check = await this.check(actor, entry, screening, undefined, history);
      history.push(entry);
      const data: StoredMoney = { entry, check, screening };
      records.push({ id, officeId: actor.officeId, kind: MONEY_RECORD, key: donorKey(entry.donor), date: entry.received, data: data as unknown as Record<string, unknown>, createdBy: actor.userId, createdAt: now, updatedAt: now });
      out.push({ id, ...data });
    }
    if (action) await this.store.putRecords(records, { actor: actor.userId, officeId: actor.officeId, action, subject: records.length === 1 ? records[0].id : `${records.length} entries`, detail: out.map((o) => ({ id: o.id, donor: o.entry.donor.name, value: o.entry.value, verdict: o.check.verdict })) });
    return out;
  }

  async get(actor: Actor, id: string): Promise<StoredMoney & { current: MoneyCheck }> {
    const r = await this.store.getRecord(actor.officeId, MONEY_RECORD, id);
    if (!r) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no donation, gift or visit "${id}" in this office`);
    const s = r.data as unknown as StoredMoney;
    return { ...s, current: await this.check(actor, s.entry, s.screening) };
  }

  /**
   * Records what happened next: accepted or returned (within the 30 days), reported to the
   * Commission, entered on the register. The entry is checked again and stored with an audit entry.
   */
  async update(actor: Actor, id: string, raw: unknown): Promise<StoredMoney> {
    const current = await this.get(actor, id);
    const p = MoneyUpdate.safeParse(raw);
    if (!p.success) throw inputError(p.error, raw);
    const next: MoneyEntry = { ...current.entry, ...p.data };
    if (next.accepted && next.returned) throw new BulwarkError('BWK_ERR_INPUT', 'a donation is either accepted or returned, not both', { field: p.data.returned ? 'returned' : 'accepted' });
    for (const k of ['accepted', 'returned', 'reported', 'registered'] as const) {
      if (next[k] && next[k]! < next.received) throw new BulwarkError('BWK_ERR_INPUT', `the ${k} date is before the date received (${next.received})`, { field: k });
    }
    const others = (await this.history(actor)).map((h) => h.entry).filter((h) => h.id !== id);
    const check = await this.check(actor, next, current.screening, undefined, [...others, next]);
    const data: StoredMoney = { entry: next, check, screening: current.screening };
    const now = new Date().toISOString();
    const rec = (await this.store.getRecord(actor.officeId, MONEY_RECORD, id))!;
    await this.store.putRecords([{ ...rec, data: data as unknown as Record<string, unknown>, updatedAt: now }], { actor: actor.userId, officeId: actor.officeId, action: 'money.update', subject: id, detail: p.data });
    return data;
  }

  /** Imports an Electoral Commission donations export; the whole file or nothing. */
  async importElectoralCommission(actor: Actor, rows: { line: number; input: unknown; ecRef: string }[], file: string): Promise<number> {
    const items = rows.map((r) => {
      const p = MoneyInput.safeParse(r.input);
      if (!p.success) throw inputError(p.error, r.input, { file, line: r.line });
      // The EC reference makes re-imports update, not duplicate.
      const id = `ec-${createHash('sha1').update(`${actor.officeId}|${r.ecRef}`).digest('hex').slice(0, 20)}`;
      return { input: p.data, id };
    });
    await this.addMany(actor, items, 'money.import-ec');
    return items.length;
  }
}
