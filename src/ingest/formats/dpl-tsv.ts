import { createHash } from 'node:crypto';
import type { Entity } from '../../domain/entity.js';
import { clean, EntityBuilder } from '../build.js';
import { finish, oneFile, type ListFormat, type ParseInput, type ParseSummary } from '../format.js';
import { headedRows, headerIndex, type ListFile } from '../read.js';
import { Spill } from '../spill.js';

const REQUIRED = ['Name', 'Street_Address', 'City', 'State', 'Country', 'Postal_Code', 'Effective_Date', 'Last_Update', 'FR_Citation'];

/** BIS Denied Persons List (tab-separated, quoted). No types or aliases: names may be people or firms. */
async function* records(file: ListFile, input: ParseInput, summary: ParseSummary): AsyncGenerator<Entity> {
  const seen = new Spill();
  let newest = '';
  try {
    let idx = new Map<string, number>();
    for await (const { cells, line, header } of headedRows(file, { delimiter: '\t', skip_empty_lines: true, relax_quotes: true }, (h) => (idx = headerIndex(file, h, REQUIRED)))) {
      const get = (k: string) => clean(cells[idx.get(k) ?? -1]);
      const name = get('Name');
      const key = `${name}|${get('Street_Address')}|${get('City')}|${get('Effective_Date')}`;
      const id = createHash('sha1').update(key).digest('hex').slice(0, 16);
      if (seen.occurrence(id) > 1) {
        summary.skipped.push({ record: name, reason: `duplicate row at line ${line}` });
        continue;
      }
      // Denied parties with a corporate suffix are organisations; the rest are people.
      const org = /\b(?:LTD|LIMITED|INC|LLC|CORP|CORPORATION|COMPANY|CO\.|GMBH|S\.A\.|SA|INTERNATIONAL|TRADING|GROUP|ENTERPRISES?|INDUSTRIES|TECHNOLOG(?:Y|IES)|SERVICES|AVIATION|AIRLINES?|LLP|PTE|FZE|FZCO)\b/i.test(name);
      const b = new EntityBuilder(input.dataset, id, org ? 'Organization' : 'Person', Object.fromEntries(header.map((h, i) => [h, cells[i]])));
      b.name(name, { kind: 'primary' });
      b.address([get('Street_Address'), get('City'), get('State'), get('Postal_Code'), get('Country')], get('Country') || (get('State') ? 'US' : ''), get('City'));
      b.program('BIS Denied Persons List');
      const eff = get('Effective_Date').match(/^(\d{2})\/(\d{2})\/(\d{4})$/);
      if (eff) b.listedOn(`${eff[3]}-${eff[1]}-${eff[2]}`);
      b.remark([get('Action'), get('FR_Citation')].filter(Boolean).join('; '));
      // Last_Update holds real typos (2922-09-01); only plausible dates count towards the data date.
      const upd = get('Last_Update');
      if (/^\d{4}-\d{2}-\d{2}$/.test(upd) && upd > newest && upd <= new Date().toISOString().slice(0, 10)) newest = upd;
      const e = finish(b, `line ${line}`, summary);
      if (e) yield e;
    }
  } finally {
    seen.close();
  }
  if (newest) summary.dataDate = newest;
}

export const dplTsv: ListFormat = {
  name: 'dpl-tsv',
  description: 'BIS Denied Persons List (tab-separated text with a header row)',
  ...oneFile(records),
};
