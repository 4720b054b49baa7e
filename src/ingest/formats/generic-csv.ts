import { createHash } from 'node:crypto';
import type { Schema } from '../../domain/entity.js';
import { parseDates } from '../../domain/dates.js';
import { BulwarkError } from '../../errors.js';
import { clean, EntityBuilder } from '../build.js';
import type { ListFormat, ParseInput, ParseResult } from '../format.js';
import { csvRows, readListFile } from '../read.js';

/** Fields a generic list can map its columns to. `name` is the only required one. */
export const GENERIC_FIELDS = ['id', 'name', 'alias', 'type', 'dob', 'country', 'nationality', 'passport', 'national_id', 'registration', 'program', 'listed_on', 'remarks', 'address'] as const;
type Field = (typeof GENERIC_FIELDS)[number];

const TYPE_WORDS: Record<string, Schema> = {
  person: 'Person', individual: 'Person', organisation: 'Organization', organization: 'Organization', entity: 'Organization',
  company: 'Organization', vessel: 'Vessel', ship: 'Vessel', aircraft: 'Aircraft',
  // FollowTheMoney schema names, as exports from other tools write them.
  legalentity: 'Organization', publicbody: 'Organization', airplane: 'Aircraft',
};

/**
 * Parses a mapping "name=Full name,dob=Date of birth" into field → column. With no mapping, a
 * column whose header is a field name maps to that field.
 */
export function parseMapping(spec: string | undefined, header: string[], file: string): Map<Field, number> {
  const map = new Map<Field, number>();
  const col = (name: string) => header.findIndex((h) => clean(h).toLowerCase() === name.trim().toLowerCase());
  if (spec) {
    for (const pair of spec.split(',')) {
      const [field, column] = pair.split('=').map((s) => s.trim());
      if (!GENERIC_FIELDS.includes(field as Field)) {
        throw new BulwarkError('BWK_ERR_INPUT', `unknown field "${field}" in the column mapping; fields are ${GENERIC_FIELDS.join(', ')}`, { file });
      }
      const i = col(column ?? '');
      if (i < 0) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `the mapping names column "${column}", which the header does not have`, { file, line: 1 });
      map.set(field as Field, i);
    }
  } else {
    for (const f of GENERIC_FIELDS) if (col(f) >= 0) map.set(f, col(f));
  }
  if (!map.has('name')) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'no column is mapped to "name"', { file, line: 1 });
  return map;
}

function parseGeneric(input: ParseInput): ParseResult {
  const opts = input.options ?? {};
  const file = readListFile(input.path, opts.encoding === 'windows-1252' ? 'windows-1252' : 'utf-8');
  const rows = csvRows(file, { skip_empty_lines: true, delimiter: opts.delimiter ?? ',' });
  if (rows.length === 0) throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'no header row', { file: file.path });
  const header = rows[0].cells;
  const map = parseMapping(opts.map, header, file.path);
  const skipped = [];
  // A repeated id is the same party again: its names become aliases, its other details are added.
  const builders = new Map<string, EntityBuilder>();
  for (const { cells, line } of rows.slice(1)) {
    if (cells.length !== header.length) {
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', `expected ${header.length} columns, found ${cells.length}`, { file: file.path, line });
    }
    const get = (f: Field) => (map.has(f) ? clean(cells[map.get(f)!]) : '');
    const name = get('name');
    if (!name) {
      skipped.push({ record: `line ${line}`, reason: 'empty name' });
      continue;
    }
    const typeWord = get('type').toLowerCase();
    const schema = typeWord ? TYPE_WORDS[typeWord] : 'Person';
    if (!schema) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `unknown type "${get('type')}" (use person, organisation, vessel or aircraft)`, { file: file.path, line });
    const id = get('id') || createHash('sha1').update(`${name}|${get('dob')}|${get('country')}`).digest('hex').slice(0, 16);
    let b = builders.get(id);
    const repeated = b !== undefined;
    if (!b) builders.set(id, (b = new EntityBuilder(input.dataset, id, schema, Object.fromEntries(header.map((h, i) => [h, cells[i]])))));
    b.name(name, { kind: repeated ? 'alias' : 'primary' });
    for (const a of get('alias').split(';')) b.name(a, { kind: 'alias' });
    if (get('dob') && parseDates(get('dob')).length === 0) {
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', `date of birth "${get('dob')}" is not a date`, { file: file.path, line, field: 'dob' });
    }
    b.birthDate(get('dob'));
    for (const c of get('country').split(';')) b.country(c, 'country');
    for (const c of get('nationality').split(';')) b.country(c, 'nationality');
    b.identifier('passport', get('passport')).identifier('national_id', get('national_id')).identifier('registration', get('registration'));
    b.unRefsFrom(get('remarks'));
    b.program(get('program'));
    b.listedOn(get('listed_on'));
    b.remark(get('remarks'));
    if (get('address')) b.address([get('address')]);
  }
  const entities = [...builders.values()].flatMap((b) => b.build() ?? []);
  return { entities, files: [file], skipped };
}

export const genericCsv: ListFormat = {
  name: 'csv',
  description: 'Any CSV list with a header row; map columns with --map "name=Full name,dob=Born,…"',
  parse: parseGeneric,
};
