import type { Entity } from '../../domain/entity.js';
import { BulwarkError } from '../../errors.js';
import { clean, EntityBuilder } from '../build.js';
import { finish, oneFile, type ListFormat, type ParseInput, type ParseSummary } from '../format.js';
import { csvStream, headerIndex, type ListFile } from '../read.js';
import { Spill } from '../spill.js';

const REQUIRED = ['Name 6', 'Name 1', 'DOB', 'Nationality', 'Passport Details', 'Other Information', 'Group Type', 'Alias Type', 'Regime', 'Listed On', 'Group ID'];
const TYPES = { individual: 'Person', entity: 'Organization', ship: 'Vessel' } as const;

/**
 * Legacy OFSI Consolidated List CSV (ConList.csv), Windows-1252, one row per name grouped by
 * Group ID. Handles the optional "Last Updated" title line and a header with one extra empty
 * leading cell (rows are realigned by dropping it). A group's rows may be anywhere in the file,
 * so rows wait in the import's spill file until the whole file has been read.
 */
async function* records(file: ListFile, input: ParseInput, summary: ParseSummary): AsyncGenerator<Entity> {
  const spill = new Spill();
  try {
    let header: string[] | undefined;
    let idx: Map<string, number> | undefined;
    let first = true;
    for await (const { cells, line } of csvStream(file, { relax_column_count: true, skip_empty_lines: true })) {
      if (first && /^last updated$/i.test(clean(cells[0])) && !cells.includes('Group ID')) {
        first = false;
        summary.dataDate = cells[1];
        continue;
      }
      first = false;
      if (!header) {
        header = cells;
        continue;
      }
      if (!idx) {
        if (header.length === cells.length + 1 && clean(header[0]) === '') header = header.slice(1);
        idx = headerIndex(file, header, REQUIRED);
      }
      if (cells.length !== header.length) {
        throw new BulwarkError('BWK_ERR_FILE_FORMAT', `expected ${header.length} columns, found ${cells.length}`, { file: file.path, line });
      }
      const get = getter(idx, cells);
      const gid = get('Group ID');
      if (!/^\d+$/.test(gid)) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `Group ID "${gid}" is not a number`, { file: file.path, line });
      if (!TYPES[get('Group Type').toLowerCase() as keyof typeof TYPES]) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `unknown Group Type "${get('Group Type')}"`, { file: file.path, line, record: gid });
      spill.add('row', gid, line, cells);
    }
    if (!header) throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'no header row', { file: file.path });
    idx ??= headerIndex(file, header, REQUIRED);
    spill.seal();
    for (const { key: gid, rows } of spill.groups<string[]>('row')) {
      const type = TYPES[getter(idx, rows[0].data)('Group Type').toLowerCase() as keyof typeof TYPES];
      const b = new EntityBuilder(input.dataset, gid, type, []);
      b.identifier('ofsi_group', gid);
      for (const { data: cells } of rows) {
        const get = getter(idx, cells);
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
      const e = finish(b, gid, summary);
      if (e) yield e;
    }
  } finally {
    spill.close();
  }
}

const getter = (idx: Map<string, number>, cells: string[]) => (k: string) => clean(cells[idx.get(k) ?? -1]);

export const ofsiCsv: ListFormat = {
  name: 'ofsi-csv',
  description: 'Legacy OFSI Consolidated List CSV (ConList.csv, Windows-1252, one row per name)',
  ...oneFile(records, () => 'windows-1252'),
};
