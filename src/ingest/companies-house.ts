import { BulwarkError } from '../errors.js';
import { csvRows, headerIndex, readListFile, type LoadedFile } from './read.js';

/**
 * A company register in Companies House's published layouts, as three CSV files:
 * - companies: the Free Company Data Product ("BasicCompanyData") columns CompanyName, CompanyNumber,
 *   RegAddress.AddressLine1, RegAddress.PostTown, RegAddress.PostCode, CompanyCategory, CompanyStatus,
 *   CountryOfOrigin, IncorporationDate (DD/MM/YYYY); the other published columns are read past;
 * - officers and persons with significant control: the fields of the Companies House API's officer
 *   list and PSC resources, flattened one column per field (company_number, name, officer_role,
 *   appointed_on, resigned_on, date_of_birth.year, date_of_birth.month, nationality, country_of_residence,
 *   occupation, address.postal_code; for PSCs kind, natures_of_control separated by ";", notified_on, ceased_on).
 */
export interface RegisterCompany { number: string; name: string; status: string; category: string; incorporatedOn?: string; address: string; postcode?: string; country: string }
export interface RegisterPerson {
  companyNumber: string;
  name: string;
  /** director, secretary, llp-member… for officers; the PSC kind for owners. */
  role: string;
  natures: string[];
  from?: string;
  to?: string;
  /** Year and month of birth, as Companies House publishes it ("1975-03"). */
  dob?: string;
  nationality?: string;
  residence?: string;
  postcode?: string;
  kind: 'officer' | 'psc';
  line: number;
}
export interface CompanyRegister { companies: RegisterCompany[]; officers: RegisterPerson[]; pscs: RegisterPerson[]; files: LoadedFile[] }

const COMPANY_COLUMNS = ['CompanyName', 'CompanyNumber', 'RegAddress.AddressLine1', 'RegAddress.PostTown', 'RegAddress.PostCode', 'CompanyCategory', 'CompanyStatus', 'CountryOfOrigin', 'IncorporationDate'];
const OFFICER_COLUMNS = ['company_number', 'name', 'officer_role', 'appointed_on', 'resigned_on', 'date_of_birth.year', 'date_of_birth.month', 'nationality', 'country_of_residence', 'address.postal_code'];
const PSC_COLUMNS = ['company_number', 'name', 'kind', 'natures_of_control', 'notified_on', 'ceased_on', 'date_of_birth.year', 'date_of_birth.month', 'nationality', 'country_of_residence', 'address.postal_code'];

function table(path: string, required: string[]) {
  const file = readListFile(path);
  const [header, ...rows] = csvRows(file, { relax_column_count: true });
  if (!header) throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'the file has no header row', { file: path });
  const idx = headerIndex(file, header.cells, required);
  return { file, rows: rows.map((r) => ({ line: r.line, get: (c: string) => (r.cells[idx.get(c) ?? -1] ?? '').trim() })) };
}

function companyNumber(raw: string, where: { file: string; line: number }): string {
  const s = raw.toUpperCase().replace(/\s+/g, '');
  if (!/^[A-Z0-9]{1,8}$/.test(s)) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `"${raw}" is not a company number`, { ...where, field: 'company number' });
  return /^\d+$/.test(s) ? s.padStart(8, '0') : s;
}

/** DD/MM/YYYY (bulk product) or YYYY-MM-DD (API) → ISO; empty → undefined; anything else names the line. */
function date(raw: string, where: { file: string; line: number; field: string }): string | undefined {
  if (!raw) return undefined;
  const m = raw.match(/^(\d{2})\/(\d{2})\/(\d{4})$/);
  const iso = m ? `${m[3]}-${m[2]}-${m[1]}` : raw;
  const t = Date.parse(`${iso}T00:00:00Z`);
  // A real calendar day only: 31/02 would otherwise roll over into March.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `"${raw}" is not a date`, where);
  return iso;
}

function people(path: string, kind: 'officer' | 'psc'): { file: LoadedFile; people: RegisterPerson[] } {
  const { file, rows } = table(path, kind === 'officer' ? OFFICER_COLUMNS : PSC_COLUMNS);
  return {
    file,
    people: rows.map(({ line, get }) => {
      const at = (field: string) => ({ file: path, line, field });
      const name = get('name');
      if (!name) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'the name is empty', at('name'));
      const year = get('date_of_birth.year');
      const month = get('date_of_birth.month');
      if (year && !/^\d{4}$/.test(year)) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `"${year}" is not a year`, at('date_of_birth.year'));
      return {
        kind, line, companyNumber: companyNumber(get('company_number'), { file: path, line }), name,
        role: kind === 'officer' ? get('officer_role') || 'officer' : get('kind') || 'individual-person-with-significant-control',
        natures: kind === 'psc' ? get('natures_of_control').split(';').map((s) => s.trim()).filter(Boolean) : [],
        from: date(get(kind === 'officer' ? 'appointed_on' : 'notified_on'), at('from')),
        to: date(get(kind === 'officer' ? 'resigned_on' : 'ceased_on'), at('to')),
        dob: year ? (month ? `${year}-${month.padStart(2, '0')}` : year) : undefined,
        nationality: get('nationality') || undefined, residence: get('country_of_residence') || undefined, postcode: get('address.postal_code') || undefined,
      };
    }),
  };
}

/** Reads the three files, refusing the whole register on the first bad row (nothing is half-imported). */
export function readCompanyRegister(paths: { companies: string; officers?: string; pscs?: string }): CompanyRegister {
  const c = table(paths.companies, COMPANY_COLUMNS);
  const companies = c.rows.map(({ line, get }) => {
    const name = get('CompanyName');
    if (!name) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'the company name is empty', { file: paths.companies, line, field: 'CompanyName' });
    return {
      number: companyNumber(get('CompanyNumber'), { file: paths.companies, line }), name, status: get('CompanyStatus'), category: get('CompanyCategory'),
      incorporatedOn: date(get('IncorporationDate'), { file: paths.companies, line, field: 'IncorporationDate' }),
      address: [get('RegAddress.AddressLine1'), get('RegAddress.PostTown'), get('RegAddress.PostCode')].filter(Boolean).join(', '),
      postcode: get('RegAddress.PostCode') || undefined, country: get('CountryOfOrigin'),
    };
  });
  const o = paths.officers ? people(paths.officers, 'officer') : undefined;
  const p = paths.pscs ? people(paths.pscs, 'psc') : undefined;
  return { companies, officers: o?.people ?? [], pscs: p?.people ?? [], files: [c.file, ...(o ? [o.file] : []), ...(p ? [p.file] : [])] };
}
