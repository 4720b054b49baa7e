import type { Entity, Schema } from '../../domain/entity.js';
import { BulwarkError } from '../../errors.js';
import { clean, EntityBuilder } from '../build.js';
import { parseDates } from '../../domain/dates.js';
import { finish, oneFile, type ListFormat, type ParseInput, type ParseSummary } from '../format.js';
import type { ListFile } from '../read.js';
import { xmlList, xmlRecords, xmlText, type XmlHeader } from '../xml-stream.js';

const RECORDS = new Set(['Designation']);
const ARRAYS = new Set([
  'Designation', 'Name', 'NonLatinName', 'DOB', 'Nationality', 'Passport', 'NationalIdentifier', 'Location', 'Address',
  'IMONumber', 'Individual', 'Ship', 'Entity', 'CurrentBelievedFlagOfShip', 'Position', 'OtherInformation',
]);

export const UK_TYPES: Record<string, Schema> = { individual: 'Person', entity: 'Organization', ship: 'Vessel' };

/** UK alias strength: "Low quality a.k.a" is weak; everything else strong. */
export function ukStrength(s: string): 'strong' | 'weak' {
  return /low/i.test(s) ? 'weak' : 'strong';
}

function child(o: Record<string, unknown> | undefined, ...path: string[]): Record<string, unknown>[] {
  let cur: Record<string, unknown>[] = o ? [o] : [];
  for (const p of path) cur = cur.flatMap((c) => xmlList(c[p]));
  return cur;
}

function texts(o: Record<string, unknown> | undefined, ...path: string[]): string[] {
  const last = path[path.length - 1];
  return child(o, ...path.slice(0, -1)).flatMap((c) => (Array.isArray(c[last]) ? (c[last] as unknown[]) : [c[last]])).map(xmlText).filter(Boolean);
}

async function* records(file: ListFile, input: ParseInput, summary: ParseSummary): AsyncGenerator<Entity> {
  const header: XmlHeader = {};
  for await (const { node: d, line } of xmlRecords(file, { root: 'Designations', records: RECORDS, arrays: ARRAYS }, header)) {
    const id = xmlText(d.UniqueID);
    if (!id) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'a Designation has no UniqueID', { file: file.path, line });
    const schema = UK_TYPES[xmlText(d.IndividualEntityShip).toLowerCase()];
    if (!schema) {
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', `unknown IndividualEntityShip "${xmlText(d.IndividualEntityShip)}"`, { file: file.path, line, record: id });
    }
    const b = new EntityBuilder(input.dataset, id, schema, d);
    const names = child(d, 'Names', 'Name');
    // Primary names first, whatever casing the file uses ("Primary Name" / "Primary name").
    names.sort((x, y) => Number(/alias/i.test(xmlText(x.NameType))) - Number(/alias/i.test(xmlText(y.NameType))));
    for (const n of names) {
      const given = ['Name1', 'Name2', 'Name3', 'Name4', 'Name5'].map((k) => clean(xmlText(n[k]))).filter(Boolean).join(' ');
      const family = clean(xmlText(n.Name6));
      const primary = /primary/i.test(xmlText(n.NameType));
      b.name([given, family].filter(Boolean).join(' '), {
        kind: primary ? 'primary' : 'alias',
        strength: ukStrength(xmlText(n.AliasStrength)),
        ...(schema === 'Person' && given ? { given, family } : {}),
      });
    }
    for (const n of texts(d, 'NonLatinNames', 'NonLatinName', 'NameNonLatinScript')) b.name(n, { kind: 'alias' });
    b.identifier('uk_ref', id);
    b.identifier('un_ref', xmlText(d.UNReferenceNumber));
    b.identifier('ofsi_group', xmlText(d.OFSIGroupID));
    b.program(xmlText(d.RegimeName));
    b.listedOn(xmlText(d.DateDesignated));
    const ind = child(d, 'IndividualDetails', 'Individual')[0];
    for (const dob of texts(ind, 'DOBs', 'DOB')) b.birthDate(dob);
    for (const n of texts(ind, 'Nationalities', 'Nationality')) b.country(n, 'nationality');
    for (const p of child(ind, 'PassportDetails', 'Passport')) {
      b.identifier('passport', xmlText(p.PassportNumber), undefined, xmlText(p.PassportAdditionalInformation));
    }
    for (const p of child(ind, 'NationalIdentifierDetails', 'NationalIdentifier')) {
      b.identifier('national_id', xmlText(p.NationalIdentifierNumber), undefined, xmlText(p.NationalIdentifierAdditionalInformation));
    }
    for (const l of child(ind, 'BirthDetails', 'Location')) {
      b.birthPlace([xmlText(l.TownOfBirth), xmlText(l.CountryOfBirth)].filter(Boolean).join(', '));
      b.country(xmlText(l.CountryOfBirth), 'birth');
    }
    for (const p of texts(ind, 'Positions', 'Position')) b.remark(`Position: ${p}`);
    const ship = child(d, 'ShipDetails', 'Ship')[0];
    for (const imo of texts(ship, 'IMONumbers', 'IMONumber')) b.identifier('imo', imo.replace(/^IMO\s*/i, ''));
    for (const f of texts(ship, 'CurrentBelievedFlagOfShips', 'CurrentBelievedFlagOfShip')) b.country(f, 'flag');
    for (const a of child(d, 'Addresses', 'Address')) {
      const lines = ['AddressLine1', 'AddressLine2', 'AddressLine3', 'AddressLine4', 'AddressLine5', 'AddressLine6'].map((k) => xmlText(a[k]));
      b.address([...lines, xmlText(a.AddressPostalCode), xmlText(a.AddressCountry)], xmlText(a.AddressCountry));
    }
    for (const o of texts(d, 'OtherInformation')) b.remark(o);
    b.remark(xmlText(d.UKStatementofReasons));
    const e = finish(b, id, summary);
    if (e) yield e;
  }
  const generated = parseDates(header.DateGenerated ?? '')[0];
  if (generated) summary.dataDate = generated;
}

export const ukXml: ListFormat = {
  name: 'uk-xml',
  description: 'FCDO UK Sanctions List XML (Designations), the official UK format',
  ...oneFile(records),
};
