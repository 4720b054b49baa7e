import { BulwarkError } from '../../errors.js';
import { buildAll, EntityBuilder } from '../build.js';
import type { ListFormat, ParseInput, ParseResult } from '../format.js';
import { parseXml, readListFile, xmlList, xmlText } from '../read.js';

const ARRAYS = new Set(['sanctionEntity', 'nameAlias', 'birthdate', 'citizenship', 'identification', 'address', 'regulation', 'remark']);

function attr(o: Record<string, unknown>, name: string): string {
  return xmlText(o[`@${name}`]);
}

function parseEu(input: ParseInput): ParseResult {
  const file = readListFile(input.path);
  const doc = parseXml(file, ARRAYS, 'export');
  const root = doc.export as Record<string, unknown>;
  const builders: [string, EntityBuilder][] = [];
  const skipped: { record: string; reason: string }[] = [];
  for (const s of xmlList(root.sanctionEntity)) {
    const id = attr(s, 'logicalId');
    if (!id) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'a sanctionEntity has no logicalId', { file: file.path });
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
    builders.push([id, b]);
  }
  const generated = attr(root, 'generationDate').slice(0, 10);
  const built = buildAll(builders);
  return { entities: built.entities, files: [file], skipped: [...skipped, ...built.skipped], ...(generated ? { dataDate: generated } : {}) };
}

export const euXml: ListFormat = {
  name: 'eu-xml',
  description: 'EU Financial Sanctions Files XML (export/sanctionEntity)',
  parse: parseEu,
};
