import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../domain/actor.js';
import { ukDay } from '../domain/dates.js';
import { BulwarkError } from '../errors.js';
import { DONATION_RULES, type DonationRules } from '../risk/donation-rules.js';
import { checkEntry, donorKey, type MoneyCheck, type MoneyEntry, type ScreeningFinding } from '../risk/donations.js';
import type { OfficeRecord, Store } from '../store/types.js';
import { dayDate, parseInput, today } from './inputs.js';
import { moneyInput, toEntry, type MoneyInputV } from './money-input.js';
import { donorRef } from './parties.js';
import type { ScreeningService } from './screening.js';

export { inputError } from './inputs.js';
export type { MoneyInputT } from './money-input.js';

export const MONEY_RECORD = 'money';
const ORGANISATION_TYPES = new Set(['company', 'llp', 'foreign_company', 'foreign_government', 'unincorporated_association', 'trade_union', 'registered_party', 'building_society', 'friendly_society']);

export interface StoredMoney {
  entry: MoneyEntry;
  /** The check made when the entry was stored; views use `current`, re-checked from the history of the day asked. */
  check: MoneyCheck;
  screening: ScreeningFinding[];
}
export type CheckedMoney = StoredMoney & { current: MoneyCheck };

/** The same donor, kind, recipient, amount and date: a second entry of one gift would double the year's total. */
const sameGift = (a: MoneyEntry, b: MoneyEntry) => a.id !== b.id && donorKey(a.donor) === donorKey(b.donor) && a.kind === b.kind && a.recipient === b.recipient && a.value === b.value && a.received === b.received;

/**
 * Donations, loans, gifts, hospitality and visits for an office: each checked against the rules
 * of its date, with the donor and its owners, directors and beneficial owners screened. Views
 * re-check every entry from the office's current history, so they never go stale.
 */
export class MoneyService {
  private readonly input;
  private readonly update_;

  constructor(
    private readonly store: Store,
    private readonly screening: ScreeningService,
    private readonly rules: DonationRules = DONATION_RULES,
    private readonly clock: () => Date = () => new Date(),
    /** Resolves the donors just stored across offices (the security team's view), once they are safely stored. */
    private readonly resolve: (sources: string[]) => Promise<unknown> = async () => undefined,
  ) {
    const now = () => today(this.clock);
    this.input = moneyInput(rules, now);
    const past = dayDate({ notAfter: now });
    this.update_ = z
      .object({ accepted: past.optional(), returned: past.optional(), reported: past.optional(), registered: past.optional() })
      .refine((u) => Object.keys(u).length > 0, { message: 'give at least one of accepted, returned, reported, registered' });
  }

  private async officeKind(actor: Actor): Promise<string> {
    return (await this.store.getOffice(actor.officeId))?.kind ?? 'other';
  }

  /** The stored entries of the office, as stored (their checks as of the day they were written). */
  async history(actor: Actor): Promise<StoredMoney[]> {
    return (await this.store.listRecords(actor.officeId, MONEY_RECORD)).map((r) => r.data as unknown as StoredMoney);
  }

  /** Screens the donor and everyone behind it; matches and possible matches are kept, with their list. */
  private async screenDonor(actor: Actor, e: MoneyEntry): Promise<ScreeningFinding[]> {
    if (e.donor.type === 'anonymous') return [];
    const d = e.donor;
    const people: { name: string; type?: string }[] = [{ name: d.name, type: ORGANISATION_TYPES.has(d.type) ? 'organisation' : 'person' }, ...(d.owners ?? []).map((n) => ({ name: n })), ...[...(d.directors ?? []), ...(d.beneficialOwners ?? [])].map((n) => ({ name: n, type: 'person' }))];
    const out: ScreeningFinding[] = [];
    for (const p of people) {
      const r = await this.screening.screen(actor, { name: p.name, ...(p.type ? { type: p.type } : {}) }, { limit: 5 });
      const hits = r.hits.filter((x) => x.decision?.decision !== 'false_positive' || x.decision.reopened);
      const h = hits[0];
      // Every list the person is on counts (the hit's own and its linked records): a UK listing brings an asset freeze even when another list's record is shown.
      const datasets = [...new Set(hits.filter((x) => x.level === 'match').flatMap((x) => [x.dataset, ...x.linked.map((l) => l.dataset)]))];
      if (h) out.push({ name: p.name, level: h.level, summary: `${h.level === 'match' ? 'matches' : 'may match'} ${h.caption} on ${h.dataset} (score ${h.score.toFixed(2)})`, dataset: h.dataset, entityId: h.entityId, caption: h.caption, ...(datasets.length > 1 ? { datasets } : {}) });
    }
    return out;
  }

  /**
   * The one place entries are checked against an office's history: each against the history plus
   * the entries before it. Kept as one call so it can run inside a per-office serialising transaction.
   */
  private checkBatch(history: MoneyEntry[], items: { entry: MoneyEntry; screening: ScreeningFinding[] }[], officeKind: string): MoneyCheck[] {
    const seen = [...history];
    return items.map(({ entry, screening }) => {
      const check = checkEntry(entry, { rules: this.rules, history: [...seen.filter((h) => h.id !== entry.id), entry], officeKind, asOf: today(this.clock), screening });
      seen.push(entry);
      return check;
    });
  }

  /** Every entry of the office checked again from the current history, as of a date. */
  async checkAll(actor: Actor, asOf = today(this.clock)): Promise<CheckedMoney[]> {
    const stored = await this.history(actor);
    const entries = stored.map((s) => s.entry);
    const officeKind = await this.officeKind(actor);
    return stored.map((s) => ({ ...s, current: checkEntry(s.entry, { rules: this.rules, history: entries, officeKind, asOf, screening: s.screening }) }));
  }

  /** Checks and stores one entry; with `dryRun` it is checked against the office's history but not stored. */
  async add(actor: Actor, raw: unknown, opts: { dryRun?: boolean } = {}): Promise<{ id: string; warnings: string[] } & StoredMoney> {
    const [stored] = await this.addMany(actor, [{ input: parseInput(this.input, raw) }], opts.dryRun ? null : 'money.add');
    return stored;
  }

  /** Stores entries in one transaction, refusing an entry that repeats one already recorded unless confirmed. */
  private async addMany(actor: Actor, items: { input: MoneyInputV; id?: string; line?: number }[], action: string | null): Promise<({ id: string; warnings: string[] } & StoredMoney)[]> {
    if (!action) return this.checkAndStore(actor, items, null);
    // The checks aggregate the office's history: reading it and storing must not interleave with another writer's.
    const stored = await this.store.serialize(`money:${actor.officeId}`, () => this.checkAndStore(actor, items, action));
    await this.resolve(stored.map((s) => donorRef(actor.officeId, s.id)));
    return stored;
  }

  private async checkAndStore(actor: Actor, items: { input: MoneyInputV; id?: string; line?: number }[], action: string | null): Promise<({ id: string; warnings: string[] } & StoredMoney)[]> {
    const history = (await this.history(actor)).map((h) => h.entry);
    const built: { entry: MoneyEntry; warnings: string[]; screening: ScreeningFinding[] }[] = [];
    for (const it of items) {
      const { entry, warnings } = toEntry(this.rules, it.input, it.id ?? randomUUID());
      const twin = [...history, ...built.map((b) => b.entry)].find((h) => sameGift(h, entry));
      if (twin && !it.input.confirmDuplicate) {
        throw new BulwarkError('BWK_ERR_INPUT', `this repeats ${twin.id}: ${twin.kind} of £${twin.value} from ${twin.donor.name} received ${ukDay(twin.received)}. If it really is a second gift, confirm it (confirmDuplicate, or --confirm-duplicate); ${this.rules.duplicates.source}`, { field: 'confirmDuplicate', ...(it.line ? { line: it.line } : {}) });
      }
      built.push({ entry, warnings, screening: await this.screenDonor(actor, entry) });
    }
    const checks = this.checkBatch(history.filter((h) => !built.some((b) => b.entry.id === h.id)), built, await this.officeKind(actor));
    const now = this.clock().toISOString();
    const out = built.map((b, i) => ({ id: b.entry.id, warnings: b.warnings, entry: b.entry, check: checks[i], screening: b.screening }));
    const records: OfficeRecord[] = out.map((o) => ({ id: o.id, officeId: actor.officeId, kind: MONEY_RECORD, key: donorKey(o.entry.donor), date: o.entry.received, data: { entry: o.entry, check: o.check, screening: o.screening } as unknown as Record<string, unknown>, createdBy: actor.userId, createdAt: now, updatedAt: now }));
    if (action) await this.store.putRecords(records, { actor: actor.userId, officeId: actor.officeId, action, subject: records.length === 1 ? records[0].id : `${records.length} entries`, detail: out.map((o) => ({ id: o.id, donor: o.entry.donor.name, value: o.entry.value, verdict: o.check.verdict })) }, records.map((r) => donorRef(actor.officeId, r.id)));
    return out;
  }

  async get(actor: Actor, id: string): Promise<CheckedMoney> {
    const found = (await this.checkAll(actor)).find((s) => s.entry.id === id);
    if (!found) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no donation, gift or visit "${id}" in this office`);
    return found;
  }

  /**
   * Records what happened next: accepted or returned (within the 30 days), reported to the
   * Commission, entered on the register. The entry is checked again and stored with an audit entry.
   */
  async update(actor: Actor, id: string, raw: unknown): Promise<StoredMoney> {
    const rec = await this.store.getRecord(actor.officeId, MONEY_RECORD, id);
    if (!rec) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no donation, gift or visit "${id}" in this office`);
    const current = rec.data as unknown as StoredMoney;
    const change = parseInput(this.update_, raw);
    const next: MoneyEntry = { ...current.entry, ...change };
    if (next.accepted && next.returned) throw new BulwarkError('BWK_ERR_INPUT', 'a donation is either accepted or returned, not both', { field: change.returned ? 'returned' : 'accepted' });
    for (const k of ['accepted', 'returned', 'reported', 'registered'] as const) {
      if (next[k] && next[k]! < next.received) throw new BulwarkError('BWK_ERR_INPUT', `the ${k} date is before the date received (${ukDay(next.received)})`, { field: k });
    }
    const others = (await this.history(actor)).map((h) => h.entry).filter((h) => h.id !== id);
    const [check] = this.checkBatch(others, [{ entry: next, screening: current.screening }], await this.officeKind(actor));
    const data: StoredMoney = { entry: next, check, screening: current.screening };
    await this.store.putRecords([{ ...rec, data: data as unknown as Record<string, unknown>, updatedAt: this.clock().toISOString() }], { actor: actor.userId, officeId: actor.officeId, action: 'money.update', subject: id, detail: change });
    return data;
  }

  /** Imports an Electoral Commission donations export; the whole file or nothing. */
  async importElectoralCommission(actor: Actor, rows: { line: number; input: unknown; ecRef: string }[], file: string): Promise<number> {
    const items = rows.map((r) => {
      const input = parseInput(this.input, r.input, { file, line: r.line });
      // The EC reference makes re-imports update, not duplicate; its own rows are distinct gifts.
      const id = `ec-${createHash('sha1').update(`${actor.officeId}|${r.ecRef}`).digest('hex').slice(0, 20)}`;
      return { input: { ...input, confirmDuplicate: true }, id, line: r.line };
    });
    await this.addMany(actor, items, 'money.import-ec');
    return items.length;
  }
}
