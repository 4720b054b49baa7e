import { createHash } from 'node:crypto';
import { closeSync, fstatSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { SCRIPTS, type Script } from '../domain/entity.js';
import { DEFAULT_SCREENING_CONFIG } from './config.js';
import rules from './data/name-rules.json' with { type: 'json' };
import spellings from './data/spellings.json' with { type: 'json' };
import translit from './data/translit.json' with { type: 'json' };
import { ScreeningIndex, type IndexedName, type IndexState, type SavedNames } from './index.js';
import { markFamiliar, newToken, type NameToken, type NormalisedName } from './normalize.js';
import { packStrings, stringAt, type FrozenPostings, type Strings } from './postings.js';
import type { FoldMode } from './spellings.js';
import { IdTable, JSON_AT, MAGIC, NamePacker, readAt, RecordWriter, SUB, TokenTable, type PackedNames } from './snapshot-parts.js';
import { TokenList } from './token-list.js';

/** Raised whenever the snapshot's layout changes; a snapshot of another format is rebuilt, never read. */
const FORMAT = 8;
/**
 * File layout: MAGIC, the entities' JSON length (uint64), the entities' JSON, then the header (V8 structured
 * clones, see header()). The JSON comes first so that a build streams it to the file as entities arrive, and a
 * loaded index reads one record from the file when a hit needs it: on a large list the records are most of the bytes.
 */
const MODES: (FoldMode | undefined)[] = [undefined, 'syllabic', 'abjad'];

/** Each column holds one string a token (`keys` and `fold` joined by SUB). */
interface PackedTokens {
  text: Strings;
  simp: Strings;
  skel: Strings;
  keys: Strings;
  fold: Strings;
  glyph: Strings;
  origin: Strings;
  /** bit 0 particle, 1 compound, 2 patronymic; bits 3–4 the fold mode. */
  flags: Uint8Array;
}

/** The index packed, but for the entities' JSON, which travels beside it. */
export interface Packed {
  /** Offsets into the entities' JSON (a Float64Array: a large list's JSON passes 2 GB). */
  entities: { ids: Strings; offsets: Float64Array };
  /** Each distinct word once; names and the index's words refer to them by position. */
  tokens: PackedTokens;
  names: PackedNames;
  state: Record<string, FrozenPostings | Float32Array | Float64Array | Int32Array>;
}

interface Snapshot extends Packed {
  format: number;
  algorithm: string;
  /** Whatever the caller keys the snapshot by (list versions); checked on load. */
  key: string;
  extra: unknown;
}

/** Changes whenever a screening data file does, so a saved index never outlives the rules it was built with. */
export function dataFingerprint(): string {
  return createHash('sha1').update(JSON.stringify([DEFAULT_SCREENING_CONFIG, rules, spellings, translit])).digest('hex').slice(0, 16);
}

export function packTokens(tokens: NameToken[]): PackedTokens {
  const flags = new Uint8Array(tokens.length);
  tokens.forEach((t, i) => (flags[i] = (t.particle ? 1 : 0) | (t.compound ? 2 : 0) | (t.patronymic ? 4 : 0) | (MODES.indexOf(t.mode) << 3)));
  const column = (f: (t: NameToken) => string) => packStrings(tokens.map(f));
  return {
    text: column((t) => t.text),
    simp: column((t) => t.simp),
    skel: column((t) => t.skel),
    keys: column((t) => t.keys.join(SUB)),
    fold: column((t) => (t.fold ?? []).join(SUB)),
    glyph: column((t) => t.glyph ?? ''),
    origin: column((t) => t.origin ?? ''),
    flags,
  };
}

/** Token i of a packed table, made when first asked for (TokenList). */
function unpackToken(p: PackedTokens, i: number): NameToken {
  const f = p.flags[i];
  const keys = stringAt(p.keys, i);
  const t = newToken(stringAt(p.text, i), stringAt(p.simp, i), stringAt(p.skel, i), (f & 1) > 0, keys ? keys.split(SUB) : []);
  if (f & 2) t.compound = true;
  if (f & 4) t.patronymic = true;
  const mode = MODES[f >> 3];
  if (mode) {
    const fold = stringAt(p.fold, i);
    t.mode = mode;
    t.fold = fold ? fold.split(SUB) : [];
  }
  const glyph = stringAt(p.glyph, i);
  if (glyph) t.glyph = glyph;
  const origin = stringAt(p.origin, i);
  if (origin) t.origin = origin;
  markFamiliar(t);
  return t;
}

/** The index's state with its words as token positions; posting maps are saved as they are. */
function packState(state: IndexState, table: TokenTable): Packed['state'] {
  const out: Packed['state'] = {};
  for (const [k, v] of Object.entries(state)) {
    const words = v as TokenList;
    out[k] = k === 'words' ? Int32Array.from({ length: words.length }, (_, i) => table.id(words.get(i))) : (v as Packed['state'][string]);
  }
  return out;
}

/** Everything but the JSON, packed; the names first, so token positions follow the names' order. */
export function pack(names: NamePacker, state: IndexState, records: RecordWriter): { packed: Packed; json: Buffer } {
  const packedNames = names.done();
  const packedState = packState(state, names.table);
  const { entities, json } = records.done();
  return { packed: { entities, tokens: packTokens(names.table.tokens), names: packedNames, state: packedState }, json };
}

/** The file's start: MAGIC and the JSON's length. */
export function prefix(jsonLength: number): Buffer {
  const b = Buffer.alloc(JSON_AT);
  MAGIC.copy(b);
  b.writeBigUInt64LE(BigInt(jsonLength), MAGIC.length);
  return b;
}

/** A typed array in an ArrayBuffer of its own: a clone of a view carries the whole buffer under it. */
const exact = (v: unknown) => (ArrayBuffer.isView(v) && v.byteLength !== v.buffer.byteLength ? (v as Int32Array).slice() : v);

/**
 * The header in parts, each a V8 structured clone after its length (uint32), made one at a time so that no buffer
 * ever holds the whole index: first the key with the entities and words (a stale file is refused after reading
 * it), then each array of the names and of the state.
 */
export function* header(packed: Packed, key: string, extra: unknown): Generator<Buffer> {
  function* piece(v: unknown) {
    const body = serialize(v);
    const length = Buffer.allocUnsafe(4);
    length.writeUInt32LE(body.length);
    yield length;
    yield body;
  }
  yield* piece({ format: FORMAT, algorithm: DEFAULT_SCREENING_CONFIG.algorithm, key, extra: exact(extra), entities: { ...packed.entities, offsets: exact(packed.entities.offsets) }, tokens: packed.tokens });
  for (const [k, v] of Object.entries(packed.names)) yield* piece(['names', k, exact(v)]);
  for (const [k, v] of Object.entries(packed.state)) yield* piece(['state', k, exact(v)]);
}

/** The header's parts read back from `at` to `end`; undefined when the snapshot is of another format, algorithm or key. */
function readHeader(read: (at: number, length: number) => Buffer, at: number, end: number, key: string): Snapshot | undefined {
  const next = () => {
    const length = read(at, 4).readUInt32LE(0);
    const v = deserialize(read(at + 4, length));
    at += 4 + length;
    return v;
  };
  const meta = next() as Omit<Snapshot, 'names' | 'state'>;
  if (meta?.format !== FORMAT || meta.algorithm !== DEFAULT_SCREENING_CONFIG.algorithm || meta.key !== key) return undefined;
  const parts = { names: {}, state: {} } as Record<'names' | 'state', Record<string, unknown>>;
  while (at < end) {
    const [part, k, v] = next() as ['names' | 'state', string, unknown];
    parts[part][k] = v;
  }
  return { ...meta, ...parts } as Snapshot;
}

/**
 * The index as bytes: entities as JSON parsed on demand and every name already normalised and indexed, so a
 * new process loads it instead of building it again. `extra` travels with it (the caller's per-entity data).
 */
export function saveSnapshot(index: ScreeningIndex, key: string, extra: unknown = null): Buffer {
  const names = new NamePacker(new TokenTable());
  for (let i = 0; i < index.nameCount; i++) names.add(index.name(i));
  const records = new RecordWriter();
  for (let i = 0; i < index.entityCount; i++) records.add(index.entity(i));
  const { packed, json } = pack(names, index.state, records);
  return Buffer.concat([prefix(json.length), json, ...header(packed, key, extra)]);
}

/** The index a snapshot holds, or undefined when it is of another format, algorithm or key, or unreadable. */
export function loadSnapshot(bytes: Buffer, key: string): { index: ScreeningIndex; extra: unknown } | undefined {
  try {
    const length = jsonLength(bytes.subarray(0, JSON_AT), bytes.length);
    if (length === undefined) return undefined;
    const inside = (at: number, n: number) => {
      if (at + n > bytes.length) throw new Error('the saved index ends early');
      return bytes.subarray(at, at + n);
    };
    const json = bytes.subarray(JSON_AT, JSON_AT + length);
    return unpack(readHeader(inside, JSON_AT + length, bytes.length, key), length, (from, to) => json.toString('utf8', from, to));
  } catch {
    return undefined;
  }
}

/** Closes a saved file once the index reading from it is gone. */
const closing = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
});

/**
 * The index in a saved file, reading an entity's record from the file when a hit needs it: only the names and
 * posting lists are in memory. The index keeps `fd` (closed when the index is collected); on undefined the
 * caller still owns it.
 */
export function openSnapshot(fd: number, key: string): { index: ScreeningIndex; extra: unknown } | undefined {
  try {
    const size = fstatSync(fd).size;
    const length = jsonLength(readAt(fd, 0, Math.min(JSON_AT, size)), size);
    if (length === undefined) return undefined;
    const loaded = unpack(readHeader((at, n) => readAt(fd, at, n), JSON_AT + length, size, key), length, (from, to) => readAt(fd, JSON_AT + from, to - from).toString('utf8'));
    if (loaded) closing.register(loaded.index, fd);
    return loaded;
  } catch {
    return undefined;
  }
}

function jsonLength(start: Buffer, size: number): number | undefined {
  if (start.length < JSON_AT || !start.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const length = Number(start.readBigUInt64LE(MAGIC.length));
  return JSON_AT + length <= size ? length : undefined;
}

function unpack(snap: Snapshot | undefined, length: number, read: (from: number, to: number) => string): { index: ScreeningIndex; extra: unknown } | undefined {
  if (!snap || length !== snap.entities.offsets[snap.entities.offsets.length - 1]) return undefined;
  const tokens = new TokenList(snap.tokens.flags.length, (i) => unpackToken(snap.tokens, i));
  const s = snap.names;
  const cache = new Array<IndexedName | undefined>(s.entity.length);
  const prepared: SavedNames = {
    length: s.entity.length,
    get(i) {
      let nm = cache[i];
      if (!nm) {
        const script: Script = SCRIPTS[s.script[i]];
        const [titles, legalForm] = [stringAt(s.titles, i), stringAt(s.legalForm, i)];
        const norm: NormalisedName = {
          original: stringAt(s.original, i),
          script,
          transliterated: script !== 'Latin',
          tokens: Array.from(s.ids.subarray(s.start[i], s.start[i + 1]), (id) => tokens.get(id)),
          titles: titles ? titles.split(SUB) : [],
          ...(legalForm ? { legalForm } : {}),
          ...(s.given[i] ? { given: s.given[i] } : {}),
        };
        nm = cache[i] = { entity: s.entity[i], name: s.name[i], norm };
      }
      return nm;
    },
  };
  const words = snap.state.words as Int32Array;
  const state = { ...snap.state, words: new TokenList(words.length, (i) => tokens.get(words[i])) } as unknown as IndexState;
  const count = snap.entities.offsets.length - 1;
  const ids = new IdTable(snap.entities.ids);
  return { index: new ScreeningIndex({ count, find: (id) => ids.find(id), offsets: snap.entities.offsets, read }, prepared, state), extra: snap.extra };
}
