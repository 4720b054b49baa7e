import { identifierInfo, normIdentifier, type Entity } from '../domain/entity.js';
import { INDEX_TUNING as T } from './config.js';
import { lengthWeight } from './name-match.js';
import { heldNames, heldReadings, writtenSeveralWays } from './held-names.js';
import { normaliseName, type NameToken, type NormalisedName } from './normalize.js';
import { packStrings, PostingMap, push, type FrozenPostings } from './postings.js';
import { latinFoldKeys, type FoldMode } from './spellings.js';
import { TokenList } from './token-list.js';

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

/** Identifiers (normalised) and linking identifiers (type and value) → the entities that carry them. */
export interface IdentifierMaps {
  byIdentifier: Map<string, number[]>;
  byLink: Map<string, number[]>;
}

export const identifierMaps = (): IdentifierMaps => ({ byIdentifier: new Map(), byLink: new Map() });

export function addIdentifiers(m: IdentifierMaps, e: Entity, ei: number): void {
  for (const i of e.identifiers) {
    push(m.byIdentifier, normIdentifier(i.value), ei);
    if (identifierInfo(i.type).links) push(m.byLink, `${i.type}:${normIdentifier(i.value)}`, ei);
  }
}

/** The indexed names, however they are held (objects, or packed while a build streams). */
export interface NameSource {
  length: number;
  entityOf(i: number): number;
  tokens(i: number): NameToken[];
}

/** Builds the index's posting lists and word statistics over normalised names. */
export function build(entities: Entity[], names: IndexedName[]): IndexState {
  const ids = identifierMaps();
  entities.forEach((e, ei) => addIdentifiers(ids, e, ei));
  return buildState(entities.length, { length: names.length, entityOf: (i) => names[i].entity, tokens: (i) => names[i].norm.tokens }, ids);
}

/** The index's state over `names` of `entityCount` entities, with their identifiers. */
export function buildState(entityCount: number, names: NameSource, ids: IdentifierMaps): IndexState {
  const b = new Builder();
  const nameWordStart = new Int32Array(names.length + 1);
  for (let i = 0; i < names.length; i++) nameWordStart[i + 1] = nameWordStart[i] + names.tokens(i).length;
  const nameWords = new Int32Array(nameWordStart[names.length]);
  for (let i = 0; i < names.length; i++) names.tokens(i).forEach((t, k) => (nameWords[nameWordStart[i] + k] = b.word(t)));
  const postings = wordPostings(b.words.length, nameWords, nameWordStart);
  const n = names.length || 1;
  const idf = new Float32Array(b.words.length);
  for (let w = 0; w < b.words.length; w++) idf[w] = Math.log(n / (postings.offsets[w + 1] - postings.offsets[w]));
  const nameWeight = new Float64Array(names.length);
  for (let i = 0; i < names.length; i++) {
    let sum = 0;
    names.tokens(i).forEach((t, k) => (sum += lengthWeight(t) * Math.min(1, T.rarityBase + idf[nameWords[nameWordStart[i] + k]] / T.rarityScale)));
    nameWeight[i] = sum || 1;
  }
  const frozen = (m: Map<string, number[]>) => PostingMap.from(m).frozen;
  return {
    words: TokenList.of(b.words),
    byWord: frozen(new Map(Array.from(b.wordId, ([key, id]) => [key, [id]]))),
    postings,
    bySkel: frozen(b.maps.bySkel),
    byDelete: frozen(b.maps.byDelete),
    byKey: frozen(b.maps.byKey),
    byFold: frozen(b.maps.byFold),
    byForeignFold: frozen(b.maps.byForeignFold),
    byIdentifier: frozen(ids.byIdentifier),
    byLink: frozen(ids.byLink),
    namesByEntity: namesByEntity(entityCount, names),
    idf,
    nameWeight,
    nameWords,
    nameWordStart,
  };
}

/** Word → the names that hold it (each name once), counted first and then filled: no growing array per word. */
function wordPostings(wordCount: number, nameWords: Int32Array, nameWordStart: Int32Array): FrozenPostings {
  const offsets = new Int32Array(wordCount + 1);
  const last = new Int32Array(wordCount).fill(-1);
  const each = (visit: (w: number, name: number) => void) => {
    for (let i = 0; i + 1 < nameWordStart.length; i++) {
      for (let k = nameWordStart[i]; k < nameWordStart[i + 1]; k++) {
        const w = nameWords[k];
        if (last[w] !== i) visit(w, (last[w] = i));
      }
    }
  };
  each((w) => offsets[w + 1]++);
  for (let w = 0; w < wordCount; w++) offsets[w + 1] += offsets[w];
  const values = new Int32Array(offsets[wordCount]);
  const next = offsets.slice(0, wordCount);
  last.fill(-1);
  each((w, name) => (values[next[w]++] = name));
  return { keys: packStrings([]), offsets, values };
}

/** Entity → its names, as posting lists built by counting (no array per entity: a large list has millions). */
function namesByEntity(entityCount: number, names: NameSource): FrozenPostings {
  const offsets = new Int32Array(entityCount + 1);
  for (let i = 0; i < names.length; i++) offsets[names.entityOf(i) + 1]++;
  for (let e = 0; e < entityCount; e++) offsets[e + 1] += offsets[e];
  const next = offsets.slice(0, entityCount);
  const values = new Int32Array(names.length);
  for (let i = 0; i < names.length; i++) values[next[names.entityOf(i)]++] = i;
  return { keys: packStrings([]), offsets, values };
}

/** An entity's distinct names, normalised, each with its position in entity.names; `intern` may share their words. */
export function entityNames(e: Entity, intern: (t: NameToken) => NameToken = (t) => t): { name: number; norm: NormalisedName }[] {
  const out: { name: number; norm: NormalisedName }[] = [];
  const seen = new Set<string>();
  e.names.forEach((n, ni) => {
    // A part in brackets is often not a word of the name asked for: an acronym, another spelling of the word before
    // it, a translation, a note ("HAQQANI NETWORK (HQN)", "SANTOS, Ahmad (Ahmed)"). The name is also indexed without it.
    const readings = (n.full.includes('(') ? [n.full, n.full.replace(/\s*\([^()]*\)/g, ' ')] : [n.full]).map((full) => normaliseName(full, e.schema));
    // A field holding one name written several ways (the UN's original-script fields) is also each of those names.
    const held = heldReadings(heldNames(n.full), e.schema);
    if (writtenSeveralWays(held)) readings.push(...held);
    for (const norm of readings) {
      const key = norm.tokens.map((t) => t.text).join(' ');
      if (!norm.tokens.length || seen.has(key)) continue;
      seen.add(key);
      norm.tokens = norm.tokens.map(intern);
      out.push({ name: ni, norm });
    }
  });
  return out;
}

/** Every distinct name of every entity, normalised. */
export function normaliseAll(entities: Entity[]): IndexedName[] {
  const out: IndexedName[] = [];
  // One object per distinct word, shared by every name that has it (as a saved index shares them): a list's
  // names repeat their words, and a token with its keys is most of what a name costs in memory.
  const shared = new Map<string, NameToken>();
  const intern = (t: NameToken) => {
    // A word spelt with a letter a romanisation marks has keys of its own (Fëdor: normalize.ts markedReadings).
    const k = `${t.text}|${t.mode ?? ''}|${t.origin ?? ''}|${t.glyph ?? ''}|${t.compound ? 1 : 0}|${t.keys.length}`;
    const known = shared.get(k);
    if (known) return known;
    shared.set(k, t);
    return t;
  };
  entities.forEach((e, ei) => {
    for (const n of entityNames(e, intern)) out.push({ entity: ei, ...n });
  });
  return out;
}

/** Entities saved as JSON (snapshot.ts), in memory or in the saved file, parsed one by one when a hit needs them. */
export interface SavedEntities {
  count: number;
  /** The position of the entity with this id. */
  find(id: string): number | undefined;
  offsets: Float64Array;
  /** The JSON between two offsets. */
  read(from: number, to: number): string;
}

/** Names saved already normalised (snapshot.ts), unpacked one by one when a query reaches them. */
export interface SavedNames {
  length: number;
  get(i: number): IndexedName;
}

/** Everything the index is built into, in a form that saves and loads as bytes (snapshot.ts). */
export interface IndexState {
  /** Word id → the token that stands for it. */
  words: TokenList;
  /** Word key (wordKey) → word id. */
  byWord: FrozenPostings;
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

/** A word's keys across scripts: a listed foreign word's own (byForeignFold), a Latin word's under each mode (byFold). */
function foldKeys(t: NameToken): string[] {
  if (t.mode) return (t.fold ?? []).filter((f) => f.length >= 2).map((f) => `${t.mode}:${f}`);
  return t.text.length >= 3 ? MODES.flatMap((mode) => latinFoldKeys(t.text, mode).map((k) => `${mode}:${k}`)) : [];
}

/** Files under `postings` the keys of a later spelling of word `id` that none before it had (`filed`: those, by word). */
function fileNew(filed: Map<number, Set<string>>, id: number, firstKeys: () => string[], keys: string[], postings: Map<string, number[]>): void {
  const seen = filed.get(id) ?? new Set(firstKeys());
  for (const k of keys) if (!seen.has(k)) (seen.add(k), push(postings, k, id));
  filed.set(id, seen);
}

/** Maps filled while building, frozen into posting lists at the end. */
class Builder {
  readonly words: NameToken[] = [];
  readonly wordId = new Map<string, number>();
  readonly maps = { bySkel: new Map<string, number[]>(), byDelete: new Map<string, number[]>(), byKey: new Map<string, number[]>(), byFold: new Map<string, number[]>(), byForeignFold: new Map<string, number[]>() };

  /** The spelling keys and the cross-script keys filed for a word that more than one spelling came to (see word). */
  private readonly keyed = new Map<number, Set<string>>();
  private readonly filed = new Map<number, Set<string>>();

  word(t: NameToken): number {
    const key = wordKey(t);
    const m = this.maps;
    const folds = t.mode ? m.byForeignFold : m.byFold;
    let id = this.wordId.get(key);
    if (id !== undefined) {
      // Spellings that share a spelling-variant form (Rawhi, Rawi; Sumayyah, Sumaya) are one word, found across scripts
      // by every spelling's consonant key: the first spelling's alone missed the others' letters.
      // A spelling with a letter a romanisation marks (Fëdor, normalize.ts) brings spelling keys of its own too.
      const first = this.words[id];
      if (t.keys !== first.keys) fileNew(this.keyed, id, () => first.keys, t.keys, m.byKey);
      if (t.text === first.text) return id;
      fileNew(this.filed, id, () => foldKeys(first), foldKeys(t), folds);
      return id;
    }
    id = this.words.length;
    this.words.push(t);
    this.wordId.set(key, id);
    push(m.bySkel, t.skel, id);
    for (const d of deletes(t.simp)) push(m.byDelete, d, id);
    push(m.byDelete, t.simp, id);
    for (const k of t.keys) push(m.byKey, k, id);
    for (const k of foldKeys(t)) push(folds, k, id);
    return id;
  }
}
