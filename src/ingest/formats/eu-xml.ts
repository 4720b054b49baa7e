import type { Entity } from '../../domain/entity.js';
import { BulwarkError } from '../../errors.js';
import { EntityBuilder } from '../build.js';
import { finish, oneFile, type ListFormat, type ParseInput, type ParseSummary } from '../format.js';
import type { ListFile } from '../read.js';
import { xmlList, xmlRecords, xmlText, type XmlHeader } from '../xml-stream.js';

const RECORDS = new Set(['sanctionEntity']);
const ARRAYS = new Set(['nameAlias', 'birthdate', 'citizenship', 'identification', 'address', 'regulation', 'remark']);

function attr(o: Record<string, unknown>, name: string): string {
  return xmlText(o[`@${name}`]);
}

async function* records(file: ListFile, input: ParseInput, summary: ParseSummary): AsyncGenerator<Entity> {
  const header: XmlHeader = {};
  for await (const { node: s, line } of xmlRecords(file, { root: 'export', records: RECORDS, arrays: ARRAYS }, header)) {
    const id = attr(s, 'logicalId');
    if (!id) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'a sanctionEntity has no logicalId', { file: file.path, line });
    const code = attr(xmlList(s.subjectType)[0] ?? {}, 'code');
    const b = new EntityBuilder(input.dataset, id, code === 'person' ? 'Person' : 'Organization', s);
    for (const n of xmlList(s.nameAlias)) {
      b.name(attr(n, 'wholeName'), {
        strength: attr(n, 'strong') === 'false' ? 'weak' : 'strong',
        ...(code === 'person' && attr(n, 'lastName') ? { family: attr(n, 'lastName'), given: [attr(n, 'firstName'), attr(n, 'middleName')].filter(Boolean).join(' ') } : {}),
        ...(attr(n, 'nameLanguage') ? { lang: attr(n, 'nameLanguage') } : {}),
      });
    }
    b.identifier('un_ref', attr(s, 'unitedNationId'));
    b.identifier('other', attr(s, 'euReferenceNumber'), undefined, 'EU reference number');
    for (const r of xmlList(s.regulation)) {
      b.program(attr(r, 'programme'));
      b.listedOn(attr(r, 'entryIntoForceDate'));
    }
    for (const d of xmlList(s.birthdate)) {
      b.birthDate(attr(d, 'birthdate') || attr(d, 'year'));
      b.birthPlace([attr(d, 'city'), attr(d, 'countryDescription')].filter(Boolean).join(', '));
      b.country(attr(d, 'countryIso2Code'), 'birth');
    }
    for (const c of xmlList(s.citizenship)) b.country(attr(c, 'countryIso2Code'), 'citizenship');
    for (const i of xmlList(s.identification)) {
      const t = attr(i, 'identificationTypeCode');
      b.identifier(t === 'passport' ? 'passport' : t === 'id' ? 'national_id' : 'other', attr(i, 'number'), attr(i, 'countryDescription'), attr(i, 'identificationTypeDescription'));
    }
    for (const a of xmlList(s.address)) {
      b.address([attr(a, 'street'), attr(a, 'city'), attr(a, 'zipCode'), attr(a, 'countryDescription')], attr(a, 'countryIso2Code'), attr(a, 'city'));
    }
    for (const r of xmlList(s.remark)) b.remark(xmlText(r));
    const e = finish(b, id, summary);
    if (e) yield e;
  }
  const generated = (header['@generationDate'] ?? '').slice(0, 10);
  if (generated) summary.dataDate = generated;
}

export const euXml: ListFormat = {
  name: 'eu-xml',
  description: 'EU Financial Sanctions Files XML (export/sanctionEntity)',
  ...oneFile(records),
};
