import { BulwarkError } from '../../errors.js';
import type { Entity } from '../../domain/entity.js';
import { clean, EntityBuilder } from '../build.js';
import { finish, oneFile, type ListFormat, type ParseInput, type ParseSummary } from '../format.js';
import type { ListFile } from '../read.js';
import { Spill } from '../spill.js';
import { xmlList, xmlRecords, xmlText, type XmlHeader } from '../xml-stream.js';

const RECORDS = new Set(['INDIVIDUAL', 'ENTITY']);
const ARRAYS = new Set([
  'INDIVIDUAL', 'ENTITY', 'INDIVIDUAL_ALIAS', 'ENTITY_ALIAS', 'INDIVIDUAL_ADDRESS', 'ENTITY_ADDRESS',
  'INDIVIDUAL_DATE_OF_BIRTH', 'INDIVIDUAL_PLACE_OF_BIRTH', 'INDIVIDUAL_DOCUMENT', 'VALUE',
]);

/** UN alias quality: "Good" and "a.k.a." are strong; "Low" is weak. */
function strength(q: string): 'strong' | 'weak' {
  return /low/i.test(q) ? 'weak' : 'strong';
}

function values(v: unknown): string[] {
  return xmlList(v).flatMap((o) => (Array.isArray(o.VALUE) ? o.VALUE : [o.VALUE])).map(xmlText).filter(Boolean);
}

const DOC_TYPES: [RegExp, 'passport' | 'national_id' | 'tax_id' | 'other'][] = [
  [/passport/i, 'passport'],
  [/national|identi|id card|civil/i, 'national_id'],
  [/tax/i, 'tax_id'],
];

async function* records(file: ListFile, input: ParseInput, summary: ParseSummary): AsyncGenerator<Entity> {
  const header: XmlHeader = {};
  const seen = new Spill();
  try {
    for await (const { name, node: rec, line } of xmlRecords(file, { root: 'CONSOLIDATED_LIST', records: RECORDS, arrays: ARRAYS }, header)) {
      const isPerson = name === 'INDIVIDUAL';
      const id = xmlText(rec.DATAID);
      if (!id) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'a record has no DATAID', { file: file.path, line, record: xmlText(rec.REFERENCE_NUMBER) });
      if (seen.occurrence(id) > 1) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `DATAID ${id} appears twice`, { file: file.path, line, record: id });
      const b = new EntityBuilder(input.dataset, id, isPerson ? 'Person' : 'Organization', rec);
      const parts = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((k) => clean(xmlText(rec[k]))).filter(Boolean);
      b.name(parts.join(' '), { kind: 'primary' });
      b.name(xmlText(rec.NAME_ORIGINAL_SCRIPT), { kind: 'alias' });
      for (const a of xmlList(rec[isPerson ? 'INDIVIDUAL_ALIAS' : 'ENTITY_ALIAS'])) {
        b.name(xmlText(a.ALIAS_NAME), { kind: 'alias', strength: strength(xmlText(a.QUALITY)) });
      }
      const ref = xmlText(rec.REFERENCE_NUMBER);
      b.identifier('un_ref', ref);
      b.program(xmlText(rec.UN_LIST_TYPE));
      b.listedOn(xmlText(rec.LISTED_ON));
      for (const n of values(rec.NATIONALITY)) b.country(n, 'nationality');
      for (const d of xmlList(rec.INDIVIDUAL_DATE_OF_BIRTH)) {
        const type = xmlText(d.TYPE_OF_DATE);
        if (xmlText(d.DATE)) b.birthDate(xmlText(d.DATE));
        else if (xmlText(d.YEAR)) b.birthDate(xmlText(d.YEAR));
        else if (xmlText(d.FROM_YEAR) && xmlText(d.TO_YEAR)) b.birthDate(`${xmlText(d.FROM_YEAR)} to ${xmlText(d.TO_YEAR)}`);
        if (type === 'APPROXIMATELY' && xmlText(d.YEAR)) b.remark(`DOB approximately ${xmlText(d.YEAR)}`);
      }
      for (const p of xmlList(rec.INDIVIDUAL_PLACE_OF_BIRTH)) {
        b.birthPlace([xmlText(p.CITY), xmlText(p.STATE_PROVINCE), xmlText(p.COUNTRY)].filter(Boolean).join(', '));
        b.country(xmlText(p.COUNTRY), 'birth');
      }
      for (const d of xmlList(rec.INDIVIDUAL_DOCUMENT)) {
        const t = xmlText(d.TYPE_OF_DOCUMENT);
        const type = DOC_TYPES.find(([re]) => re.test(t))?.[1] ?? 'other';
        b.identifier(type, xmlText(d.NUMBER), xmlText(d.ISSUING_COUNTRY) || xmlText(d.COUNTRY_OF_ISSUE), [t, xmlText(d.NOTE)].filter(Boolean).join('; '));
      }
      for (const a of xmlList(rec[isPerson ? 'INDIVIDUAL_ADDRESS' : 'ENTITY_ADDRESS'])) {
        b.address([xmlText(a.STREET), xmlText(a.CITY), xmlText(a.STATE_PROVINCE), xmlText(a.COUNTRY)], xmlText(a.COUNTRY), xmlText(a.CITY));
      }
      b.remark(xmlText(rec.COMMENTS1));
      const e = finish(b, id, summary);
      if (e) yield e;
    }
  } finally {
    seen.close();
  }
  const generated = (header['@dateGenerated'] ?? '').slice(0, 10);
  if (generated) summary.dataDate = generated;
}

export const unXml: ListFormat = {
  name: 'un-xml',
  description: 'UN Security Council Consolidated List XML (CONSOLIDATED_LIST)',
  ...oneFile(records),
};
