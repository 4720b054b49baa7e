import { createHash } from 'node:crypto';
import { parseDates } from '../../domain/dates.js';
import { BulwarkError } from '../../errors.js';
import type { Entity, Schema } from '../../domain/entity.js';
import { clean, EntityBuilder } from '../build.js';
import { oneFile, type ListFormat, type ParseInput, type ParseSummary } from '../format.js';
import { headedRows, type ListFile } from '../read.js';
import { Spill } from '../spill.js';

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

/** Rows wait in the spill file by id, since a repeated id (the same party again) may come anywhere in the file. */
async function* records(file: ListFile, input: ParseInput, summary: ParseSummary): AsyncGenerator<Entity> {
  const opts = input.options ?? {};
  const spill = new Spill();
  try {
    let map = new Map<Field, number>();
    let header: string[] = [];
    for await (const { cells, line } of headedRows(file, { skip_empty_lines: true, delimiter: opts.delimiter ?? ',' }, (h) => (map = parseMapping(opts.map, (header = h), file.path)))) {
      const get = getter(map, cells);
      const name = get('name');
      if (!name) {
        summary.skipped.push({ record: `line ${line}`, reason: 'empty name' });
        continue;
      }
      const typeWord = get('type').toLowerCase();
      if (typeWord && !TYPE_WORDS[typeWord]) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `unknown type "${get('type')}" (use person, organisation, vessel or aircraft)`, { file: file.path, line });
      if (get('dob') && parseDates(get('dob')).length === 0) {
        throw new BulwarkError('BWK_ERR_FILE_FORMAT', `date of birth "${get('dob')}" is not a date`, { file: file.path, line, field: 'dob' });
      }
      const id = get('id') || createHash('sha1').update(`${name}|${get('dob')}|${get('country')}`).digest('hex').slice(0, 16);
      spill.add('row', id, line, cells);
    }
    spill.seal();
    for (const { key: id, rows } of spill.groups<string[]>('row')) {
      const first = getter(map, rows[0].data);
      const typeWord = first('type').toLowerCase();
      const b = new EntityBuilder(input.dataset, id, typeWord ? TYPE_WORDS[typeWord] : 'Person', Object.fromEntries(header.map((h, i) => [h, rows[0].data[i]])));
      rows.forEach(({ data }, i) => {
        const get = getter(map, data);
        // A repeated id is the same party again: its names become aliases, its other details are added.
        b.name(get('name'), { kind: i > 0 ? 'alias' : 'primary' });
        for (const a of get('alias').split(';')) b.name(a, { kind: 'alias' });
        b.birthDate(get('dob'));
        for (const c of get('country').split(';')) b.country(c, 'country');
        for (const c of get('nationality').split(';')) b.country(c, 'nationality');
        b.identifier('passport', get('passport')).identifier('national_id', get('national_id')).identifier('registration', get('registration'));
        b.unRefsFrom(get('remarks'));
        b.program(get('program'));
        b.listedOn(get('listed_on'));
        b.remark(get('remarks'));
        if (get('address')) b.address([get('address')]);
      });
      const e = b.build();
      if (e) yield e;
    }
  } finally {
    spill.close();
  }
}

const getter = (map: Map<Field, number>, cells: string[]) => (f: Field) => (map.has(f) ? clean(cells[map.get(f)!]) : '');

export const genericCsv: ListFormat = {
  name: 'csv',
  description: 'Any CSV list with a header row; map columns with --map "name=Full name,dob=Born,…"',
  ...oneFile(records, (input) => (input.options?.encoding === 'windows-1252' ? 'windows-1252' : 'utf-8')),
};
