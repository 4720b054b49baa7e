import type { Entity, EntityName } from '../domain/entity.js';
import { DEFAULT_SCREENING_CONFIG, type ScreeningConfig } from './config.js';
import { FEATURES } from './features.js';
import type { ScreeningIndex } from './index.js';
import { compareNames, type NameComparison, type WordPair } from './name-match.js';
import { WordMemo } from './word-memo.js';
import { writtenSeveralWays } from './held-names.js';
import { validateQuery, type ScreenQuery, type ValidQuery } from './query.js';
import { skeleton, type NameToken, type NormalisedName } from './normalize.js';

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
  /** UN, UK and OFAC reference numbers of this record and the same target's other records ("UN QDi.276"). */
  references: string[];
}

export interface ScreenOptions {
  limit?: number;
  /** False: only matches (at or above the threshold). */
  includePossible?: boolean;
  /** A match threshold other than the configured one, for this call. */
  threshold?: number;
  /** With possible matches: the least score returned, where a caller wants weaker ones too (a search by one word). */
  floor?: number;
}

const REFERENCE_LABELS: Record<string, string> = { un_ref: 'UN', uk_ref: 'UK', ofac_ent: 'OFAC' };

/** The list reference numbers users quote: UN and UK references, OFAC entity numbers (an OFAC SDN record's own id). */
function references(e: Entity): string[] {
  const out = e.identifiers.filter((i) => REFERENCE_LABELS[i.type]).map((i) => `${REFERENCE_LABELS[i.type]} ${i.value}`);
  if (/^ofac-/.test(e.dataset) && /^\d+$/.test(e.sourceId)) out.push(`OFAC ${e.sourceId}`);
  return out;
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

function reasonsFor(q: ValidQuery, name: EntityName, cmp: NameComparison, features: FeatureScore[], reading?: NormalisedName): string[] {
  const r: string[] = [`matched ${name.kind === 'primary' ? 'the primary name' : name.kind === 'former' ? 'a former name' : name.strength === 'weak' ? 'a weak alias' : 'an alias'} "${name.full}"`];
  if (q.norm.transliterated) r.push(`query transliterated from ${q.norm.script}`);
  if (reading) r.push(reading.alias ? `matched one of the names the query holds: "${reading.original}"` : reading.transcription ? 'query read as a foreign name transcribed word by word' : `query read as ${reading.readAs}: "${reading.original}"`);
  if (name.script !== 'Latin') r.push(`listed name is in ${name.script} script, compared in Latin letters`);
  r.push(`words: ${cmp.pairs.map(wordReason).join('; ')}`);
  if (cmp.orderSwapped) r.push('name order swapped');
  if (cmp.lineageReversed) r.push('the lineage is said the other way round (X bin Y is X, son of Y): another person, at most a possible match');
  if (cmp.unmatchedCandidate.length) r.push(`listed name also has: ${cmp.unmatchedCandidate.join(' ')}`);
  if (cmp.unmatchedQuery.length) r.push(`not in the listed name: ${cmp.unmatchedQuery.join(' ')}`);
  if (q.norm.titles.length) r.push(`title ignored: ${q.norm.titles.join(' ')}`);
  if (q.norm.legalForm) r.push(`legal form ignored: ${q.norm.legalForm}`);
  for (const f of features) r.push(f.detail);
  return r;
}

/** A primary name is the strongest evidence, then a strong alias, then a weak one. */
const nameRank = (s: Scored) => (s.name.kind === 'primary' ? 2 : s.name.strength === 'strong' ? 1 : 0);

/** Screens names against an index of listed entities, explaining every result. */
export class Screener {
  constructor(
    readonly index: ScreeningIndex,
    readonly config: ScreeningConfig = DEFAULT_SCREENING_CONFIG,
  ) {}

  screen(input: ScreenQuery, opts: ScreenOptions = {}): ScreenResult {
    return this.screenValid(validateQuery(input), opts, performance.now());
  }

  /** Screens a query already validated (callers that also need the validated query use this). */
  screenValid(q: ValidQuery, opts: ScreenOptions = {}, t0 = performance.now()): ScreenResult {
    const cfg = opts.threshold === undefined ? this.config : { ...this.config, threshold: opts.threshold, possibleThreshold: Math.min(this.config.possibleThreshold, opts.threshold) };
    // Candidate names grouped by entity; an identifier match brings in every name of its entity.
    const floor = opts.includePossible === false ? cfg.threshold : Math.min(cfg.possibleThreshold, opts.floor ?? 1);
    const floors = this.floors(q, floor);
    const best = new Map<number, Scored>();
    const entityIdx = new Map<number, number[] | undefined>();
    const considered = new Set<number>();
    const weakQuery = this.weakEvidence(q);
    // Each reading of the query finds its candidates; an entity keeps its best score.
    for (const reading of [...(writtenSeveralWays(q.alternatives.filter((a) => a.alias)) ? [] : [q]), ...q.alternatives.map((norm) => ({ ...q, norm }))]) {
      entityIdx.clear();
      for (const nameId of this.index.candidates(reading.norm, { limit: cfg.candidateLimit, floor: cfg.tokenMatchFloor })) {
        const ei = this.index.name(nameId).entity;
        const list = entityIdx.get(ei);
        if (list) list.push(nameId);
        else entityIdx.set(ei, [nameId]);
      }
      if (q.identifier) for (const e of this.index.byIdentifierValue(q.identifier)) entityIdx.set(e, undefined);
      const weak = reading === q ? weakQuery : this.weakEvidence(reading);
      // Word pairs below the floor (or below the compounds' floor, if lower) are never kept, runs joined below the compounds'.
      const memo = new WordMemo(Math.min(this.config.tokenMatchFloor, this.config.name.compoundFloor), this.config.name.compoundFloor);
      for (const [ei, nameIds] of entityIdx) {
        considered.add(ei);
        const s = this.scoreEntity(reading, ei, weak, memo, floors, nameIds);
        const before = best.get(ei);
        // Of two readings that find an entity equally, the one that matched its stronger name: that is the name other
        // lists' records of the target share (金鐵三 is KIM CHOL SAM read as Korean and the alias Jin Tiesan as Mandarin).
        if (s && (!before || s.score > before.score || (s.score === before.score && nameRank(s) > nameRank(before)))) best.set(ei, reading === q ? s : { ...s, reading: reading.norm });
      }
    }
    const scored = [...best.values()];
    // Among equal scores the stronger evidence ranks first: what else agreed, the closer name, a primary name, more lists.
    const evidence = (s: Scored) => s.features.reduce((sum, f) => sum + Math.max(0, f.score), 0);
    // Looked up as needed: most scored entities are never shown, nor tied with another.
    const linkMemo = new Map<number, { entity: number; via: string[] }[]>();
    const links = (ei: number) => {
      let l = linkMemo.get(ei);
      if (!l) linkMemo.set(ei, (l = this.index.linked(ei)));
      return l;
    };
    scored.sort((a, b) => b.score - a.score || evidence(b) - evidence(a) || b.cmp.score - a.cmp.score || nameRank(b) - nameRank(a) || links(b.ei).length - links(a.ei).length || a.ei - b.ei);
    // One hit per real-world target: records of the same target on other lists join the best-ranked one.
    const limit = opts.limit ?? cfg.limit;
    const top: ScreenHit[] = [];
    const taken = new Map<number, ScreenHit>();
    for (const s of scored) {
      if (top.length >= limit) break;
      if (taken.has(s.ei)) continue;
      const same = new Map(links(s.ei).map((l) => [l.entity, l.via]));
      for (const other of scored) if (other.ei !== s.ei && other.words === s.words && !same.has(other.ei) && !taken.has(other.ei)) {
        const why = sameTargetEvidence(this.index.entity(s.ei), this.index.entity(other.ei), s, other, !weakQuery);
        if (!why) continue;
        same.set(other.ei, [why]);
        // The joined record brings the records linked to it by identifier.
        for (const l of links(other.ei)) if (l.entity !== s.ei && !same.has(l.entity)) same.set(l.entity, l.via);
      }
      // The record shown is the one with the most corroborating evidence (a date of birth that agrees…), at the same level.
      const level = (x: Scored) => x.score >= cfg.threshold;
      const rep = scored.filter((x) => (x === s || same.has(x.ei)) && !taken.has(x.ei) && level(x) === level(s)).sort((a, b) => evidence(b) - evidence(a) || b.score - a.score)[0] ?? s;
      const h = this.hit(q, rep, cfg.threshold);
      const group: [number, string[]][] = rep === s ? [...same] : [[s.ei, same.get(rep.ei) ?? []], ...[...same].filter(([ei]) => ei !== rep.ei)];
      for (const [ei, via] of group) {
        if (taken.has(ei)) continue;
        taken.set(ei, h);
        const e = this.index.entity(ei);
        h.linked.push({ entityId: e.id, caption: e.caption, dataset: e.dataset, via });
      }
      taken.set(rep.ei, h);
      h.references = [...new Set([rep.ei, ...group.map(([ei]) => ei)].flatMap((ei) => references(this.index.entity(ei))))];
      top.push(h);
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
      candidates: considered.size,
      tookMs: performance.now() - t0,
    };
  }

  /** Why a name alone cannot make a match (a common name; a title and one word), or undefined. */
  private weakEvidence(q: ValidQuery): string | undefined {
    const words = q.norm.tokens.filter((t) => !t.particle);
    if (q.norm.titles.length && words.length === 1) return 'a title and one name';
    if (words.length <= 3 && words.every((t) => this.index.isCommon(t))) return 'a common name';
    return undefined;
  }

  /**
   * A namesake looks like this: the common words agree (Muhammad, Ahmed), the others only roughly (Hneidi ~ Hindi,
   * Isabel ~ Ishmael). Without one word that is not common matched closely, a name alone is not a match.
   */
  private onlyCloseOnCommonWords(q: ValidQuery, cmp: NameComparison): string | undefined {
    const { distinctiveWordSim, distinctiveTranscriptionSim } = this.config.name;
    // In a name of two words each is half the evidence. A common word (Assad, Hossein) agreeing only roughly is what
    // chance gives among the many listed names that hold it, so only one word agrees ("Hafez Aziz" / "ASSAD, Hafez").
    // An initial is not a rough word: it says all a single letter can ("V. Yanukovych").
    if (q.norm.tokens.filter((t) => !t.particle).length === 2) {
      for (const p of cmp.pairs) {
        if (p.sim >= distinctiveTranscriptionSim || p.how === 'initial' || this.queryWords(q, p).some((t) => t?.particle)) continue;
        if (p.matched.split(' ').every((w) => this.index.isCommonWord(w))) return 'a name of two words whose common word agrees only roughly';
      }
    }
    for (const p of cmp.pairs) {
      // Across scripts no word is read exactly: a transcription is close at a lower similarity.
      if (p.sim < (p.how === 'transcription' || p.how === 'joined' ? distinctiveTranscriptionSim : distinctiveWordSim)) continue;
      if (this.telling(q, p)) return undefined;
    }
    return 'a name whose uncommon words agree only roughly';
  }

  /**
   * A word pair is telling when neither the query's word nor the listed word it matched is common (a transcribed "mvhmd"
   * is Muhammad; words joined into one are that word, "hua xin" Huaxin), and the query's word is not a trade word a
   * reading wrote in English (航空 aero, 国际 international, 香港 Hong Kong): companies of other names share those.
   */
  private telling(q: ValidQuery, p: WordPair): boolean {
    const words = p.query.split(' ');
    const uncommonQueryWord = this.queryWords(q, p).some((t, i) => !q.norm.translated?.has(words[i]) && (!t || words.length > 1 || (!t.particle && !this.index.isCommon(t))));
    return uncommonQueryWord && p.matched.split(' ').some((w) => !this.index.isCommonWord(w));
  }

  /** The query's words a pair holds (undefined: a word the query does not hold as it is, such as a reading's). */
  private queryWords(q: ValidQuery, p: WordPair): (NameToken | undefined)[] {
    const tokens = q.norm.tokens;
    return p.query.split(' ').map((w) => {
      let k = tokens.length - 1;
      while (k >= 0 && tokens[k].text !== w) k--;
      return tokens[k];
    });
  }

  /**
   * The entity's score and why, or undefined when it scores below `floor.score`, or its name below `floor.name` (most
   * candidates: nothing more is worked out for them).
   */
  private scoreEntity(q: ValidQuery, ei: number, weakQuery: string | undefined, memo: WordMemo, floor: Floors, nameIds?: number[]): Scored | undefined {
    const entity: Entity = this.index.entity(ei);
    let best: { cmp: NameComparison; name: EntityName; tokens: NameToken[] } | undefined;
    const names = nameIds ? nameIds.map((id) => this.index.name(id)) : this.index.namesOf(ei);
    for (const n of names) {
      const cmp = compareNames(q.norm, n.norm, this.index.weight, this.config.tokenMatchFloor, memo);
      const name = entity.names[n.name];
      // Prefer strong names on ties: a weak alias is the weaker evidence.
      const adj = cmp.score - (name.strength === 'weak' ? 0.001 : 0);
      if (!best || adj > best.cmp.score - (best.name.strength === 'weak' ? 0.001 : 0)) best = { cmp, name, tokens: n.norm.tokens };
    }
    if (!best) return undefined;
    if (best.cmp.score < floor.name) return undefined;
    const features: FeatureScore[] = [];
    for (const f of FEATURES) {
      const r = f.apply({ query: q, entity, name: best.name, comparison: best.cmp, config: this.config });
      if (r) features.push({ id: f.id, score: r.score, detail: r.detail });
    }
    const decisive = features.some((f) => f.id === 'identifier_match');
    let raw = decisive ? 1 : best.cmp.score + features.reduce((s, f) => s + f.score, 0);
    // Evidence before alarm: a common name (or a title and one word) agreeing on nothing else is only a possible match.
    const cap = this.config.name.commonNameCap;
    const weak = !decisive && raw > cap && !features.some((f) => f.score > 0) ? (weakQuery ?? this.onlyCloseOnCommonWords(q, best.cmp)) : undefined;
    if (weak) {
      features.push({ id: 'evidence_needed', score: cap - raw, detail: `only ${weak} agrees: a date of birth, nationality or identifier is needed to call it a match` });
      raw = cap;
    }
    const score = round3(Math.max(0, Math.min(1, raw)));
    if (score < floor.score) return undefined;
    return { ei, score, cmp: best.cmp, name: best.name, tokens: best.tokens, features, words: matchedSkeletons(best.cmp.pairs, best.tokens) };
  }

  /**
   * The least name score that can still reach `floor`: the features add at most their `most` for this query (an
   * identifier, decisive, without bound), and a thousandth is spare for the rounding of the shown score.
   */
  private floors(q: ValidQuery, floor: number): Floors {
    const lift = FEATURES.reduce((sum, f) => sum + f.most(q, this.config), 0);
    return { score: floor, name: floor - lift - 0.001 };
  }

  private hit(q: ValidQuery, s: Scored, threshold: number): ScreenHit {
    const entity = this.index.entity(s.ei);
    return {
      entityId: entity.id,
      caption: entity.caption,
      schema: entity.schema,
      dataset: entity.dataset,
      score: s.score,
      level: s.score >= threshold ? 'match' : 'possible',
      matchedName: { full: s.name.full, kind: s.name.kind, strength: s.name.strength, script: s.name.script },
      nameScore: round3(s.cmp.score),
      words: s.cmp.pairs,
      features: s.features,
      reasons: reasonsFor(q, s.name, s.cmp, s.features, s.reading),
      programs: entity.programs,
      ...(entity.listedOn ? { listedOn: entity.listedOn } : {}),
      birthDates: entity.birthDates,
      linked: [],
      references: [],
    };
  }
}

/** Scores are shown to three decimals, and compared with thresholds as shown. */
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The listed words matched, by their consonants and sorted: records of one target spell them differently (Yur'yevich, Yurievich; Yevgeny, Evgeny). */
function matchedSkeletons(pairs: WordPair[], tokens: NameToken[]): string {
  const out: string[] = [];
  for (const p of pairs) {
    if (p.matched.includes(' ')) for (const w of p.matched.split(' ')) out.push(skeletonOf(w, tokens));
    else out.push(skeletonOf(p.matched, tokens));
  }
  return out.sort().join(' ');
}

function skeletonOf(word: string, tokens: NameToken[]): string {
  // Without a leading y before a vowel (е is ye or e): Yevgeny and Evgeny are one name.
  for (const t of tokens) if (t.text === word) return (t.targetKey ??= skeleton(t.simp.replace(/^i(?=[aeou])/, '')));
  return word;
}

/**
 * Two records on lists that share no identifier are the same target when everything they hold
 * agrees and nothing contradicts: the same kind of party, the same listed words matched (by their consonants), and a full
 * date of birth in common, or (for a name that is not common, of two words or more) no differing
 * nationality or year of birth.
 */
function sameTargetEvidence(a: Entity, b: Entity, sa: Scored, sb: Scored, rareName: boolean): string | undefined {
  if (a.schema !== b.schema || a.dataset === b.dataset || !sa.cmp.pairs.length || sa.words !== sb.words) return undefined;
  const years = (e: Entity) => new Set(e.birthDates.map((d) => d.slice(0, 4)));
  const ya = years(a);
  const yb = [...years(b)];
  if (ya.size && yb.length && !yb.some((y) => ya.has(y))) return undefined;
  const ca = new Set(a.countries.map((c) => c.code).filter(Boolean));
  const cb = b.countries.map((c) => c.code).filter(Boolean);
  if (ca.size && cb.length && !cb.some((c) => ca.has(c))) return undefined;
  const dob = a.birthDates.find((d) => d.length === 10 && b.birthDates.includes(d));
  if (dob) return `same name and date of birth ${dob}`;
  // Without a date in common the names must be the same, not only the words the query matched: Hamza Usama Muhammad
  // bin Laden is not Usama bin Laden (a patronymic or a particle one list leaves out is no difference).
  if (!sameWords(sa) || !sameWords(sb)) return undefined;
  const country = cb.find((c) => ca.has(c));
  if (rareName && country) return `same name and nationality ${country}, no differing date of birth`;
  // One list often gives no date of birth or nationality where the other does: the same full name (not a common one,
  // two words or more) with nothing that differs is the same target.
  return rareName && sa.cmp.pairs.length >= 2 ? 'same full name, no differing date of birth or nationality' : undefined;
}

/** The listed name holds no word the query left unmatched but particles and patronymics. */
function sameWords(s: Scored): boolean {
  return s.cmp.unmatchedCandidate.every((w) => {
    const t = s.tokens.find((x) => x.text === w);
    return t !== undefined && (t.particle || t.patronymic);
  });
}

interface Floors {
  /** The least score kept. */
  score: number;
  /** The least name score that can reach it. */
  name: number;
}

interface Scored {
  ei: number;
  /** The consonant skeletons of the listed words the query matched, sorted: records of one target match the same words. */
  words: string;
  score: number;
  cmp: NameComparison;
  name: EntityName;
  features: FeatureScore[];
  /** The listed name's words. */
  tokens: NameToken[];
  /** The reading of the query that scored it, when not the query's first (query.ts alternatives). */
  reading?: NormalisedName;
}
