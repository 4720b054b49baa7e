import { createHash } from 'node:crypto';
import { BulwarkError } from '../../errors.js';
import { buildAll, clean, EntityBuilder } from '../build.js';
import type { ListFormat, ParseInput, ParseResult } from '../format.js';
import { csvRows, headerIndex, readListFile } from '../read.js';

const REQUIRED = ['Name', 'Street_Address', 'City', 'State', 'Country', 'Postal_Code', 'Effective_Date', 'Last_Update', 'FR_Citation'];

/** BIS Denied Persons List (tab-separated, quoted). No types or aliases: names may be people or firms. */
function parseDpl(input: ParseInput): ParseResult {
  const file = readListFile(input.path);
  const rows = csvRows(file, { delimiter: '\t', skip_empty_lines: true, relax_quotes: true });
  if (rows.length === 0) throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'no header row', { file: file.path });
  const idx = headerIndex(file, rows[0].cells, REQUIRED);
  const builders: [string, EntityBuilder][] = [];
  const skipped: { record: string; reason: string }[] = [];
  const seen = new Set<string>();
  let newest = '';
  for (const { cells, line } of rows.slice(1)) {
    if (cells.length !== rows[0].cells.length) {
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', `expected ${rows[0].cells.length} columns, found ${cells.length}`, { file: file.path, line });
    }
    const get = (k: string) => clean(cells[idx.get(k) ?? -1]);
    const name = get('Name');
    const key = `${name}|${get('Street_Address')}|${get('City')}|${get('Effective_Date')}`;
    const id = createHash('sha1').update(key).digest('hex').slice(0, 16);
    if (seen.has(id)) {
      skipped.push({ record: name, reason: `duplicate row at line ${line}` });
      continue;
    }
    seen.add(id);
    // Denied parties with a corporate suffix are organisations; the rest are people.
    const org = /\b(?:LTD|LIMITED|INC|LLC|CORP|CORPORATION|COMPANY|CO\.|GMBH|S\.A\.|SA|INTERNATIONAL|TRADING|GROUP|ENTERPRISES?|INDUSTRIES|TECHNOLOG(?:Y|IES)|SERVICES|AVIATION|AIRLINES?|LLP|PTE|FZE|FZCO)\b/i.test(name);
    const b = new EntityBuilder(input.dataset, id, org ? 'Organization' : 'Person', Object.fromEntries(rows[0].cells.map((h, i) => [h, cells[i]])));
    b.name(name, { kind: 'primary' });
    b.address([get('Street_Address'), get('City'), get('State'), get('Postal_Code'), get('Country')], get('Country') || (get('State') ? 'US' : ''), get('City'));
    b.program('BIS Denied Persons List');
    const eff = get('Effective_Date').match(/^(\d{2})\/(\d{2})\/(\d{4})$/);
    if (eff) b.listedOn(`${eff[3]}-${eff[1]}-${eff[2]}`);
    b.remark([get('Action'), get('FR_Citation')].filter(Boolean).join('; '));
    // Last_Update holds real typos (2922-09-01); only plausible dates count towards the data date.
    const upd = get('Last_Update');
    if (/^\d{4}-\d{2}-\d{2}$/.test(upd) && upd > newest && upd <= new Date().toISOString().slice(0, 10)) newest = upd;
    builders.push([`line ${line}`, b]);
  }
  const built = buildAll(builders);
  return { entities: built.entities, files: [file], skipped: [...skipped, ...built.skipped], ...(newest ? { dataDate: newest } : {}) };
}

export const dplTsv: ListFormat = {
  name: 'dpl-tsv',
  description: 'BIS Denied Persons List (tab-separated text with a header row)',
  parse: parseDpl,
};
