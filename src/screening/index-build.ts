import { identifierInfo, normIdentifier, type Entity } from '../domain/entity.js';
import { INDEX_TUNING as T } from './config.js';
import { lengthWeight } from './name-match.js';
import { normaliseName, type NameToken, type NormalisedName } from './normalize.js';
import { PostingLists, PostingMap, push, type FrozenPostings } from './postings.js';
import { foldKey, type FoldMode } from './spellings.js';

/**
 * Building the screening index (index.ts): every listed name normalised, and the posting lists and word
 * statistics over them, in a form that saves and loads as bytes (snapshot.ts).
 */

export interface IndexedName {
  entity: number;
  /** Position in entity.names. */
  name: number;
  norm: NormalisedName;
}

/** A word's identity in the index: its spelling-variant form, and where it matters its transcription mode and character. */
export const wordKey = (t: NameToken) => (t.mode || t.glyph ? `${t.simp}|${t.mode ?? ''}|${t.glyph ?? ''}` : t.simp);
export const MODES: FoldMode[] = ['syllabic', 'abjad'];

/** Deletion neighbours of a word (SymSpell): two words within one edit share a key. */
export function deletes(s: string): string[] {
  if (s.length < 4) return [];
  const out = new Set<string>();
  for (let i = 0; i < s.length; i++) out.add(s.slice(0, i) + s.slice(i + 1));
  return [...out];
}

/** Builds the index's posting lists and word statistics over normalised names. */
export function build(entities: Entity[], names: IndexedName[]): IndexState {
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
export function normaliseAll(entities: Entity[]): IndexedName[] {
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
