import { BulwarkError } from '../../errors.js';
import { buildAll, clean, EntityBuilder } from '../build.js';
import type { ListFormat, ParseInput, ParseResult } from '../format.js';
import { csvRows, headerIndex, readListFile } from '../read.js';

const REQUIRED = ['Name 6', 'Name 1', 'DOB', 'Nationality', 'Passport Details', 'Other Information', 'Group Type', 'Alias Type', 'Regime', 'Listed On', 'Group ID'];
const TYPES = { individual: 'Person', entity: 'Organization', ship: 'Vessel' } as const;

/**
 * Legacy OFSI Consolidated List CSV (ConList.csv), Windows-1252, one row per name grouped by
 * Group ID. Handles the optional "Last Updated" title line and a header with one extra empty
 * leading cell (rows are realigned by dropping it).
 */
function parseOfsi(input: ParseInput): ParseResult {
  const file = readListFile(input.path, 'windows-1252');
  let rows = csvRows(file, { relax_column_count: true, skip_empty_lines: true });
  let dataDate: string | undefined;
  if (rows[0] && /^last updated$/i.test(clean(rows[0].cells[0])) && !rows[0].cells.includes('Group ID')) {
    dataDate = rows[0].cells[1];
    rows = rows.slice(1);
  }
  if (rows.length === 0) throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'no header row', { file: file.path });
  let header = rows[0].cells;
  const width = rows.length > 1 ? rows[1].cells.length : header.length;
  if (header.length === width + 1 && clean(header[0]) === '') header = header.slice(1);
  const idx = headerIndex(file, header, REQUIRED);
  const groups = new Map<string, EntityBuilder>();
  for (const { cells, line } of rows.slice(1)) {
    if (cells.length !== header.length) {
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', `expected ${header.length} columns, found ${cells.length}`, { file: file.path, line });
    }
    const get = (k: string) => clean(cells[idx.get(k) ?? -1]);
    const gid = get('Group ID');
    if (!/^\d+$/.test(gid)) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `Group ID "${gid}" is not a number`, { file: file.path, line });
    const type = TYPES[get('Group Type').toLowerCase() as keyof typeof TYPES];
    if (!type) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `unknown Group Type "${get('Group Type')}"`, { file: file.path, line, record: gid });
    let b = groups.get(gid);
    if (!b) {
      b = new EntityBuilder(input.dataset, gid, type, []);
      b.identifier('ofsi_group', gid);
      groups.set(gid, b);
    }
    (b.entity.raw as string[][]).push(cells);
    const given = ['Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5'].map(get).filter(Boolean).join(' ');
    const family = get('Name 6');
    b.name([given, family].filter(Boolean).join(' '), {
      kind: /prime/i.test(get('Alias Type')) ? 'primary' : /fka/i.test(get('Alias Type')) ? 'former' : 'alias',
      ...(type === 'Person' && given ? { given, family } : {}),
    });
    b.birthDate(get('DOB'));
    b.birthPlace([get('Town of Birth'), get('Country of Birth')].filter(Boolean).join(', '));
    b.country(get('Country of Birth'), 'birth');
    // "1) Saudi Arabia 2) Qatar"
    for (const n of get('Nationality').split(/\s*\d\)\s*/)) b.country(n.replace(/\.$/, ''), 'nationality');
    const passport = get('Passport Details').match(/(?:Passport (?:No|number)[:.]?\s*)?([A-Z]{0,3}\d[\dA-Z-]{3,})/i);
    if (passport) b.identifier('passport', passport[1], undefined, get('Passport Details'));
    const ni = get('NI Number').match(/([A-Z]{0,3}\d[\dA-Z-]{3,})/i);
    if (ni) b.identifier('national_id', ni[1], undefined, get('NI Number'));
    b.address(['Address 1', 'Address 2', 'Address 3', 'Address 4', 'Address 5', 'Address 6', 'Post/Zip Code'].map(get), get('Country'));
    b.unRefsFrom(get('Other Information'));
    b.remark(get('Other Information'));
    b.program(get('Regime'));
    b.listedOn(get('Listed On'));
  }
  const { entities, skipped } = buildAll(groups);
  return { entities, files: [file], skipped, ...(dataDate ? { dataDate } : {}) };
}

export const ofsiCsv: ListFormat = {
  name: 'ofsi-csv',
  description: 'Legacy OFSI Consolidated List CSV (ConList.csv, Windows-1252, one row per name)',
  parse: parseOfsi,
};
