import schemataFile from './data/schemata.json' with { type: 'json' };

/** The kinds of listed party Bulwark knows; defined once in schemata.json. */
export const SCHEMATA = ['Person', 'Organization', 'Vessel', 'Aircraft'] as const;
export type Schema = (typeof SCHEMATA)[number];

export type IdentifierType = keyof typeof schemataFile.identifierTypes;

/** Identifier types that name the same real-world target across lists (links: true in schemata.json). */
export const LINKING_IDENTIFIER_TYPES = (Object.keys(schemataFile.identifierTypes) as IdentifierType[]).filter((t) => identifierInfo(t).links);

export function identifierInfo(type: IdentifierType): { label: string; decisive: boolean; links?: boolean } {
  return schemataFile.identifierTypes[type];
}

/**
 * Writing systems we detect in names, by their Unicode script names ('Latin' includes accented Latin;
 * 'Kana' is Hiragana and Katakana). Anything else found in a name is 'Other'.
 */
export const SCRIPTS = [
  'Latin', 'Cyrillic', 'Greek', 'Arabic', 'Hebrew', 'Syriac', 'Thaana', 'Han', 'Hangul', 'Kana', 'Georgian', 'Armenian',
  'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala',
  'Thai', 'Lao', 'Khmer', 'Myanmar', 'Tibetan', 'Mongolian', 'Ethiopic', 'Bopomofo', 'Yi', 'Tifinagh', 'Cherokee',
  'Canadian_Aboriginal', 'Javanese', 'Balinese', 'Other',
] as const;
export type Script = (typeof SCRIPTS)[number];

export interface EntityName {
  full: string;
  kind: 'primary' | 'alias' | 'former';
  /** Weak aliases (UN "Low", OFAC "weak", UK "Low quality a.k.a") score less when they match. */
  strength: 'strong' | 'weak';
  script: Script;
  given?: string;
  family?: string;
  lang?: string;
}

/** A date that may be partial: "1968", "1968-09" or "1968-09-12". */
export type PartialDate = string;

export type CountryRole = 'nationality' | 'citizenship' | 'birth' | 'residence' | 'address' | 'jurisdiction' | 'flag' | 'country';

export interface EntityCountry {
  role: CountryRole;
  /** ISO 3166-1 alpha-2 when it could be resolved. */
  code?: string;
  name: string;
}

export interface EntityAddress {
  full: string;
  city?: string;
  countryCode?: string;
  country?: string;
}

export interface EntityIdentifier {
  type: IdentifierType;
  value: string;
  country?: string;
  note?: string;
}

export interface Entity {
  /** Stable Bulwark id: `<dataset>:<source record id>`, the same across re-imports. */
  id: string;
  dataset: string;
  sourceId: string;
  schema: Schema;
  caption: string;
  names: EntityName[];
  birthDates: PartialDate[];
  birthPlaces: string[];
  countries: EntityCountry[];
  addresses: EntityAddress[];
  identifiers: EntityIdentifier[];
  programs: string[];
  listedOn?: string;
  remarks: string[];
  /** The source record as the file gave it, kept verbatim. */
  raw: unknown;
}

/** A source record in FollowTheMoney's shape (OpenSanctions data): its id, schema and properties are what FtM clients know. */
export interface FtmRecord {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
  first_seen?: string;
  last_seen?: string;
  last_change?: string;
}

export function isFtmRecord(raw: unknown): raw is FtmRecord {
  return Boolean(raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' && typeof (raw as { properties?: unknown }).properties === 'object');
}

/** A listed entity's Bulwark id: its list's name and the id the list gives it. */
export function entityId(dataset: string, sourceId: string): string {
  return `${dataset}:${sourceId}`;
}

export function emptyEntity(dataset: string, sourceId: string, schema: Schema): Entity {
  return {
    id: entityId(dataset, sourceId),
    dataset,
    sourceId,
    schema,
    caption: '',
    names: [],
    birthDates: [],
    birthPlaces: [],
    countries: [],
    addresses: [],
    identifiers: [],
    programs: [],
    remarks: [],
    raw: null,
  };
}

/** An identifier as compared across lists: upper case, letters and digits only ("QDi.276" → "QDI276"). */
export function normIdentifier(value: string): string {
  return value.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
}
