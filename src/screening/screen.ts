import type { Entity, EntityName } from '../domain/entity.js';
import { DEFAULT_SCREENING_CONFIG, type ScreeningConfig } from './config.js';
import { FEATURES } from './features.js';
import type { ScreeningIndex } from './index.js';
import { compareNames, type NameComparison, type TokenSim, type WordPair } from './name-match.js';
import { validateQuery, type ScreenQuery, type ValidQuery } from './query.js';

export interface FeatureScore {
  id: string;
  score: number;
  detail: string;
}

export interface ScreenHit {
  entityId: string;
  caption: string;
  schema: string;
  dataset: string;
  score: number;
  level: 'match' | 'possible';
  matchedName: Pick<EntityName, 'full' | 'kind' | 'strength' | 'script'>;
  nameScore: number;
  words: WordPair[];
  features: FeatureScore[];
  /** Plain sentences: which name matched, how, and what else agreed or differed. */
  reasons: string[];
  programs: string[];
  listedOn?: string;
  birthDates: string[];
  linked: { entityId: string; caption: string; dataset: string; via: string[] }[];
}

export interface ScreenResult {
  query: { name: string; schema?: string; dob?: string; country?: string; identifier?: string; normalised: string };
  algorithm: string;
  threshold: number;
  hits: ScreenHit[];
  warnings: string[];
  candidates: number;
  tookMs: number;
}

function wordReason(p: WordPair): string {
  const how = p.how === 'typo' ? `${p.edits} typo${p.edits === 1 ? '' : 's'}` : p.how;
  return p.query === p.matched ? `"${p.query}" exact` : `"${p.query}" ~ "${p.matched}" (${how})`;
}

function reasonsFor(q: ValidQuery, name: EntityName, cmp: NameComparison, features: FeatureScore[]): string[] {
  const r: string[] = [`matched ${name.kind === 'primary' ? 'the primary name' : name.kind === 'former' ? 'a former name' : name.strength === 'weak' ? 'a weak alias' : 'an alias'} "${name.full}"`];
  if (q.norm.transliterated) r.push(`query transliterated from ${q.norm.script}`);
  if (name.script !== 'Latin') r.push(`listed name is in ${name.script} script, compared in Latin letters`);
  r.push(`words: ${cmp.pairs.map(wordReason).join('; ')}`);
  if (cmp.orderSwapped) r.push('name order swapped');
  if (cmp.unmatchedCandidate.length) r.push(`listed name also has: ${cmp.unmatchedCandidate.join(' ')}`);
  if (cmp.unmatchedQuery.length) r.push(`not in the listed name: ${cmp.unmatchedQuery.join(' ')}`);
  if (q.norm.titles.length) r.push(`title ignored: ${q.norm.titles.join(' ')}`);
  if (q.norm.legalForm) r.push(`legal form ignored: ${q.norm.legalForm}`);
  for (const f of features) r.push(f.detail);
  return r;
}

/** Screens names against an index of listed entities, explaining every result. */
export class Screener {
  constructor(
    readonly index: ScreeningIndex,
    readonly config: ScreeningConfig = DEFAULT_SCREENING_CONFIG,
  ) {}

  screen(input: ScreenQuery, opts: { limit?: number; includePossible?: boolean } = {}): ScreenResult {
    return this.screenValid(validateQuery(input), opts, performance.now());
  }

  /** Screens a query already validated (callers that also need the validated query use this). */
  screenValid(q: ValidQuery, opts: { limit?: number; includePossible?: boolean } = {}, t0 = performance.now()): ScreenResult {
    const cfg = this.config;
    // Candidate names grouped by entity; an identifier match brings in every name of its entity.
    const entityIdx = new Map<number, number[] | undefined>();
    for (const nameId of this.index.candidates(q.norm, { limit: cfg.candidateLimit, floor: cfg.tokenMatchFloor })) {
      const ei = this.index.name(nameId).entity;
      const list = entityIdx.get(ei);
      if (list) list.push(nameId);
      else entityIdx.set(ei, [nameId]);
    }
    if (q.identifier) for (const e of this.index.byIdentifierValue(q.identifier)) entityIdx.set(e, undefined);
    const floor = opts.includePossible === false ? cfg.threshold : cfg.possibleThreshold;
    const scored: Scored[] = [];
    const cache = new Map<string, TokenSim>();
    for (const [ei, nameIds] of entityIdx) {
      const s = this.scoreEntity(q, ei, cache, nameIds);
      if (s && s.score >= floor) scored.push(s);
    }
    const id = (s: Scored) => this.index.entity(s.ei).id;
    scored.sort((a, b) => b.score - a.score || (id(a) < id(b) ? -1 : 1));
    // Explanations are written only for the results returned.
    const top = scored.slice(0, opts.limit ?? cfg.limit).map((s) => this.hit(q, s));
    for (const h of top) {
      const ei = this.index.entityIndex(h.entityId)!;
      h.linked = this.index.linked(ei).map((l) => {
        const e = this.index.entity(l.entity);
        return { entityId: e.id, caption: e.caption, dataset: e.dataset, via: l.via };
      });
    }
    return {
      query: {
        name: q.name,
        ...(q.schema ? { schema: q.schema } : {}),
        ...(q.dob ? { dob: q.dob } : {}),
        ...(q.country ? { country: q.country } : {}),
        ...(q.identifier ? { identifier: q.identifier } : {}),
        normalised: q.norm.tokens.map((t) => t.text).join(' '),
      },
      algorithm: cfg.algorithm,
      threshold: cfg.threshold,
      hits: top,
      warnings: q.warnings,
      candidates: entityIdx.size,
      tookMs: performance.now() - t0,
    };
  }

  private scoreEntity(q: ValidQuery, ei: number, cache: Map<string, TokenSim>, nameIds?: number[]): Scored | undefined {
    const entity: Entity = this.index.entity(ei);
    let best: { cmp: NameComparison; name: EntityName } | undefined;
    const names = nameIds ? nameIds.map((id) => this.index.name(id)) : this.index.namesOf(ei);
    for (const n of names) {
      const cmp = compareNames(q.norm, n.norm, this.index.weight, this.config.tokenMatchFloor, cache);
      const name = entity.names[n.name];
      // Prefer strong names on ties: a weak alias is the weaker evidence.
      const adj = cmp.score - (name.strength === 'weak' ? 0.001 : 0);
      if (!best || adj > best.cmp.score - (best.name.strength === 'weak' ? 0.001 : 0)) best = { cmp, name };
    }
    if (!best) return undefined;
    const features: FeatureScore[] = [];
    for (const f of FEATURES) {
      const r = f.apply({ query: q, entity, name: best.name, comparison: best.cmp, config: this.config });
      if (r) features.push({ id: f.id, score: r.score, detail: r.detail });
    }
    const decisive = features.some((f) => f.id === 'identifier_match');
    const raw = decisive ? 1 : best.cmp.score + features.reduce((s, f) => s + f.score, 0);
    const score = Math.round(Math.max(0, Math.min(1, raw)) * 1000) / 1000;
    return { ei, score, cmp: best.cmp, name: best.name, features };
  }

  private hit(q: ValidQuery, s: Scored): ScreenHit {
    const entity = this.index.entity(s.ei);
    return {
      entityId: entity.id,
      caption: entity.caption,
      schema: entity.schema,
      dataset: entity.dataset,
      score: s.score,
      level: s.score >= this.config.threshold ? 'match' : 'possible',
      matchedName: { full: s.name.full, kind: s.name.kind, strength: s.name.strength, script: s.name.script },
      nameScore: Math.round(s.cmp.score * 1000) / 1000,
      words: s.cmp.pairs,
      features: s.features,
      reasons: reasonsFor(q, s.name, s.cmp, s.features),
      programs: entity.programs,
      ...(entity.listedOn ? { listedOn: entity.listedOn } : {}),
      birthDates: entity.birthDates,
      linked: [],
    };
  }
}

interface Scored {
  ei: number;
  score: number;
  cmp: NameComparison;
  name: EntityName;
  features: FeatureScore[];
}
