import { ukDay } from '../domain/dates.js';
import { DONATION_RULES } from '../risk/donation-rules.js';
import { donorKey, isDonation, type MoneyEntry } from '../risk/donations.js';
import type { CheckedMoney } from '../services/money.js';
import { csvCell } from './csv.js';

/** Columns after the official structured fields of the Commons register (categories 2, 4 and 5; UK-GUIDANCE-FACTS §3.1), with the period aggregated. */
export const REGISTER_COLUMNS = [
  'category', 'period', 'donor_name', 'donor_public_address', 'donor_status', 'company_number', 'company_identifier_source', 'payment_type',
  'description', 'value_gbp', 'received_date', 'accepted_date', 'register_by', 'sole_beneficiary',
] as const;

const kept = (s: CheckedMoney) => !s.entry.returned && s.current.verdict !== 'impermissible' && s.current.verdict !== 'do_not_accept';

/**
 * One row per register category, donor and calendar year, as the register counts single or
 * aggregate benefits from one source: once a source's total crosses the threshold, every kept
 * entry from it that year is in the row, whichever entry crossed it and in whatever order they were entered.
 * Checks must be current (re-checked from today's history), never the ones stored with each entry.
 */
export function registerCsv(entries: CheckedMoney[]): string {
  const groups = new Map<string, { category: string; year: string; due: string; members: MoneyEntry[] }>();
  for (const s of entries.filter(kept)) {
    for (const r of s.current.registers) {
      const rule = (DONATION_RULES.registers[r.register] ?? []).find((x) => x.category === r.category);
      const year = s.entry.received.slice(0, 4);
      const key = `${r.category}|${donorKey(s.entry.donor)}|${s.entry.recipient}|${year}`;
      const g = groups.get(key) ?? { category: r.category, year, due: r.due, members: [] };
      if (r.due < g.due) g.due = r.due;
      const money = (e: MoneyEntry) => (e.kind === 'donation' || e.kind === 'loan' ? isDonation(DONATION_RULES, e) : true);
      g.members = entries
        .filter(kept)
        .map((x) => x.entry)
        .filter((e) => donorKey(e.donor) === donorKey(s.entry.donor) && e.recipient === s.entry.recipient && e.received.startsWith(year) && (rule?.kinds ?? [s.entry.kind]).includes(e.kind) && money(e))
        .sort((a, b) => a.received.localeCompare(b.received));
      groups.set(key, g);
    }
  }
  const rows = [REGISTER_COLUMNS.join(',')];
  for (const g of [...groups.values()].sort((a, b) => a.due.localeCompare(b.due))) {
    const first = g.members[0];
    const d = first.donor;
    const total = g.members.reduce((sum, e) => sum + e.value, 0);
    rows.push(
      [
        g.category,
        g.year,
        d.name,
        [d.address, d.postcode].filter(Boolean).join(', '),
        DONATION_RULES.donorTypes[d.type]?.label ?? d.type,
        d.companyNumber ?? '',
        d.companyNumber ? 'Companies House' : '',
        g.members.every((e) => e.kind === 'donation' && e.paymentMethod !== 'in_kind') ? 'Monetary' : 'In kind',
        g.members.map((e) => (g.members.length > 1 ? `${e.description} (£${e.value.toFixed(2)}, ${ukDay(e.received)})` : e.description)).join('; '),
        total.toFixed(2),
        g.members.map((e) => ukDay(e.received)).join('; '),
        g.members.map((e) => (e.accepted ? ukDay(e.accepted) : '')).filter(Boolean).join('; '),
        ukDay(g.due),
        first.recipient === 'member' ? 'Yes' : 'No',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}
