import { identifierInfo, normIdentifier, type Entity, type Schema } from '../domain/entity.js';
import { lengthWeight, tokenSim, type WeightFn } from './name-match.js';
import { joinedTokens, normaliseName, type NameToken, type NormalisedName } from './normalize.js';

export interface IndexedName {
  entity: number;
  /** Position in entity.names. */
  name: number;
  norm: NormalisedName;
}

/** Posting-list size above which a word counts as common (see candidates). */
const COMMON_POSTINGS = 20_000;

/** Deletion neighbours of a word (SymSpell): two words within one edit share a key. */
function deletes(s: string): string[] {
  if (s.length < 4) return [];
  const out = new Set<string>();
  for (let i = 0; i < s.length; i++) out.add(s.slice(0, i) + s.slice(i + 1));
  return [...out];
}

function push<K>(m: Map<K, number[]>, k: K, v: number) {
  const l = m.get(k);
  if (l) {
    if (l[l.length - 1] !== v) l.push(v);
  } else m.set(k, [v]);
}

/**
 * In-memory search index over every name of every listed entity. Candidate search is by
 * blocking on words (exact, spelling-variant form, consonant skeleton, one-edit deletions, and
 * joined neighbours), never a scan of all entities.
 */
export class ScreeningIndex {
  readonly entities: Entity[];
  readonly names: IndexedName[] = [];
  private readonly words: NameToken[] = [];
  private readonly wordId = new Map<string, number>();
  private readonly postings: number[][] = [];
  private readonly bySkel = new Map<string, number[]>();
  private readonly byDelete = new Map<string, number[]>();
  private readonly byIdentifier = new Map<string, number[]>();
  /** Linking identifiers (UN reference, UK id…) → the entities that carry them, on any list. */
  private readonly byLink = new Map<string, number[]>();
  private readonly entityById = new Map<string, number>();
  private readonly namesByEntity: number[][] = [];
  private idf: Float32Array = new Float32Array(0);
  /** Scratch space for candidate voting, one slot per name, kept zeroed between queries. */
  private votes: Float64Array;
  private bestVote: Float64Array;
  /** Total word weight of each name, for ranking candidates by how much of the name a query covers. */
  private nameWeight: Float64Array;
  /** Word ids of every name in one flat array (name i's words sit at nameWordStart[i]…nameWordStart[i+1]), for common words voting on names already found. */
  private nameWords: Int32Array;
  private nameWordStart: Int32Array;
  readonly buildMs: number;

  constructor(entities: Entity[]) {
    const t0 = performance.now();
    this.entities = entities;
    entities.forEach((e, ei) => {
      this.entityById.set(e.id, ei);
      const seen = new Set<string>();
      this.namesByEntity.push([]);
      e.names.forEach((n, ni) => {
        const norm = normaliseName(n.full, e.schema);
        const key = norm.tokens.map((t) => t.text).join(' ');
        if (!norm.tokens.length || seen.has(key)) return;
        seen.add(key);
        const nameId = this.names.length;
        this.names.push({ entity: ei, name: ni, norm });
        this.namesByEntity[ei].push(nameId);
        for (const t of norm.tokens) {
          const list = this.postings[this.word(t)];
          if (list[list.length - 1] !== nameId) list.push(nameId);
        }
      });
      for (const i of e.identifiers) {
        push(this.byIdentifier, normIdentifier(i.value), ei);
        if (identifierInfo(i.type).links) push(this.byLink, `${i.type}:${normIdentifier(i.value)}`, ei);
      }
    });
    const n = this.names.length || 1;
    this.idf = new Float32Array(this.words.length);
    this.postings.forEach((p, w) => (this.idf[w] = Math.log(n / p.length)));
    this.nameWordStart = new Int32Array(this.names.length + 1);
    this.names.forEach((nm, i) => (this.nameWordStart[i + 1] = this.nameWordStart[i] + nm.norm.tokens.length));
    this.nameWords = new Int32Array(this.nameWordStart[this.names.length]);
    this.names.forEach((nm, i) => nm.norm.tokens.forEach((t, k) => (this.nameWords[this.nameWordStart[i] + k] = this.wordId.get(t.simp)!)));
    this.nameWeight = new Float64Array(this.names.length);
    this.names.forEach((nm, i) => (this.nameWeight[i] = nm.norm.tokens.reduce((sum, t) => sum + this.weight(t), 0) || 1));
    this.votes = new Float64Array(this.names.length);
    this.bestVote = new Float64Array(this.names.length);
    this.buildMs = performance.now() - t0;
  }

  private word(t: NameToken): number {
    let id = this.wordId.get(t.simp);
    if (id !== undefined) return id;
    id = this.words.length;
    this.words.push(t);
    this.wordId.set(t.simp, id);
    this.postings.push([]);
    push(this.bySkel, t.skel, id);
    for (const d of deletes(t.simp)) push(this.byDelete, d, id);
    push(this.byDelete, t.simp, id);
    return id;
  }

  get size() {
    return { entities: this.entities.length, names: this.names.length, words: this.words.length };
  }

  entityIndex(id: string): number | undefined {
    return this.entityById.get(id);
  }

  /** Word weight: length and particle status, scaled by how rare the word is on the lists. */
  readonly weight: WeightFn = (t) => {
    const id = this.wordId.get(t.simp);
    const rarity = id === undefined ? 1 : Math.min(1, 0.35 + this.idf[id] / 9);
    return lengthWeight(t) * rarity;
  };

  /** Listed words close enough to a query word to consider, with their similarity. */
  private similarWords(t: NameToken, floor: number): { id: number; sim: number }[] {
    const ids = new Set<number>();
    const exact = this.wordId.get(t.simp);
    if (exact !== undefined) ids.add(exact);
    if (t.skel.length >= 3) for (const id of this.bySkel.get(t.skel) ?? []) ids.add(id);
    for (const d of [t.simp, ...deletes(t.simp)]) for (const id of this.byDelete.get(d) ?? []) ids.add(id);
    const out = [];
    for (const id of ids) {
      const s = id === exact ? 1 : tokenSim(t, this.words[id]).sim;
      if (s >= floor) out.push({ id, sim: s });
    }
    return out;
  }

  /**
   * Names most likely to match, best first: each query word votes for the names holding a
   * similar word, weighted by the word's rarity. Particles and initials do not vote.
   */
  candidates(q: NormalisedName, opts: { limit: number; floor: number }): number[] {
    const voters: { t: NameToken; w: number; floor: number }[] = [];
    for (const t of q.tokens) if (!t.particle && t.text.length > 1) voters.push({ t, w: this.weight(t), floor: opts.floor });
    // Short neighbouring words may be one word split (pinyin syllables: "jin ping" / "jinping").
    joinedTokens(q).forEach((joined, i) => {
      // A joined pair votes only for a near-exact word, so "abdul haq" does not pull in every "abdullah".
      if (q.tokens[i].text.length + q.tokens[i + 1].text.length <= 10) voters.push({ t: joined, w: this.weight(joined), floor: 0.9 });
    });
    // Each voter gives a name its best word similarity once; votes add up across voters.
    const votes = this.votes;
    const best = this.bestVote;
    const touched: number[] = [];
    // Rare words find the candidates; very common words (tens of thousands of names on a large
    // list) only add their vote to names already found, which costs a look at those names
    // instead of a walk through the common word's whole posting list.
    const found = voters.map((v) => {
      const words = this.similarWords(v.t, v.floor);
      return { ...v, words, postings: words.reduce((sum, x) => sum + this.postings[x.id].length, 0) };
    });
    const rarest = Math.min(...found.map((f) => f.postings));
    found.sort((a, b) => a.postings - b.postings);
    for (const { words, postings, w } of found) {
      if (postings > COMMON_POSTINGS && rarest <= COMMON_POSTINGS) {
        const simOf = new Map(words.map((x) => [x.id, x.sim]));
        for (const nameId of touched) {
          let bestSim = 0;
          for (let k = this.nameWordStart[nameId]; k < this.nameWordStart[nameId + 1]; k++) bestSim = Math.max(bestSim, simOf.get(this.nameWords[k]) ?? 0);
          votes[nameId] += w * bestSim;
        }
        continue;
      }
      const mine: number[] = [];
      for (const { id, sim } of words) {
        const v = w * sim;
        for (const nameId of this.postings[id]) {
          if (best[nameId] === 0) mine.push(nameId);
          if (v > best[nameId]) best[nameId] = v;
        }
      }
      for (const nameId of mine) {
        if (votes[nameId] === 0) touched.push(nameId);
        votes[nameId] += best[nameId];
        best[nameId] = 0;
      }
    }
    const totalW = voters.reduce((s, v) => s + v.w, 0) || 1;
    const min = 0.2 * totalW;
    // Rank as the final score will: the share of the query found, and the share of the listed name.
    const est = (id: number) => votes[id] / totalW + Math.min(1, votes[id] / this.nameWeight[id]);
    const ranked = touched.filter((id) => votes[id] >= min).sort((a, b) => est(b) - est(a) || a - b).slice(0, opts.limit);
    for (const id of touched) votes[id] = 0;
    return ranked;
  }

  /** Entities holding an identifier equal to the query's (after removing punctuation and case). */
  byIdentifierValue(value: string): number[] {
    return this.byIdentifier.get(normIdentifier(value)) ?? [];
  }

  /** Other lists' records of the same target, with the identifiers that link them. */
  linked(entity: number): { entity: number; via: string[] }[] {
    const out = new Map<number, string[]>();
    for (const i of this.entities[entity].identifiers) {
      if (!identifierInfo(i.type).links) continue;
      const key = `${i.type}:${normIdentifier(i.value)}`;
      for (const other of this.byLink.get(key) ?? []) {
        if (other === entity) continue;
        const via = out.get(other) ?? [];
        if (!via.includes(`${i.type} ${i.value}`)) via.push(`${i.type} ${i.value}`);
        out.set(other, via);
      }
    }
    return [...out].map(([e, via]) => ({ entity: e, via }));
  }

  namesOf(entity: number): IndexedName[] {
    return this.namesByEntity[entity].map((id) => this.names[id]);
  }
}

export function schemaOf(text: string | undefined): Schema | undefined {
  if (!text) return undefined;
  const t = text.toLowerCase();
  if (['person', 'individual', 'people'].includes(t)) return 'Person';
  if (['organization', 'organisation', 'entity', 'company', 'org'].includes(t)) return 'Organization';
  if (['vessel', 'ship'].includes(t)) return 'Vessel';
  if (['aircraft', 'airplane', 'plane'].includes(t)) return 'Aircraft';
  return undefined;
}
