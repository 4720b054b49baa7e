import { parseAmount } from '../domain/amount.js';
import { BulwarkError } from '../errors.js';
import { csvRows, headerIndex, readListFile } from './read.js';

/** Electoral Commission donor statuses → Bulwark donor types. */
const DONOR_STATUS: Record<string, string> = {
  individual: 'individual',
  company: 'company',
  'registered political party': 'registered_party',
  'trade union': 'trade_union',
  'building society': 'building_society',
  'limited liability partnership': 'llp',
  'friendly society': 'friendly_society',
  'unincorporated association': 'unincorporated_association',
  trust: 'trust',
  'impermissible donor': 'foreign_individual',
  'unidentifiable donor': 'anonymous',
  'public fund': 'public_body',
  other: 'other',
};

/** Evidence the Commission's acceptance of a reported donation stands for. */
const EVIDENCE: Record<string, Record<string, boolean>> = {
  individual: { on_electoral_register: true },
  company: { incorporated_in_uk: true, carries_on_business_in_uk: true },
  llp: { incorporated_in_uk: true, carries_on_business_in_uk: true },
  registered_party: { on_party_register: true },
  trade_union: { on_trade_union_list: true },
  building_society: { is_building_society: true },
  friendly_society: { registered_society: true },
  unincorporated_association: { main_office_in_uk: true, activities_mainly_in_uk: true },
};

const REQUIRED = ['ECRef', 'RegulatedEntityName', 'RegulatedEntityType', 'Value', 'AcceptedDate', 'DonorName', 'DonorStatus', 'CompanyRegistrationNumber', 'Postcode', 'DonationType', 'NatureOfDonation', 'DonationAction', 'ReceivedDate'];

/**
 * Reads the Electoral Commission's donations export (search.electoralcommission.org.uk, CSV with
 * ECRef, RegulatedEntityName, Value "£1,234.00", dates DD/MM/YYYY…) into donation inputs.
 * Returns one input per row, or throws naming the line of the first bad row.
 */
export function readElectoralCommissionCsv(path: string): { line: number; ecRef: string; input: Record<string, unknown> }[] {
  const file = readListFile(path);
  // The Commission's exports end lines with a trailing comma; allow ragged rows and check widths ourselves.
  const rows = csvRows(file, { skip_empty_lines: true, relax_column_count: true });
  if (!rows.length) throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'no header row', { file: path });
  const header = rows[0].cells.map((h) => h.trim()).filter((h, i, a) => h || i < a.length - 1);
  const idx = headerIndex(file, header, REQUIRED);
  const out = [];
  for (const { cells, line } of rows.slice(1)) {
    const get = (k: string) => (cells[idx.get(k) ?? -1] ?? '').trim();
    if (cells.length < header.length) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `expected ${header.length} columns, found ${cells.length}`, { file: path, line });
    const status = get('DonorStatus').toLowerCase();
    const type = get('DonationType').toLowerCase() === 'impermissible donor' ? 'foreign_individual' : DONOR_STATUS[status] ?? 'anonymous';
    let value: number;
    try {
      value = parseAmount(get('Value').replace(/\s/g, ''), 'Value');
    } catch (e) {
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', (e as BulwarkError).detail, { file: path, line, field: 'Value' });
    }
    const entityType = get('RegulatedEntityType').toLowerCase();
    const donee = (idx.has('RegulatedDoneeType') ? get('RegulatedDoneeType') : '').toLowerCase();
    const recipient = entityType.includes('party') ? (get('AccountingUnitName') && get('AccountingUnitName').toLowerCase() !== 'central party' && get('AccountingUnitsAsCentralParty').toLowerCase() !== 'true' ? 'local_party' : 'central_party') : donee.includes('candidate') ? 'candidate' : 'member';
    const action = get('DonationAction').toLowerCase();
    const date = (s: string) => (/^\d{2}\/\d{2}\/\d{4}/.test(s) ? s.slice(0, 10) : s.slice(0, 10));
    const received = date(get('ReceivedDate') || get('AcceptedDate'));
    const decided = date(get('AcceptedDate'));
    out.push({
      line,
      ecRef: get('ECRef'),
      input: {
        kind: get('DonationType').toLowerCase() === 'visit' ? 'visit' : 'donation',
        recipient,
        donor: {
          name: get('DonorName') || 'Unidentified donor',
          type,
          ...(get('Postcode') ? { postcode: get('Postcode') } : {}),
          ...(get('CompanyRegistrationNumber') ? { companyNumber: get('CompanyRegistrationNumber') } : {}),
          evidence: EVIDENCE[type] ?? {},
        },
        amount: value,
        received,
        ...(action === 'returned' || action === 'forfeited' ? { returned: decided || received } : decided ? { accepted: decided } : {}),
        paymentMethod: get('DonationType').toLowerCase() === 'cash' ? 'bank_transfer' : 'in_kind',
        description: [get('NatureOfDonation'), idx.has('PurposeOfVisit') ? get('PurposeOfVisit') : '', `EC ${get('ECRef')} to ${get('RegulatedEntityName')}`].filter(Boolean).join('; '),
        externalRef: get('ECRef'),
      },
    });
  }
  return out;
}
