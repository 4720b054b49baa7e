import type { IdentifierType, Schema } from '../../domain/entity.js';
import { BulwarkError } from '../../errors.js';
import { buildAll, EntityBuilder } from '../build.js';
import type { ListFormat, ParseInput, ParseResult } from '../format.js';
import { readListFile } from '../read.js';

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

/** FollowTheMoney JSON lines (entity files or {"op","entity"} delta files). Sanction and Address records attach to their parties. */
function parseFtm(input: ParseInput): ParseResult {
  const file = readListFile(input.path);
  const all: FtmEntity[] = [];
  file.text.split('\n').forEach((l, i) => {
    if (l.trim()) all.push(parseLine(l, file.path, i + 1));
  });
  const byId = new Map(all.map((e) => [e.id, e]));
  const builders = new Map<string, EntityBuilder>();
  for (const e of all) {
    const schema = SCHEMA_MAP[e.schema];
    if (!schema) continue;
    const p = (k: string) => e.properties[k] ?? [];
    const b = new EntityBuilder(input.dataset, e.id, schema, e);
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
      const addr = byId.get(aid);
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
    builders.set(e.id, b);
  }
  for (const s of all.filter((e) => e.schema === 'Sanction')) {
    for (const target of s.properties.entity ?? []) {
      const b = builders.get(target);
      if (!b) continue;
      for (const prog of s.properties.program ?? []) b.program(prog);
      for (const d of [...(s.properties.listingDate ?? []), ...(s.properties.startDate ?? [])]) b.listedOn(d);
      for (const u of s.properties.unscId ?? []) b.identifier('un_ref', u);
    }
  }
  const { entities, skipped } = buildAll(builders);
  const changes = all.map((e) => e.last_change ?? '').filter(Boolean).sort();
  const last = changes[changes.length - 1]?.slice(0, 10);
  return { entities, files: [file], skipped, ...(last ? { dataDate: last } : {}) };
}

export const ftmJson: ListFormat = {
  name: 'ftm-json',
  description: 'FollowTheMoney entities as JSON lines (OpenSanctions exports and delta files)',
  parse: parseFtm,
};
