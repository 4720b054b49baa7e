import { identifierInfo, normIdentifier, type Entity } from '../domain/entity.js';
import { INDEX_TUNING as T } from './config.js';
import { lengthWeight, type WeightFn } from './name-match.js';
import { nominativeStem, tokenSim } from './word-sim.js';
import frequency from './data/name-frequency.json' with { type: 'json' };
import { compoundVoters, spanToken } from './compounds.js';
import { build, deletes, MODES, normaliseAll, wordKey, type IndexedName, type IndexState, type SavedEntities, type SavedNames } from './index-build.js';
import { FAMILIAR_GROUPS, joinedToken, makeToken, simplify, type NameToken, type NormalisedName } from './normalize.js';
import { Remembered } from './memo.js';
import { PostingLists, PostingMap } from './postings.js';
import { transcriptionSim } from './transcription.js';
import { foldNeighbours, latinFoldKeys } from './spellings.js';
import { TRANSLATED } from './translations.js';

export type { IndexedName, IndexState, SavedEntities, SavedNames } from './index-build.js';

/** A list of ids in the first `n` places of `ids`, kept for reuse (grown, never shrunk). */
interface IdList {
  ids: number[];
  n: number;
}

/**
 * The `limit` ids of highest score, best first (ties: lower id first). On a large list a common word
 * leaves tens of thousands of candidates; sorting them all cost more than the rest of the query.
 */
function topIds(ids: number[], score: Float64Array, limit: number): number[] {
  const before = (a: number, b: number) => score[a] > score[b] || (score[a] === score[b] && a < b);
  if (ids.length > limit * 4) {
    // The limit-th best score is a floor that most ids fall under: keep only those at or above it.
    const top: number[] = [];
    for (const id of ids) {
      if (top.length === limit && !before(id, top[limit - 1])) continue;
      let k = Math.min(top.length, limit - 1);
      if (top.length < limit) top.push(id);
      while (k > 0 && before(id, top[k - 1])) top[k] = top[--k];
      top[k] = id;
    }
    return top;
  }
  return ids.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0)).slice(0, limit);
}

/** Words whose similar listed words, and whether they are common, are remembered (about 100 bytes a word). */
const SIMILAR_LIMIT = 50_000;
/** Reading a name's words costs about this many posting entries (walkVotes walks postings when that is cheaper). */
const NAME_WORDS_PER_POSTING = 3;
/** The shortest part a word typed without a space is split into (splitVoters). */
const SPLIT_MIN = 3;
const PARTICLE_SPLIT = 2; // the shortest particle glued to a word: al, el
const GLUED_REST = 5; // the shortest word a common one is glued to (shorter rests are mostly pieces: "ali" + "iani")
/** Names common in the population (name-frequency.json), by spelling-variant form. */
const COMMON = new Set([...frequency.surnames, ...frequency.given].map((w) => simplify(w.replace(/-/g, ''))));

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
  /** Word key (wordKey) → word id. */
  private readonly wordId: PostingMap;
  /** Word ids found by key (-1: not listed): scoring weighs the same words again and again. */
  private readonly wordIds = new Remembered<number>(SIMILAR_LIMIT);
  private readonly entityById: (id: string) => number | undefined;
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
  private readonly similar = new Remembered<{ id: number; sim: number }[]>(SIMILAR_LIMIT);
  private readonly commonWords = new Remembered<boolean>(SIMILAR_LIMIT);
  /** Scratch space for candidate voting, one slot per name, kept zeroed between queries. */
  private readonly votes: Float64Array;
  private readonly bestVote: Float64Array;
  /** Scratch lists of name ids for candidates and walkVotes, reused by every query. */
  private readonly touched: IdList = { ids: [], n: 0 };
  private readonly mine: IdList = { ids: [], n: 0 };
  /** Scratch: a common word's similarity to each listed word, by word id, kept zeroed between queries. */
  private readonly wordSim: Float64Array;
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
      const byId = new Map(entities.map((e, i) => [e.id, i]));
      this.entityById = (id) => byId.get(id);
    } else {
      if (!names || !state) throw new Error('a saved index needs its names and state');
      this.parsed = new Array<Entity | undefined>(entities.count);
      this.names = names;
      this.state = state;
      this.entityById = (id) => entities.find(id);
    }
    const st = this.state;
    this.wordId = new PostingMap(st.byWord);
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
    this.wordSim = new Float64Array(st.words.length);
    this.buildMs = performance.now() - t0;
  }

  /** One listed entity by position; a saved index parses each on first use. */
  entity(i: number): Entity {
    let e = this.parsed[i];
    if (!e) {
      const src = this.source as SavedEntities;
      e = this.parsed[i] = JSON.parse(src.read(src.offsets[i], src.offsets[i + 1])) as Entity;
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
    return this.entityById(id);
  }

  private wordIdOf(t: NameToken): number | undefined {
    const key = wordKey(t);
    const id = this.wordIds.get(key) ?? this.wordIds.keep(key, this.wordId.first(key) ?? -1);
    return id < 0 ? undefined : id;
  }

  /** Word weight: length and particle status, scaled by how rare the word is on the lists. */
  readonly weight: WeightFn = (t) => {
    if (t.weighedIn === this.state) return t.weight;
    const id = this.wordIdOf(t);
    const rarity = id === undefined ? 1 : Math.min(1, T.rarityBase + this.state.idf[id] / T.rarityScale);
    t.weighedIn = this.state;
    return (t.weight = lengthWeight(t) * rarity);
  };

  /** A word common in the population (name-frequency.json) or on the lists themselves. */
  isCommon(t: NameToken): boolean {
    if (COMMON.has(t.simp)) return true;
    const id = this.wordIdOf(t);
    return id !== undefined && this.postings.size(id) >= Math.max(T.commonWordMinNames, T.commonWordShare * this.nameCount);
  }

  /** A listed word (as the comparison shows it) that is common; particles count as common. */
  isCommonWord(text: string): boolean {
    let common = this.commonWords.get(text);
    if (common === undefined) {
      const t = makeToken(text);
      common = this.commonWords.keep(text, t.particle || this.isCommon(t));
    }
    return common;
  }

  /** Listed words close enough to a query word to consider, with their similarity; remembered, as name words recur. */
  private similarWords(t: NameToken, floor: number, own = false): { id: number; sim: number }[] {
    const key = `${floor}|${own && t.mode ? 1 : 0}|${t.text}|${t.mode ?? ''}|${t.origin ?? ''}|${t.glyph ?? ''}`;
    return this.similar.get(key) ?? this.similar.keep(key, this.findSimilarWords(t, floor, own));
  }

  /** `own`: a word as the query writes it (not words joined), which may also be found by a key one consonant away. */
  private findSimilarWords(t: NameToken, floor: number, own: boolean): { id: number; sim: number }[] {
    const ids = new Set<number>();
    const exact = this.wordIdOf(t);
    if (exact !== undefined) ids.add(exact);
    // A Georgian word is also looked up without its nominative ending (word-sim.ts).
    const stem = t.origin === 'georgian' ? nominativeStem(t) : null;
    for (const w of stem ? [t, stem] : [t]) {
      if (w.skel.length >= 3) for (const id of this.bySkel.get(w.skel)) ids.add(id);
      for (const d of [w.simp, ...deletes(w.simp)]) for (const id of this.byDelete.get(d)) ids.add(id);
      for (const k of w.keys) for (const id of this.byKey.get(k)) ids.add(id);
    }
    // A familiar form asked finds the full names it stands for (Sasha: Aleksandr, Alexander).
    for (const g of t.familiarIn ?? []) for (const s of FAMILIAR_GROUPS[g].names) { const id = this.wordId.first(s); if (id !== undefined) ids.add(id); }
    // A word the lists translate finds its English (شبكة: network).
    for (const g of t.foreignIn ?? []) for (const e of TRANSLATED[g].english) { const id = this.wordId.first(simplify(e)); if (id !== undefined) ids.add(id); }
    const out = [];
    for (const id of ids) {
      const s = id === exact ? 1 : tokenSim(t, this.state.words.get(id), floor).sim;
      if (s >= floor) out.push({ id, sim: s });
    }
    // Words found only by their consonant key across scripts (hundreds for a short key) are compared by
    // the transcription measure alone: the one that can make them alike.
    const across = (id: number, s: number) => {
      if (!ids.has(id) && s >= floor) out.push({ id, sim: s });
      ids.add(id);
    };
    if (t.mode) {
      const compare = (key: string) => {
        for (const id of this.byFold.get(`${t.mode}:${key}`)) if (!ids.has(id)) across(id, transcriptionSim(t, this.state.words.get(id), t.mode!, t.origin, floor));
      };
      // A key of one consonant is looked at for short words ("apu", Abu) and for any syllabic word: a transcription's
      // letter classes make one key of several consonants (포포브 Popov is "p") once w is a glide (자와드 Jawad is "s").
      for (const f of t.fold ?? []) if (f.length >= 2 || (f.length === 1 && (t.text.length <= 4 || t.mode === 'syllabic'))) compare(f);
      // A long word's consonants may be written one differently from the listed spelling's (German ch is 히 or ヒ, read
      // h; Spanish j is h; a consonant the transcription leaves out): a word its own key finds nothing for looks at the
      // keys one consonant away, and the measure decides.
      if (own && !out.length) for (const f of t.fold ?? []) if (f.length >= T.foldNeighbourMinLetters) for (const k of foldNeighbours(f, t.mode)) compare(k);
    } else if (t.text.length >= 3) {
      for (const m of MODES) for (const k of latinFoldKeys(t.text, m)) for (const id of this.byForeignFold.get(`${m}:${k}`)) if (!ids.has(id)) { const w = this.state.words.get(id); across(id, transcriptionSim(w, t, w.mode!, w.origin, floor)); }
    }
    return out;
  }

  /**
   * Names most likely to match, best first: each query word votes for the names holding a
   * similar word, weighted by the word's rarity. Particles and initials do not vote.
   */
  candidates(q: NormalisedName, opts: { limit: number; floor: number }): number[] {
    const voters: { t: NameToken; w: number; floor: number; own?: boolean }[] = [];
    for (const t of q.tokens) if (!t.particle && t.text.length > 1) voters.push({ t, w: this.weight(t), floor: opts.floor, own: true });
    // Short neighbouring words may be one word split (pinyin syllables: "jin ping" / "jinping").
    for (let i = 0; i + 1 < q.tokens.length; i++) {
      // A joined pair votes only for a near-exact word, so "abdul haq" does not pull in every "abdullah".
      if (q.tokens[i].text.length + q.tokens[i + 1].text.length > T.joinedMaxLetters) continue;
      const joined = joinedToken(q, i);
      voters.push({ t: joined, w: this.weight(joined), floor: T.joinedFloor });
    }
    // A transcription or an abjad joins and splits compounds unlike their Latin spelling: runs of its words joined
    // ("slah al dyn" → Salahaldin), and the name after an article written into a word ("bdalhlym" → Halim), also vote.
    const extra = [...(q.tokens.some((t) => t.mode) ? compoundVoters(q) : []), ...this.splitVoters(q, opts.floor)];
    for (const t of extra) voters.push({ t, w: this.weight(t), floor: opts.floor });
    // Each voter gives a name its best word similarity once; votes add up across voters.
    const votes = this.votes;
    // Names voted for, in a list reused by every query (a query touches thousands of names).
    const touched = this.touched;
    touched.n = 0;
    // Rare words find the candidates; very common words (tens of thousands of names on a large
    // list) only add their vote to names already found, which costs a look at those names
    // instead of a walk through the common word's whole posting list.
    // A transcribed word of one consonant ("apu", "ari") is like hundreds of listed words: as a very common word does,
    // it adds its vote to the names other words found, after them (a name of such words only is found by all of them).
    const found = voters.map((v) => {
      const words = this.similarWords(v.t, v.floor, v.own);
      return { ...v, words, postings: words.reduce((sum, x) => sum + this.postings.size(x.id), 0), thin: v.t.mode !== undefined && !v.t.fold?.some((f) => f.length >= 2) };
    });
    const rarest = Math.min(...found.map((f) => f.postings));
    found.sort((a, b) => Number(a.thin) - Number(b.thin) || a.postings - b.postings);
    const thick = found.some((f) => !f.thin);
    for (const { words, postings, w, thin } of found) {
      if ((postings > T.commonPostings && rarest <= T.commonPostings) || (thin && thick && touched.n > 0)) {
        // The same votes either way: over the word's posting lists when they are shorter than the words of the names
        // found (a large list, where a query's rarer words already found tens of thousands of names), else over those.
        if (postings < NAME_WORDS_PER_POSTING * touched.n) {
          this.walkVotes(words, w);
          continue;
        }
        const simOf = this.wordSim;
        for (const { id, sim } of words) simOf[id] = sim;
        const { nameWordStart, nameWords } = this.state;
        for (let t = 0; t < touched.n; t++) {
          const nameId = touched.ids[t];
          let bestSim = 0;
          for (let k = nameWordStart[nameId]; k < nameWordStart[nameId + 1]; k++) if (simOf[nameWords[k]] > bestSim) bestSim = simOf[nameWords[k]];
          votes[nameId] += w * bestSim;
        }
        for (const { id } of words) simOf[id] = 0;
        continue;
      }
      this.walkVotes(words, w, touched);
    }
    // The compound readings add votes without raising the share a candidate needs.
    const totalW = voters.slice(0, voters.length - extra.length).reduce((s, v) => s + v.w, 0) || 1;
    const min = T.minVoteShare * totalW;
    // Rank as the final score will: the share of the query found, and the share of the listed name.
    const est = this.bestVote;
    const kept: number[] = [];
    for (let t = 0; t < touched.n; t++) {
      const id = touched.ids[t];
      if (votes[id] < min) continue;
      est[id] = votes[id] / totalW + Math.min(1, votes[id] / this.state.nameWeight[id]);
      kept.push(id);
    }
    const ranked = topIds(kept, est, opts.limit);
    // The same name on several lists ties with itself: copies of a name kept at the limit are kept too, up to a
    // bound, so the id does not decide which list's record is compared. A copy may put the surname first
    // ("ABDULLAH, Amir", "AMIR ABDULLAH"): its words are compared in any order.
    if (ranked.length === opts.limit) {
      const cut = est[ranked[ranked.length - 1]];
      const words = (id: number) => [...this.state.nameWords.subarray(this.state.nameWordStart[id], this.state.nameWordStart[id + 1])].sort((a, b) => a - b).join(' ');
      const atCut = new Set(ranked.filter((id) => est[id] === cut).map(words));
      const taken = new Set(ranked);
      for (const id of kept) if (est[id] === cut && !taken.has(id) && ranked.length < opts.limit + T.tiesBeyondLimit && atCut.has(words(id))) ranked.push(id);
    }
    for (let t = 0; t < touched.n; t++) votes[touched.ids[t]] = est[touched.ids[t]] = 0;
    return ranked;
  }

  /**
   * Adds a voter's best similarity to each name holding one of its words, straight over the posting arrays (a view per
   * word costs more than the walk for short lists). With `touched`, names voted for the first time join it; without,
   * only names already found (votes above 0) get the vote.
   */
  private walkVotes(words: { id: number; sim: number }[], w: number, touched?: IdList): void {
    const { votes, bestVote: best, mine } = this;
    const { offsets, values } = this.postings.frozen;
    mine.n = 0;
    for (const { id, sim } of words) {
      const v = w * sim;
      for (let k = offsets[id]; k < offsets[id + 1]; k++) {
        const nameId = values[k];
        if (!touched && votes[nameId] === 0) continue;
        if (best[nameId] === 0) mine.ids[mine.n++] = nameId;
        if (v > best[nameId]) best[nameId] = v;
      }
    }
    for (let m = 0; m < mine.n; m++) {
      const nameId = mine.ids[m];
      if (votes[nameId] === 0) touched!.ids[touched!.n++] = nameId;
      votes[nameId] += best[nameId];
      best[nameId] = 0;
    }
  }

  /** A long word that is two listed words typed without a space ("arkadyrotenberg"): its parts vote as the query's words.
   * A word like a listed one is split only after a particle or a common word glued to five letters or more ("alsayyed",
   * "abdulsattar"), and only the rest votes. Listed is asked first: asking common makes a token of each new part. */
  private splitVoters(q: NormalisedName, floor: number): NameToken[] {
    const out: NameToken[] = [];
    const listed = (text: string) => this.wordId.first(simplify(text)) !== undefined;
    for (const t of q.tokens) {
      if (t.mode || t.particle || t.text.length < PARTICLE_SPLIT + SPLIT_MIN) continue;
      const alike = this.similarWords(t, floor).length > 0;
      for (let at = PARTICLE_SPLIT; at <= t.text.length - SPLIT_MIN; at++) {
        const [a, b] = [t.text.slice(0, at), t.text.slice(at)];
        if (!listed(a) || !listed(b)) continue;
        const glued = (at < SPLIT_MIN || alike) && this.isCommonWord(a) && (b.length >= GLUED_REST || spanToken(a, t).particle);
        if ((at < SPLIT_MIN || alike) && !glued) continue;
        out.push(...(glued ? [] : [spanToken(a, t)]), spanToken(b, t));
      }
    }
    return out;
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
