import { join } from 'node:path';
import { statSync } from 'node:fs';
import type { Entity } from '../../domain/entity.js';
import { BulwarkError } from '../../errors.js';
import { clean, EntityBuilder } from '../build.js';
import { finish, streamed, type ListFormat, type ParseInput, type ParseSummary } from '../format.js';
import { headedRows, headerIndex, ListFile } from '../read.js';
import { Spill, type SpilledRow } from '../spill.js';
import { UK_TYPES, ukStrength } from './uk-xml.js';

type Table = 'subjects' | 'names' | 'identifiers' | 'countries';

const TABLES: Record<Table, { file: string; required: string[] }> = {
  subjects: { file: 'subjects.csv', required: ['unique_id', 'subject_type', 'un_reference_number', 'ofsi_group_id', 'date_designated'] },
  names: { file: 'subject_names.csv', required: ['unique_id', 'name_type', 'alias_strength', 'full_name', 'name_6', 'name_1'] },
  identifiers: { file: 'subject_identifiers.csv', required: ['unique_id', 'raw_value', 'identifier_type', 'additional_info'] },
  countries: { file: 'subject_countries.csv', required: ['unique_id', 'raw_value', 'country_type', 'iso'] },
};
const ORDER: Table[] = ['subjects', 'names', 'identifiers', 'countries'];

const folder = (input: ParseInput) => (statSync(input.path, { throwIfNoEntry: false })?.isDirectory() ? input.path : join(input.path, '..'));

/** Column reader of a table's row. */
const getter = (idx: Map<string, number>, cells: string[]) => (k: string) => clean(cells[idx.get(k) ?? -1]);

/**
 * The four tables stream into the import's spill file by unique_id (a subject's rows may be
 * anywhere in each table); after the checks that need every table, subjects are built one at a time.
 */
async function* records(files: Record<Table, ListFile>, input: ParseInput, summary: ParseSummary): AsyncGenerator<Entity> {
  const spill = new Spill();
  const headers = {} as Record<Table, Map<string, number>>;
  try {
    for (const table of ORDER) {
      const file = files[table];
      for await (const { cells, line } of headedRows(file, { skip_empty_lines: true, relax_quotes: true }, (h) => (headers[table] = headerIndex(file, h, TABLES[table].required)))) {
        const get = getter(headers[table], cells);
        const id = get('unique_id');
        if (table === 'subjects' && (!id || !UK_TYPES[get('subject_type').toLowerCase()])) {
          throw new BulwarkError('BWK_ERR_FILE_FORMAT', `bad subject (unique_id "${id}", subject_type "${get('subject_type')}")`, { file: file.path, line });
        }
        spill.add(table, id, line, cells);
      }
      // Every table ends with a line break: without one the last row may be cut inside its last column.
      if (!file.tail.endsWith('\n')) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'the file does not end with a line break: it is cut short', { file: file.path });
    }
    spill.seal();
    const orphan = spill.orphan('subjects');
    if (orphan) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `unique_id ${orphan.key} is not in subjects.csv`, { file: files[orphan.kind as Table].path, line: orphan.line });
    // Every subject has at least one name: a subject without one means the names file was cut short.
    const unnamed = spill.without('subjects', 'names');
    if (unnamed.count) {
      const subjects = spill.count('subjects');
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', `${unnamed.count} of the ${subjects} subjects have no name in subject_names.csv (first: ${unnamed.first}): the names file is incomplete or cut short`, { file: files.names.path });
    }
    for (const { key, rows } of spill.groups<string[]>('subjects')) {
      const e = finish(build(input.dataset, key, rows, headers), key, summary);
      if (e) yield e;
    }
  } finally {
    spill.close();
  }
}
export const ukDerived: ListFormat = {
  name: 'uk-fcdo-derived',
  description: 'The whole UK Sanctions List as normalised CSV tables (subjects, subject_names, subject_identifiers, subject_countries)',
  files: (input) => ORDER.map((t) => join(folder(input), TABLES[t].file)),
  parse: (input) => {
    const files = Object.fromEntries(ORDER.map((t) => [t, new ListFile(join(folder(input), TABLES[t].file))])) as Record<Table, ListFile>;
    return streamed(ORDER.map((t) => files[t]), (summary) => records(files, input, summary));
  },
};

/** One subject from its rows: the first subjects row (the tables repeat rows), then its names (primary first), identifiers and countries. */
function build(dataset: string, id: string, rows: SpilledRow<string[]>[], headers: Record<Table, Map<string, number>>): EntityBuilder {
  const of = (table: Table) => rows.filter((r) => r.kind === table).map((r) => ({ cells: r.data, get: getter(headers[table], r.data) }));
  const subject = of('subjects')[0];
  const raw = { subject: subject.cells, names: [] as string[][], identifiers: [] as string[][], countries: [] as string[][] };
  const b = new EntityBuilder(dataset, id, UK_TYPES[subject.get('subject_type').toLowerCase()], raw);
  b.identifier('uk_ref', id).identifier('un_ref', subject.get('un_reference_number')).identifier('ofsi_group', subject.get('ofsi_group_id'));
  b.listedOn(subject.get('date_designated'));
  const names = of('names').sort((x, y) => Number(x.get('name_type') !== 'primary') - Number(y.get('name_type') !== 'primary'));
  for (const { cells, get } of names) {
    raw.names.push(cells);
    const given = ['name_1', 'name_2', 'name_3', 'name_4', 'name_5'].map(get).filter(Boolean).join(' ');
    b.name(get('full_name'), {
      kind: get('name_type') === 'primary' ? 'primary' : 'alias',
      strength: ukStrength(get('alias_strength')),
      ...(b.entity.schema === 'Person' && given ? { given, family: get('name_6') } : {}),
    });
  }
  for (const { cells, get } of of('identifiers')) {
    raw.identifiers.push(cells);
    b.identifier(get('identifier_type') === 'passport' ? 'passport' : 'national_id', get('raw_value'), undefined, get('additional_info'));
  }
  const roles: Record<string, 'nationality' | 'birth' | 'address'> = { nationality: 'nationality', birth: 'birth', address: 'address' };
  for (const { cells, get } of of('countries')) {
    raw.countries.push(cells);
    b.country(get('iso') || get('raw_value'), roles[get('country_type')] ?? 'country');
  }
  return b;
}
