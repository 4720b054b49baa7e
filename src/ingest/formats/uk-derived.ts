import { join } from 'node:path';
import { statSync } from 'node:fs';
import { BulwarkError } from '../../errors.js';
import { buildAll, clean, EntityBuilder } from '../build.js';
import type { ListFormat, ParseInput, ParseResult } from '../format.js';
import { csvRows, headerIndex, readListFile, type LoadedFile } from '../read.js';
import { UK_TYPES, ukStrength } from './uk-xml.js';

/** Rows of a headed CSV as objects, each with its line, checking the columns it needs. */
function table(file: LoadedFile, required: string[]) {
  // Every table ends with a line break: without one the last row may be cut inside its last column.
  if (!file.text.endsWith('\n')) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'the file does not end with a line break: it is cut short', { file: file.path });
  const rows = csvRows(file, { skip_empty_lines: true, relax_quotes: true });
  if (rows.length === 0) throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'no header row', { file: file.path });
  const idx = headerIndex(file, rows[0].cells, required);
  return rows.slice(1).map(({ cells, line }) => {
    if (cells.length !== rows[0].cells.length) {
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', `expected ${rows[0].cells.length} columns, found ${cells.length}`, { file: file.path, line });
    }
    const get = (k: string) => clean(cells[idx.get(k) ?? -1]);
    return { line, get, cells };
  });
}

function parseDerived(input: ParseInput): ParseResult {
  const dir = statSync(input.path, { throwIfNoEntry: false })?.isDirectory() ? input.path : join(input.path, '..');
  const subjects = readListFile(join(dir, 'subjects.csv'));
  const names = readListFile(join(dir, 'subject_names.csv'));
  const ids = readListFile(join(dir, 'subject_identifiers.csv'));
  const countries = readListFile(join(dir, 'subject_countries.csv'));
  const builders = new Map<string, EntityBuilder>();
  for (const r of table(subjects, ['unique_id', 'subject_type', 'un_reference_number', 'ofsi_group_id', 'date_designated'])) {
    const id = r.get('unique_id');
    const schema = UK_TYPES[r.get('subject_type').toLowerCase()];
    if (!id || !schema) {
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', `bad subject (unique_id "${id}", subject_type "${r.get('subject_type')}")`, { file: subjects.path, line: r.line });
    }
    if (builders.has(id)) continue; // the derived tables repeat rows
    const b = new EntityBuilder(input.dataset, id, schema, { subject: r.cells, names: [], identifiers: [], countries: [] });
    b.identifier('uk_ref', id).identifier('un_ref', r.get('un_reference_number')).identifier('ofsi_group', r.get('ofsi_group_id'));
    b.listedOn(r.get('date_designated'));
    builders.set(id, b);
  }
  const of = (file: LoadedFile, id: string, line: number) => {
    const b = builders.get(id);
    if (!b) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `unique_id ${id} is not in subjects.csv`, { file: file.path, line });
    return b;
  };
  const nameRows = table(names, ['unique_id', 'name_type', 'alias_strength', 'full_name', 'name_6', 'name_1']);
  nameRows.sort((a, b) => Number(a.get('name_type') !== 'primary') - Number(b.get('name_type') !== 'primary'));
  for (const r of nameRows) {
    const b = of(names, r.get('unique_id'), r.line);
    (b.entity.raw as { names: string[][] }).names.push(r.cells);
    const given = ['name_1', 'name_2', 'name_3', 'name_4', 'name_5'].map(r.get).filter(Boolean).join(' ');
    b.name(r.get('full_name'), {
      kind: r.get('name_type') === 'primary' ? 'primary' : 'alias',
      strength: ukStrength(r.get('alias_strength')),
      ...(b.entity.schema === 'Person' && given ? { given, family: r.get('name_6') } : {}),
    });
  }
  // Every subject has at least one name: a subject without one means the names file was cut short.
  const unnamed = [...builders].filter(([, b]) => b.entity.names.length === 0).map(([id]) => id);
  if (unnamed.length) {
    throw new BulwarkError('BWK_ERR_FILE_FORMAT', `${unnamed.length} of the ${builders.size} subjects have no name in subject_names.csv (first: ${unnamed[0]}): the names file is incomplete or cut short`, { file: names.path });
  }
  for (const r of table(ids, ['unique_id', 'raw_value', 'identifier_type', 'additional_info'])) {
    const b = of(ids, r.get('unique_id'), r.line);
    (b.entity.raw as { identifiers: string[][] }).identifiers.push(r.cells);
    b.identifier(r.get('identifier_type') === 'passport' ? 'passport' : 'national_id', r.get('raw_value'), undefined, r.get('additional_info'));
  }
  const roles: Record<string, 'nationality' | 'birth' | 'address'> = { nationality: 'nationality', birth: 'birth', address: 'address' };
  for (const r of table(countries, ['unique_id', 'raw_value', 'country_type', 'iso'])) {
    const b = of(countries, r.get('unique_id'), r.line);
    const role = roles[r.get('country_type')] ?? 'country';
    b.country(r.get('iso') || r.get('raw_value'), role);
  }
  const { entities, skipped } = buildAll(builders);
  return { entities, files: [subjects, names, ids, countries], skipped };
}

export const ukDerived: ListFormat = {
  name: 'uk-fcdo-derived',
  description: 'The whole UK Sanctions List as normalised CSV tables (subjects, subject_names, subject_identifiers, subject_countries)',
  parse: parseDerived,
};
