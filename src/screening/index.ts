import { identifierInfo, normIdentifier, type Entity } from '../domain/entity.js';
import { INDEX_TUNING as T } from './config.js';
import { lengthWeight, tokenSim, type WeightFn } from './name-match.js';
import frequency from './data/name-frequency.json' with { type: 'json' };
import { compoundVoters } from './compounds.js';
import { joinedTokens, makeToken, normaliseName, simplify, type NameToken, type NormalisedName } from './normalize.js';
import { PostingLists, PostingMap, push, type FrozenPostings } from './postings.js';
import { transcriptionSim } from './transcription.js';
import { foldKey, type FoldMode } from './spellings.js';

export interface IndexedName {
  entity: number;
  /** Position in entity.names. */
  name: number;
  norm: NormalisedName;
}

/** A word's identity in the index: its spelling-variant form, and where it matters its transcription mode and character. */
const wordKey = (t: NameToken) => (t.mode || t.glyph ? `${t.simp}|${t.mode ?? ''}|${t.glyph ?? ''}` : t.simp);
const MODES: FoldMode[] = ['syllabic', 'abjad'];
/** Words whose similar listed words, and whether they are common, are remembered (about 100 bytes a word). */
const SIMILAR_LIMIT = 50_000;
/** Names common in the population (name-frequency.json), by spelling-variant form. */
const COMMON = new Set([...frequency.surnames, ...frequency.given].map((w) => simplify(w.replace(/-/g, ''))));

/** Deletion neighbours of a word (SymSpell): two words within one edit share a key. */
function deletes(s: string): string[] {
  if (s.length < 4) return [];
  const out = new Set<string>();
  for (let i = 0; i < s.length; i++) out.add(s.slice(0, i) + s.slice(i + 1));
  return [...out];
}

/** Builds the index's posting lists and word statistics over normalised names. */
function build(entities: Entity[], names: IndexedName[]): IndexState {
  const b = new Builder();
  const namesByEntity: number[][] = entities.map(() => []);
  names.forEach((nm, nameId) => {
    namesByEntity[nm.entity].push(nameId);
    for (const t of nm.norm.tokens) {
      const list = b.postings[b.word(t)];
      if (list[list.length - 1] !== nameId) list.push(nameId);
    }
  });
  const byIdentifier = new Map<string, number[]>();
  const byLink = new Map<string, number[]>();
  entities.forEach((e, ei) => {
    for (const i of e.identifiers) {
      push(byIdentifier, normIdentifier(i.value), ei);
      if (identifierInfo(i.type).links) push(byLink, `${i.type}:${normIdentifier(i.value)}`, ei);
    }
  });
  const n = names.length || 1;
  const idf = new Float32Array(b.words.length);
  b.postings.forEach((p, w) => (idf[w] = Math.log(n / p.length)));
  const nameWordStart = new Int32Array(names.length + 1);
  names.forEach((nm, i) => (nameWordStart[i + 1] = nameWordStart[i] + nm.norm.tokens.length));
  const nameWords = new Int32Array(nameWordStart[names.length]);
  names.forEach((nm, i) => nm.norm.tokens.forEach((t, k) => (nameWords[nameWordStart[i] + k] = b.wordId.get(wordKey(t))!)));
  const weight = (t: NameToken) => {
    const id = b.wordId.get(wordKey(t));
    return lengthWeight(t) * (id === undefined ? 1 : Math.min(1, T.rarityBase + idf[id] / T.rarityScale));
  };
  const nameWeight = new Float64Array(names.length);
  names.forEach((nm, i) => (nameWeight[i] = nm.norm.tokens.reduce((sum, t) => sum + weight(t), 0) || 1));
  const frozen = (m: Map<string, number[]>) => PostingMap.from(m).frozen;
  return {
    words: b.words,
    postings: PostingLists.from(b.postings).frozen,
    bySkel: frozen(b.maps.bySkel),
    byDelete: frozen(b.maps.byDelete),
    byKey: frozen(b.maps.byKey),
    byFold: frozen(b.maps.byFold),
    byForeignFold: frozen(b.maps.byForeignFold),
    byIdentifier: frozen(byIdentifier),
    byLink: frozen(byLink),
    namesByEntity: PostingLists.from(namesByEntity).frozen,
    idf,
    nameWeight,
    nameWords,
    nameWordStart,
  };
}

/** Every distinct name of every entity, normalised. */
function normaliseAll(entities: Entity[]): IndexedName[] {
  const out: IndexedName[] = [];
  // One object per distinct word, shared by every name that has it (as a saved index shares them): a list's
  // names repeat their words, and a token with its keys is most of what a name costs in memory.
  const shared = new Map<string, NameToken>();
  entities.forEach((e, ei) => {
    const seen = new Set<string>();
    e.names.forEach((n, ni) => {
      const norm = normaliseName(n.full, e.schema);
      const key = norm.tokens.map((t) => t.text).join(' ');
      if (!norm.tokens.length || seen.has(key)) return;
      seen.add(key);
      norm.tokens = norm.tokens.map((t) => {
        const k = `${t.text}|${t.mode ?? ''}|${t.origin ?? ''}|${t.glyph ?? ''}|${t.compound ? 1 : 0}`;
        const known = shared.get(k);
        if (known) return known;
        shared.set(k, t);
        return t;
      });
      out.push({ entity: ei, name: ni, norm });
    });
  });
  return out;
}

/** Entities saved as JSON in one buffer (snapshot.ts), parsed one by one when a hit needs them. */
export interface SavedEntities {
  ids: string[];
  json: Buffer;
  offsets: Int32Array;
}

/** Names saved already normalised (snapshot.ts), unpacked one by one when a query reaches them. */
export interface SavedNames {
  length: number;
  get(i: number): IndexedName;
}

/** Everything the index is built into, in a form that saves and loads as bytes (snapshot.ts). */
export interface IndexState {
  /** Word id → the token that stands for it. */
  words: NameToken[];
  postings: FrozenPostings;
  bySkel: FrozenPostings;
  byDelete: FrozenPostings;
  byKey: FrozenPostings;
  byFold: FrozenPostings;
  byForeignFold: FrozenPostings;
  byIdentifier: FrozenPostings;
  byLink: FrozenPostings;
  namesByEntity: FrozenPostings;
  idf: Float32Array;
  nameWeight: Float64Array;
  nameWords: Int32Array;
  nameWordStart: Int32Array;
}

/** Maps filled while building, frozen into posting lists at the end. */
class Builder {
  readonly words: NameToken[] = [];
  readonly wordId = new Map<string, number>();
  readonly postings: number[][] = [];
  readonly maps = { bySkel: new Map<string, number[]>(), byDelete: new Map<string, number[]>(), byKey: new Map<string, number[]>(), byFold: new Map<string, number[]>(), byForeignFold: new Map<string, number[]>() };

  word(t: NameToken): number {
    const key = wordKey(t);
    let id = this.wordId.get(key);
    if (id !== undefined) return id;
    id = this.words.length;
    this.words.push(t);
    this.wordId.set(key, id);
    this.postings.push([]);
    const m = this.maps;
    push(m.bySkel, t.skel, id);
    for (const d of deletes(t.simp)) push(m.byDelete, d, id);
    push(m.byDelete, t.simp, id);
    for (const k of t.keys) push(m.byKey, k, id);
    if (t.mode) {
      for (const f of t.fold ?? []) if (f.length >= 2) push(m.byForeignFold, `${t.mode}:${f}`, id);
    } else if (t.text.length >= 3) {
      for (const mode of MODES) push(m.byFold, `${mode}:${foldKey(t.text, mode)}`, id);
    }
    return id;
  }
}

/**
 * In-memory search index over every name of every listed entity. Candidate search is by
 * blocking on words (exact, spelling-variant form, national spellings, consonant skeleton and
 * transcription keys, one-edit deletions, and joined neighbours), never a scan of all entities.
 */
export class ScreeningIndex {
  private readonly source: Entity[] | SavedEntities;
  private readonly parsed: (Entity | undefined)[];
  private readonly names: IndexedName[] | SavedNames;
  readonly state: IndexState;
  private readonly wordId = new Map<string, number>();
  private readonly entityById = new Map<string, number>();
  private readonly postings: PostingLists;
  private readonly bySkel: PostingMap;
  private readonly byDelete: PostingMap;
  private readonly byKey: PostingMap;
  private readonly byFold: PostingMap;
  private readonly byForeignFold: PostingMap;
  private readonly byIdentifier: PostingMap;
  /** Linking identifiers (UN reference, UK id…) → the entities that carry them, on any list. */
  private readonly byLink: PostingMap;
  private readonly namesByEntity: PostingLists;
  private readonly similar = new Map<string, { id: number; sim: number }[]>();
  private readonly commonWords = new Map<string, boolean>();
  /** Scratch space for candidate voting, one slot per name, kept zeroed between queries. */
  private readonly votes: Float64Array;
  private readonly bestVote: Float64Array;
  readonly buildMs: number;

  /** `names` and `state`: an index saved earlier (snapshot.ts); without them the entities' names are normalised and indexed. */
  constructor(entities: Entity[] | SavedEntities, names?: IndexedName[] | SavedNames, state?: IndexState) {
    const t0 = performance.now();
    this.source = entities;
    if (Array.isArray(entities)) {
      this.parsed = entities;
      const all = Array.isArray(names) ? names : normaliseAll(entities);
      this.names = all;
      this.state = state ?? build(entities, all);
      entities.forEach((e, i) => this.entityById.set(e.id, i));
    } else {
      if (!names || !state) throw new Error('a saved index needs its names and state');
      this.parsed = new Array<Entity | undefined>(entities.ids.length);
      this.names = names;
      this.state = state;
      entities.ids.forEach((id, i) => this.entityById.set(id, i));
    }
    const st = this.state;
    st.words.forEach((t, i) => this.wordId.set(wordKey(t), i));
    this.postings = new PostingLists(st.postings);
    this.bySkel = new PostingMap(st.bySkel);
    this.byDelete = new PostingMap(st.byDelete);
    this.byKey = new PostingMap(st.byKey);
    this.byFold = new PostingMap(st.byFold);
    this.byForeignFold = new PostingMap(st.byForeignFold);
    this.byIdentifier = new PostingMap(st.byIdentifier);
    this.byLink = new PostingMap(st.byLink);
    this.namesByEntity = new PostingLists(st.namesByEntity);
    this.votes = new Float64Array(this.nameCount);
    this.bestVote = new Float64Array(this.nameCount);
    this.buildMs = performance.now() - t0;
  }

  /** One listed entity by position; a saved index parses each on first use. */
  entity(i: number): Entity {
    let e = this.parsed[i];
    if (!e) {
      const src = this.source as SavedEntities;
      e = this.parsed[i] = JSON.parse(src.json.toString('utf8', src.offsets[i], src.offsets[i + 1])) as Entity;
    }
    return e;
  }

  /** One indexed name by position. */
  name(i: number): IndexedName {
    return Array.isArray(this.names) ? this.names[i] : this.names.get(i);
  }

  get nameCount(): number {
    return this.names.length;
  }

  get entityCount(): number {
    return this.parsed.length;
  }

  /** Every entity (parsing a saved index's all at once). */
  get entities(): Entity[] {
    return Array.isArray(this.source) ? this.source : Array.from({ length: this.parsed.length }, (_, i) => this.entity(i));
  }

  get size() {
    return { entities: this.entityCount, names: this.nameCount, words: this.state.words.length };
  }

  entityIndex(id: string): number | undefined {
    return this.entityById.get(id);
  }

  /** Word weight: length and particle status, scaled by how rare the word is on the lists. */
  readonly weight: WeightFn = (t) => {
    const id = this.wordId.get(wordKey(t));
    const rarity = id === undefined ? 1 : Math.min(1, T.rarityBase + this.state.idf[id] / T.rarityScale);
    return lengthWeight(t) * rarity;
  };

  /** A word common in the population (name-frequency.json) or on the lists themselves. */
  isCommon(t: NameToken): boolean {
    if (COMMON.has(t.simp)) return true;
    const id = this.wordId.get(wordKey(t));
    return id !== undefined && this.postings.size(id) >= Math.max(T.commonWordMinNames, T.commonWordShare * this.nameCount);
  }

  /** A listed word (as the comparison shows it) that is common; particles count as common. */
  isCommonWord(text: string): boolean {
    let common = this.commonWords.get(text);
    if (common === undefined) {
      const t = makeToken(text);
      common = t.particle || this.isCommon(t);
      if (this.commonWords.size >= SIMILAR_LIMIT) this.commonWords.clear();
      this.commonWords.set(text, common);
    }
    return common;
  }

  /** Listed words close enough to a query word to consider, with their similarity; remembered, as name words recur. */
  private similarWords(t: NameToken, floor: number): { id: number; sim: number }[] {
    const key = `${floor}|${t.text}|${t.mode ?? ''}|${t.origin ?? ''}|${t.glyph ?? ''}`;
    let found = this.similar.get(key);
    if (!found) {
      if (this.similar.size >= SIMILAR_LIMIT) this.similar.clear();
      this.similar.set(key, (found = this.findSimilarWords(t, floor)));
    }
    return found;
  }

  private findSimilarWords(t: NameToken, floor: number): { id: number; sim: number }[] {
    const ids = new Set<number>();
    const exact = this.wordId.get(wordKey(t));
    if (exact !== undefined) ids.add(exact);
    if (t.skel.length >= 3) for (const id of this.bySkel.get(t.skel)) ids.add(id);
    for (const d of [t.simp, ...deletes(t.simp)]) for (const id of this.byDelete.get(d)) ids.add(id);
    for (const k of t.keys) for (const id of this.byKey.get(k)) ids.add(id);
    const out = [];
    for (const id of ids) {
      const s = id === exact ? 1 : tokenSim(t, this.state.words[id]).sim;
      if (s >= floor) out.push({ id, sim: s });
    }
    // Words found only by their consonant key across scripts (hundreds for a short key) are compared by
    // the transcription measure alone: the one that can make them alike.
    const across = (id: number, s: number) => {
      if (!ids.has(id) && s >= floor) out.push({ id, sim: s });
      ids.add(id);
    };
    if (t.mode) {
      for (const f of t.fold ?? []) if (f.length >= 2) for (const id of this.byFold.get(`${t.mode}:${f}`)) if (!ids.has(id)) across(id, transcriptionSim(t, this.state.words[id], t.mode, t.origin));
    } else if (t.text.length >= 3) {
      for (const m of MODES) for (const id of this.byForeignFold.get(`${m}:${foldKey(t.text, m)}`)) if (!ids.has(id)) { const w = this.state.words[id]; across(id, transcriptionSim(w, t, w.mode!, w.origin)); }
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
      if (q.tokens[i].text.length + q.tokens[i + 1].text.length <= T.joinedMaxLetters) voters.push({ t: joined, w: this.weight(joined), floor: T.joinedFloor });
    });
    // A transcription or an abjad joins and splits compounds unlike their Latin spelling: runs of its words joined
    // ("slah al dyn" → Salahaldin), and the name after an article written into a word ("bdalhlym" → Halim), also vote.
    const extra = q.tokens.some((t) => t.mode) ? compoundVoters(q) : [];
    for (const t of extra) voters.push({ t, w: this.weight(t), floor: opts.floor });
    // Each voter gives a name its best word similarity once; votes add up across voters.
    const votes = this.votes;
    const best = this.bestVote;
    const touched: number[] = [];
    // Rare words find the candidates; very common words (tens of thousands of names on a large
    // list) only add their vote to names already found, which costs a look at those names
    // instead of a walk through the common word's whole posting list.
    const found = voters.map((v) => {
      const words = this.similarWords(v.t, v.floor);
      return { ...v, words, postings: words.reduce((sum, x) => sum + this.postings.size(x.id), 0) };
    });
    const rarest = Math.min(...found.map((f) => f.postings));
    found.sort((a, b) => a.postings - b.postings);
    for (const { words, postings, w } of found) {
      if (postings > T.commonPostings && rarest <= T.commonPostings) {
        const simOf = new Map(words.map((x) => [x.id, x.sim]));
        for (const nameId of touched) {
          let bestSim = 0;
          for (let k = this.state.nameWordStart[nameId]; k < this.state.nameWordStart[nameId + 1]; k++) bestSim = Math.max(bestSim, simOf.get(this.state.nameWords[k]) ?? 0);
          votes[nameId] += w * bestSim;
        }
        continue;
      }
      const mine: number[] = [];
      // Straight over the posting arrays: a view per word costs more than the walk for short lists.
      const { offsets, values } = this.postings.frozen;
      for (const { id, sim } of words) {
        const v = w * sim;
        for (let k = offsets[id]; k < offsets[id + 1]; k++) {
          const nameId = values[k];
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
    // The compound readings add votes without raising the share a candidate needs.
    const totalW = voters.slice(0, voters.length - extra.length).reduce((s, v) => s + v.w, 0) || 1;
    const min = T.minVoteShare * totalW;
    // Rank as the final score will: the share of the query found, and the share of the listed name.
    const est = this.bestVote;
    const kept: number[] = [];
    for (const id of touched) {
      if (votes[id] < min) continue;
      est[id] = votes[id] / totalW + Math.min(1, votes[id] / this.state.nameWeight[id]);
      kept.push(id);
    }
    const ranked = kept.sort((a, b) => est[b] - est[a] || a - b).slice(0, opts.limit);
    for (const id of touched) votes[id] = est[id] = 0;
    return ranked;
  }

  /** Entities holding an identifier equal to the query's (after removing punctuation and case). */
  byIdentifierValue(value: string): Int32Array {
    return this.byIdentifier.get(normIdentifier(value));
  }

  /** Other lists' records of the same target, with the identifiers that link them. */
  linked(entity: number): { entity: number; via: string[] }[] {
    const out = new Map<number, string[]>();
    for (const i of this.entity(entity).identifiers) {
      if (!identifierInfo(i.type).links) continue;
      const key = `${i.type}:${normIdentifier(i.value)}`;
      for (const other of this.byLink.get(key)) {
        if (other === entity) continue;
        const via = out.get(other) ?? [];
        if (!via.includes(`${i.type} ${i.value}`)) via.push(`${i.type} ${i.value}`);
        out.set(other, via);
      }
    }
    return [...out].map(([e, via]) => ({ entity: e, via }));
  }

  namesOf(entity: number): IndexedName[] {
    return Array.from(this.namesByEntity.get(entity), (id) => this.name(id));
  }
}
