import { countryName } from '../domain/countries.js';
import type { Entity, EntityName, Schema } from '../domain/entity.js';
import type { ScreeningConfig } from './config.js';
import type { NameComparison } from './name-match.js';

/** What a feature sees: the query, the candidate entity and the name comparison that chose it. */
export interface FeatureInput {
  query: { schema?: Schema; dob?: string; country?: string; identifier?: string };
  entity: Entity;
  name: EntityName;
  comparison: NameComparison;
  config: ScreeningConfig;
}

export interface FeatureResult {
  /** Signed contribution to the score (0 when the feature does not apply). */
  score: number;
  detail: string;
}

export interface Feature {
  id: string;
  /** The reason shown to users when the feature fires. */
  description: string;
  apply(input: FeatureInput): FeatureResult | undefined;
  /**
   * The most it can add to a name's score for this query, whatever the entity (Infinity: it can decide alone). Screening
   * leaves candidates whose name cannot reach the least score kept even with every feature's most.
   */
  most(query: FeatureInput['query'], config: ScreeningConfig): number;
}

/** The largest of these contributions that lifts a score, or 0. */
const lift = (...scores: number[]) => Math.max(0, ...scores);

const yearOf = (d: string) => Number(d.slice(0, 4));

/**
 * Every scoring feature besides the name itself, in one table. Each is a pure function that
 * returns its contribution and a sentence saying why, or nothing when it does not apply.
 */
export const FEATURES: Feature[] = [
  {
    id: 'identifier_match',
    description: 'An identifier (passport, national ID, registration, IMO…) is exactly the same: decisive',
    apply: ({ query, entity }) => {
      if (!query.identifier) return undefined;
      const norm = (s: string) => s.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
      const hit = entity.identifiers.find((i) => norm(i.value) === norm(query.identifier!));
      return hit ? { score: 1, detail: `${hit.type.replace('_', ' ')} ${hit.value} is an exact match` } : undefined;
    },
    most: (query) => (query.identifier ? Infinity : 0),
  },
  {
    id: 'weak_alias',
    description: 'The matching name is a weak (low-quality) alias on the list',
    apply: ({ name, config }) => (name.strength === 'weak' ? { score: config.weights.weakAlias, detail: `"${name.full}" is a weak alias` } : undefined),
    most: (_query, config) => lift(config.weights.weakAlias),
  },
  {
    id: 'dob',
    description: 'Date of birth agrees (exactly, by month or by year) or clearly differs',
    apply: ({ query, entity, config }) => {
      if (!query.dob || !entity.birthDates.length) return undefined;
      const q = query.dob;
      const w = config.weights;
      if (entity.birthDates.some((d) => d === q)) return { score: w.dobExact, detail: `date of birth ${q} matches exactly` };
      if (entity.birthDates.some((d) => d.length >= 7 && q.length >= 7 && d.slice(0, 7) === q.slice(0, 7))) return { score: w.dobMonth, detail: `month of birth ${q.slice(0, 7)} matches` };
      if (entity.birthDates.some((d) => yearOf(d) === yearOf(q))) return { score: w.dobYear, detail: `year of birth ${yearOf(q)} matches` };
      const near = entity.birthDates.some((d) => Math.abs(yearOf(d) - yearOf(q)) <= 1);
      if (near) return undefined;
      return { score: w.dobMismatch, detail: `date of birth differs: listed ${entity.birthDates.join(', ')}, given ${q}` };
    },
    most: (query, { weights: w }) => (query.dob ? lift(w.dobExact, w.dobMonth, w.dobYear, w.dobMismatch) : 0),
  },
  {
    id: 'country',
    description: 'Country agrees with a nationality, citizenship, birth or address country on the list, or none agrees',
    apply: ({ query, entity, config }) => {
      if (!query.country) return undefined;
      const codes = entity.countries.map((c) => c.code).filter(Boolean);
      if (!codes.length) return undefined;
      if (codes.includes(query.country)) return { score: config.weights.countryMatch, detail: `country ${countryName(query.country)} matches` };
      return { score: config.weights.countryMismatch, detail: `country ${countryName(query.country)} is not among the listed countries (${[...new Set(codes)].join(', ')})` };
    },
    most: (query, { weights: w }) => (query.country ? lift(w.countryMatch, w.countryMismatch) : 0),
  },
  {
    id: 'type_mismatch',
    description: 'The query is a different kind of party (a person against an organisation, say)',
    apply: ({ query, entity, config }) =>
      query.schema && query.schema !== entity.schema ? { score: config.weights.typeMismatch, detail: `looked for a ${query.schema.toLowerCase()}, listed as ${entity.schema.toLowerCase()}` } : undefined,
    most: (query, config) => (query.schema ? lift(config.weights.typeMismatch) : 0),
  },
];
