import { DONATION_RULES } from '../risk/donation-rules.js';
import { csvCell } from './csv.js';
import type { StoredMoney } from '../services/money.js';

/** Columns after the official structured fields of the Commons register (categories 2, 4 and 5; UK-GUIDANCE-FACTS §3.1). */
export const REGISTER_COLUMNS = [
  'category', 'donor_name', 'donor_public_address', 'donor_status', 'company_number', 'company_identifier_source', 'payment_type',
  'description', 'value_gbp', 'received_date', 'accepted_date', 'register_by', 'sole_beneficiary',
] as const;


const uk = (iso?: string) => (iso ? iso.split('-').reverse().join('/') : '');

/** Entries due on the register (and not returned), one CSV row per register entry, ready to file. */
export function registerCsv(entries: (StoredMoney & { id: string })[]): string {
  const rows = [REGISTER_COLUMNS.join(',')];
  for (const s of entries) {
    if (s.entry.returned) continue;
    for (const r of s.check.registers) {
      const d = s.entry.donor;
      rows.push(
        [
          r.category,
          d.name,
          [d.address, d.postcode].filter(Boolean).join(', '),
          DONATION_RULES.donorTypes[d.type]?.label ?? d.type,
          d.companyNumber ?? '',
          d.companyNumber ? 'Companies House' : '',
          s.entry.kind === 'donation' && s.entry.paymentMethod !== 'in_kind' ? 'Monetary' : 'In kind',
          s.entry.description,
          s.entry.value.toFixed(2),
          uk(s.entry.received),
          uk(s.entry.accepted),
          uk(r.due),
          s.entry.recipient === 'member' ? 'Yes' : 'No',
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return `${rows.join('\n')}\n`;
}
