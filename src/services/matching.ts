import { countryCode } from '../domain/countries.js';
import { entityId, type Entity } from '../domain/entity.js';
import { BulwarkError } from '../errors.js';
import { ftmId, toFtm, type FtmEntityView } from '../export/ftm.js';
import { clean } from '../ingest/build.js';
import { FEATURES } from '../screening/features.js';
import type { ScreenQuery } from '../screening/query.js';
import type { ScreeningService } from './screening.js';

/** One query as yente's /match takes it: a schema and FollowTheMoney properties (lists of strings, or one string). */
export interface MatchExample {
  id?: string;
  schema: string;
  properties: Record<string, string | string[]>;
}

export interface ScoredFtm extends FtmEntityView {
  score: number;
  match: boolean;
  features: Record<string, number>;
}

const SCHEMA_TYPES: Record<string, string> = {
  Person: 'person', Organization: 'organisation', Company: 'organisation', LegalEntity: '', PublicBody: 'organisation', Vessel: 'vessel', Airplane: 'aircraft', Thing: '',
};
const ID_PROPS = ['idNumber', 'passportNumber', 'registrationNumber', 'taxNumber', 'innCode', 'ogrnCode', 'vatCode', 'imoNumber', 'leiCode', 'swiftBic'];
const COUNTRY_PROPS = ['nationality', 'citizenship', 'country', 'jurisdiction', 'birthCountry'];
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The query as it was understood: every property a list, countries as ISO codes (as yente answers). */
function echo(q: MatchExample): MatchExample & { properties: Record<string, string[]> } {
  const properties = Object.fromEntries(
    Object.entries(q.properties).map(([k, v]) => [k, COUNTRY_PROPS.includes(k) ? list(v).map((c) => countryCode(c)?.toLowerCase() ?? c) : list(v)]),
  );
  return { ...(q.id ? { id: q.id } : {}), schema: q.schema, properties };
}

/** The matcher's features as yente documents them (FeatureDocs). */
export const MATCHER_DOCS = Object.fromEntries([
  ['name', { description: 'How closely the best name agrees, word by word, across scripts and spellings', coefficient: 1, url: '/docs' }],
  ...FEATURES.map((f) => [f.id, { description: f.description, coefficient: 1, url: '/docs' }]),
]);

/**
 * FollowTheMoney-shaped matching and search over the screening index, so a client written for
 * yente works unchanged. Scores are Bulwark's; `match` compares them with the caller's threshold.
 */
export class MatchService {
  constructor(private readonly screening: ScreeningService) {}

  private async checkDataset(dataset: string): Promise<void> {
    if (dataset !== 'default' && (await this.screening.screener()).versions[dataset] === undefined) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no dataset "${dataset}"`);
  }

  /** Screens one example: every name it gives, keeping each entity's best result. */
  async matchOne( dataset: string, q: MatchExample, opts: { threshold: number; cutoff: number; limit: number }): Promise<ScoredFtm[]> {
    const names = list(q.properties.name ?? q.properties.alias);
    if (!names.length) throw new BulwarkError('BWK_ERR_INPUT', 'a query needs at least one name', { field: 'properties.name' });
    // The first value any of these properties gives, if one does.
    const first = (props: string[]) => props.flatMap((p) => list(q.properties[p]))[0];
    const [dob, country, id] = [first(['birthDate']), first(COUNTRY_PROPS), first(ID_PROPS)];
    const base: Omit<ScreenQuery, 'name'> = {
      ...(SCHEMA_TYPES[q.schema] ? { type: SCHEMA_TYPES[q.schema] } : {}),
      ...(dob ? { dob } : {}),
      ...(country ? { country } : {}),
      ...(id ? { id } : {}),
    };
    const best = new Map<string, { score: number; features: Record<string, number> }>();
    // Straight to the shared index: yente's answers carry no office decisions, so no store read per query.
    const { screener } = await this.screening.screener();
    for (const name of names.slice(0, 20)) {
      // yente's cutoff is the least score a client wants back, also below Bulwark's possible level.
      const r = screener.screen({ name, ...base }, { limit: Math.max(opts.limit * 2, 10), includePossible: true, floor: opts.cutoff });
      for (const h of r.hits) {
        if (dataset !== 'default' && h.dataset !== dataset) continue;
        if (h.score < opts.cutoff || (best.get(h.entityId)?.score ?? -1) >= h.score) continue;
        best.set(h.entityId, { score: h.score, features: { name: h.nameScore, ...Object.fromEntries(h.features.map((f) => [f.id, f.score])) } });
      }
    }
    const ranked = [...best].sort((a, b) => b[1].score - a[1].score).slice(0, opts.limit);
    return ranked.map(([id, r]) => ({ ...toFtm(screener.index.entity(screener.index.entityIndex(id)!)), score: r.score, match: r.score >= opts.threshold, features: r.features }));
  }

  async match(dataset: string, queries: Record<string, MatchExample>, opts: { threshold: number; cutoff: number; limit: number }) {
    await this.checkDataset(dataset);
    for (const [key, q] of Object.entries(queries)) {
      if (!(q.schema in SCHEMA_TYPES)) throw new BulwarkError('BWK_ERR_INPUT', `unknown schema "${q.schema}"; Bulwark matches ${Object.keys(SCHEMA_TYPES).join(', ')}`, { field: `queries.${key}.schema` });
    }
    const responses: Record<string, { status: number; results: ScoredFtm[]; total: { value: number; relation: string }; query: MatchExample }> = {};
    for (const [key, q] of Object.entries(queries)) {
      const results = await this.matchOne(dataset, q, opts);
      responses[key] = { status: 200, results, total: { value: results.length, relation: 'eq' }, query: echo(q) };
    }
    return { responses, matcher: MATCHER_DOCS, limit: opts.limit };
  }

  async search(dataset: string, q: { q: string; schema?: string; limit: number; offset: number }) {
    await this.checkDataset(dataset);
    const found = await this.matchOne(dataset, { schema: q.schema ?? 'Thing', properties: { name: [q.q] } }, { threshold: 0, cutoff: 0, limit: q.offset + q.limit });
    const results = found.slice(q.offset).map(({ score: _s, match: _m, features: _f, ...e }) => e);
    return { results, total: { value: found.length, relation: found.length >= q.offset + q.limit ? 'gte' : 'eq' }, limit: q.limit, offset: q.offset, facets: {} };
  }

  /** An entity by Bulwark id or by the FollowTheMoney id a client already stores. */
  async entity(id: string): Promise<FtmEntityView> {
    const { screener, versions } = await this.screening.screener();
    const { index } = screener;
    const direct = index.entityIndex(id);
    if (direct !== undefined) return toFtm(index.entity(direct));
    // An FtM record's Bulwark id is its list's name and its own id: one lookup per list, no record parsed but those
    // found. Of several lists holding that id, the first in the index, as a scan in index order would find.
    const found = Object.keys(versions)
      .map((dataset) => index.entityIndex(entityId(dataset, clean(id))))
      .filter((i): i is number => i !== undefined && ftmId(index.entity(i)) === id);
    if (!found.length) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no entity "${id}"`);
    return toFtm(index.entity(Math.min(...found)));
  }
}
