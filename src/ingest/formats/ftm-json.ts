import type { Entity, IdentifierType, Schema } from '../../domain/entity.js';
import { BulwarkError } from '../../errors.js';
import { EntityBuilder } from '../build.js';
import { finish, oneFile, type ListFormat, type ParseInput, type ParseSummary } from '../format.js';
import { textLines, type ListFile } from '../read.js';
import { Spill } from '../spill.js';

interface FtmEntity {
  id: string;
  schema: string;
  caption?: string;
  properties: Record<string, string[]>;
  datasets?: string[];
  referents?: string[];
  first_seen?: string;
  last_change?: string;
}

const SCHEMA_MAP: Record<string, Schema> = {
  Person: 'Person', Organization: 'Organization', Company: 'Organization', LegalEntity: 'Organization',
  PublicBody: 'Organization', Vessel: 'Vessel', Airplane: 'Aircraft',
};

const ID_PROPS: [string, IdentifierType][] = [
  ['passportNumber', 'passport'], ['idNumber', 'national_id'], ['innCode', 'tax_id'], ['taxNumber', 'tax_id'],
  ['vatCode', 'tax_id'], ['registrationNumber', 'registration'], ['ogrnCode', 'registration'], ['imoNumber', 'imo'],
  ['mmsi', 'mmsi'], ['swiftBic', 'swift'], ['callSign', 'call_sign'],
];

/** Referent ids that name a record on another list Bulwark imports, so the records link. */
const REFERENT_LINKS: [RegExp, IdentifierType][] = [
  [/^gb-fcdo-([a-z]{3}\d{4})$/i, 'uk_ref'],
  [/^ofac-(\d+)$/, 'ofac_ent'],
  [/^gb-hmt-(\d+)$/, 'ofsi_group'],
];

function parseLine(text: string, file: string, line: number): FtmEntity {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    throw new BulwarkError('BWK_ERR_FILE_FORMAT', `not valid JSON (${(e as Error).message})`, { file, line });
  }
  const rec = obj as { op?: string; entity?: unknown };
  const ent = (rec && typeof rec === 'object' && 'entity' in rec ? rec.entity : obj) as FtmEntity;
  if (!ent || typeof ent.id !== 'string' || typeof ent.schema !== 'string' || typeof ent.properties !== 'object' || ent.properties === null) {
    throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'not a FollowTheMoney entity (needs id, schema and properties)', { file, line });
  }
  for (const [k, v] of Object.entries(ent.properties)) {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', `property "${k}" is not a list of strings`, { file, line, record: ent.id });
    }
  }
  return ent;
}

/**
 * FollowTheMoney JSON lines (entity files or {"op","entity"} delta files). Sanction and Address
 * records attach to their parties wherever they come in the file, so every line streams into the
 * import's spill file first and the parties are then built one at a time.
 */
async function* records(file: ListFile, input: ParseInput, summary: ParseSummary): AsyncGenerator<Entity> {
  const spill = new Spill();
  let last = '';
  try {
    for await (const { line, text } of textLines(file)) {
      if (!text.trim()) continue;
      const e = parseLine(text, file.path, line);
      spill.add(SCHEMA_MAP[e.schema] ? 'party' : 'other', e.id, line, e);
      if (e.schema === 'Sanction') for (const target of e.properties.entity ?? []) spill.add('sanction', target, line, e.properties);
      if ((e.last_change ?? '') > last) last = e.last_change!;
    }
    spill.seal();
    for (const { key, rows } of spill.groups<unknown>('party')) {
      // A delta file may give an entity more than once: the last one stands.
      const e = rows.filter((r) => r.kind === 'party').at(-1)!.data as FtmEntity;
      const schema = SCHEMA_MAP[e.schema];
      const b = new EntityBuilder(input.dataset, e.id, schema, e);
      const p = (k: string) => e.properties[k] ?? [];
      if (e.caption) b.name(e.caption, { kind: 'primary' });
      for (const n of p('name')) b.name(n, { kind: 'alias' });
      for (const n of p('alias')) b.name(n, { kind: 'alias' });
      for (const n of p('weakAlias')) b.name(n, { kind: 'alias', strength: 'weak' });
      for (const n of p('previousName')) b.name(n, { kind: 'former' });
      for (const d of p('birthDate')) b.birthDate(d);
      for (const pl of p('birthPlace')) b.birthPlace(pl);
      for (const c of p('nationality')) b.country(c, 'nationality');
      for (const c of p('citizenship')) b.country(c, 'citizenship');
      for (const c of [...p('country'), ...p('mainCountry')]) b.country(c, 'country');
      for (const c of p('jurisdiction')) b.country(c, 'jurisdiction');
      for (const c of p('flag')) b.country(c, 'flag');
      for (const [prop, type] of ID_PROPS) for (const v of p(prop)) b.identifier(type, v);
      for (const a of p('address')) b.address([a]);
      for (const aid of p('addressEntity')) {
        const addr = spill.rows<FtmEntity>(aid).filter((r) => r.kind !== 'sanction').at(-1)?.data;
        if (addr) b.address([(addr.properties.full ?? [])[0] ?? addr.caption], (addr.properties.country ?? [])[0]);
      }
      for (const r of e.referents ?? []) {
        for (const [re, type] of REFERENT_LINKS) {
          const m = r.match(re);
          if (m) b.identifier(type, type === 'uk_ref' ? m[1].toUpperCase() : m[1]);
        }
      }
      for (const prog of p('programId')) b.program(prog);
      for (const n of [...p('notes'), ...p('position').map((x) => `Position: ${x}`)]) b.remark(n);
      if (e.datasets?.length) b.remark(`OpenSanctions datasets: ${e.datasets.join(', ')}`);
      for (const { data } of rows.filter((r) => r.kind === 'sanction')) {
        const s = data as Record<string, string[]>;
        for (const prog of s.program ?? []) b.program(prog);
        for (const d of [...(s.listingDate ?? []), ...(s.startDate ?? [])]) b.listedOn(d);
        for (const u of s.unscId ?? []) b.identifier('un_ref', u);
      }
      const built = finish(b, key, summary);
      if (built) yield built;
    }
  } finally {
    spill.close();
  }
  if (last) summary.dataDate = last.slice(0, 10);
}

export const ftmJson: ListFormat = {
  name: 'ftm-json',
  description: 'FollowTheMoney entities as JSON lines (OpenSanctions exports and delta files)',
  ...oneFile(records),
};
