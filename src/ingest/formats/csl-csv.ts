import { createHash } from 'node:crypto';
import type { Entity, IdentifierType, Schema } from '../../domain/entity.js';
import { BulwarkError } from '../../errors.js';
import { clean, EntityBuilder } from '../build.js';
import { finish, oneFile, type ListFormat, type ParseInput, type ParseSummary } from '../format.js';
import { headedRows, headerIndex, type ListFile } from '../read.js';
import { Spill } from '../spill.js';

const TYPES: Record<string, Schema> = { individual: 'Person', entity: 'Organization', vessel: 'Vessel', aircraft: 'Aircraft' };
const REQUIRED = ['source', 'entity_number', 'type', 'programs', 'name', 'addresses', 'alt_names', 'dates_of_birth', 'ids'];

function idType(label: string): IdentifierType {
  if (/passport/i.test(label)) return 'passport';
  if (/tax|rfc|nit|inn|vat/i.test(label)) return 'tax_id';
  if (/national|cedula|identification|curp|ssn/i.test(label)) return 'national_id';
  if (/registration|company|d-u-n-s|business/i.test(label)) return 'registration';
  if (/imo/i.test(label)) return 'imo';
  if (/swift/i.test(label)) return 'swift';
  return 'other';
}

/** US Consolidated Screening List CSV, both the 2019 layout and the 2025 layout with its leading _id. */
async function* records(file: ListFile, input: ParseInput, summary: ParseSummary): AsyncGenerator<Entity> {
  const seen = new Spill();
  try {
    let idx = new Map<string, number>();
    for await (const { cells, line, header } of headedRows(file, { skip_empty_lines: true }, (h) => (idx = headerIndex(file, h, REQUIRED)))) {
      const get = (k: string) => clean(cells[idx.get(k) ?? -1]);
      const list = (k: string) => get(k).split(/\s*;\s*/).filter(Boolean);
      const source = get('source');
      const schema = TYPES[get('type').toLowerCase()] ?? 'Organization';
      // Rows without an entity number (DPL, ISN…) get an id from their content, stable across re-imports.
      const sourceId = get('_id') || (get('entity_number') ? `${source.match(/\(([^)]+)\)/)?.[1] ?? 'CSL'}-${get('entity_number')}` : createHash('sha1').update(`${source}|${get('name')}|${get('addresses')}`).digest('hex').slice(0, 16));
      if (seen.occurrence(sourceId) > 1) {
        summary.skipped.push({ record: sourceId, reason: `duplicate row at line ${line}` });
        continue;
      }
      const b = new EntityBuilder(input.dataset, sourceId, schema, Object.fromEntries(header.map((h, i) => [h, cells[i]])));
      const name = get('name');
      const comma = name.indexOf(', ');
      b.name(name, { kind: 'primary', ...(schema === 'Person' && comma > 0 ? { family: name.slice(0, comma), given: name.slice(comma + 2) } : {}) });
      for (const a of list('alt_names')) b.name(a, { kind: 'alias' });
      for (const d of list('dates_of_birth')) b.birthDate(d);
      for (const p of list('places_of_birth')) b.birthPlace(p);
      for (const c of list('citizenships')) b.country(c, 'citizenship');
      for (const c of list('nationalities')) b.country(c, 'nationality');
      for (const a of list('addresses')) {
        const parts = a.split(/\s*,\s*/);
        b.address([a], parts[parts.length - 1]);
      }
      for (const i of list('ids')) {
        // "US, 80-0890696, Tax ID No." → country, value, label
        const [country, value, ...label] = i.split(/\s*,\s*/);
        b.identifier(idType(label.join(' ')), value, country, label.join(', '));
      }
      b.program(source);
      for (const p of list('programs')) b.program(p);
      b.listedOn(get('start_date'));
      b.remark(get('remarks'));
      b.remark(get('title'));
      const e = finish(b, sourceId, summary);
      if (e) yield e;
    }
  } finally {
    seen.close();
  }
}

export const cslCsv: ListFormat = {
  name: 'csl-csv',
  description: 'US Consolidated Screening List CSV (2019 layout, or 2025 layout with _id)',
  ...oneFile(records),
};
