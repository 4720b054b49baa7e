import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { isFtmRecord, SCRIPTS, type Script } from '../domain/entity.js';
import { DEFAULT_SCREENING_CONFIG } from './config.js';
import rules from './data/name-rules.json' with { type: 'json' };
import spellings from './data/spellings.json' with { type: 'json' };
import translit from './data/translit.json' with { type: 'json' };
import { ScreeningIndex, type IndexedName, type IndexState, type SavedEntities, type SavedNames } from './index.js';
import type { NameToken, NormalisedName } from './normalize.js';
import type { FrozenPostings } from './postings.js';
import type { FoldMode } from './spellings.js';

/** Raised whenever the snapshot's layout changes; a snapshot of another format is rebuilt, never read. */
const FORMAT = 4;
/** File layout: MAGIC, the header's length (uint32), the header (a V8 structured clone), then the entities' JSON. */
const MAGIC = Buffer.from('BWKIDX01');

/**
 * Strings are stored joined, numbers as typed arrays: a structured clone of a few large values
 * loads in milliseconds where hundreds of thousands of small objects take most of a second.
 */
const SEP = '\u0000';
const SUB = '\u0001';
const join = (a: string[]) => a.join(SEP);
const split = (s: string) => (s ? s.split(SEP) : []);
const MODES: (FoldMode | undefined)[] = [undefined, 'syllabic', 'abjad'];

interface PackedTokens {
  text: string;
  simp: string;
  skel: string;
  keys: string;
  fold: string;
  glyph: string;
  origin: string;
  /** bit 0 particle, 1 compound, 2 patronymic; bits 3–4 the fold mode. */
  flags: Uint8Array;
}

type PackedPostings = Omit<FrozenPostings, 'keys'> & { keys: string };

interface Snapshot {
  format: number;
  algorithm: string;
  /** Whatever the caller keys the snapshot by (list versions); checked on load. */
  key: string;
  entities: { ids: string; offsets: Int32Array };
  /** Each distinct word once; names and the index's words refer to them by position. */
  tokens: PackedTokens;
  names: { entity: Int32Array; name: Int32Array; start: Int32Array; ids: Int32Array; original: string; script: Uint8Array; titles: string; legalForm: string };
  state: Record<string, PackedPostings | Float32Array | Float64Array | Int32Array>;
  extra: unknown;
}

/** Changes whenever a screening data file does, so a saved index never outlives the rules it was built with. */
export function dataFingerprint(): string {
  return createHash('sha1').update(JSON.stringify([DEFAULT_SCREENING_CONFIG, rules, spellings, translit])).digest('hex').slice(0, 16);
}

const tokenKey = (t: NameToken) => `${t.text}|${t.mode ?? ''}|${t.origin ?? ''}|${t.glyph ?? ''}|${t.compound ? 1 : ''}`;

function packTokens(tokens: NameToken[]): PackedTokens {
  const flags = new Uint8Array(tokens.length);
  tokens.forEach((t, i) => (flags[i] = (t.particle ? 1 : 0) | (t.compound ? 2 : 0) | (t.patronymic ? 4 : 0) | (MODES.indexOf(t.mode) << 3)));
  return {
    text: join(tokens.map((t) => t.text)),
    simp: join(tokens.map((t) => t.simp)),
    skel: join(tokens.map((t) => t.skel)),
    keys: join(tokens.map((t) => t.keys.join(SUB))),
    fold: join(tokens.map((t) => (t.fold ?? []).join(SUB))),
    glyph: join(tokens.map((t) => t.glyph ?? '')),
    origin: join(tokens.map((t) => t.origin ?? '')),
    flags,
  };
}

function unpackTokens(p: PackedTokens): NameToken[] {
  const [text, simp, skel, keys, fold, glyph, origin] = [p.text, p.simp, p.skel, p.keys, p.fold, p.glyph, p.origin].map(split);
  return text.map((_, i) => {
    const f = p.flags[i];
    const t: NameToken = { text: text[i], simp: simp[i], skel: skel[i], particle: (f & 1) > 0, keys: keys[i] ? keys[i].split(SUB) : [] };
    if (f & 2) t.compound = true;
    if (f & 4) t.patronymic = true;
    const mode = MODES[f >> 3];
    if (mode) {
      t.mode = mode;
      t.fold = fold[i] ? fold[i].split(SUB) : [];
    }
    if (glyph[i]) t.glyph = glyph[i];
    if (origin[i]) t.origin = origin[i];
    return t;
  });
}

/**
 * The index as bytes: entities (as JSON parsed on demand, source records left out but for
 * FollowTheMoney ones) and every name already normalised and indexed, so a new process loads it
 * instead of building it again. `extra` travels with it (the caller's per-entity data).
 */
export function saveSnapshot(index: ScreeningIndex, key: string, extra: unknown = null): Buffer {
  const tokens: NameToken[] = [];
  const tokenIds = new Map<string, number>();
  const idOf = (t: NameToken) => {
    const k = tokenKey(t);
    let id = tokenIds.get(k);
    if (id === undefined) tokenIds.set(k, (id = tokens.push(t) - 1));
    return id;
  };
  const all = Array.from({ length: index.nameCount }, (_, i) => index.name(i));
  const n = all.length;
  const names = { entity: new Int32Array(n), name: new Int32Array(n), start: new Int32Array(n + 1), ids: new Int32Array(all.reduce((s, x) => s + x.norm.tokens.length, 0)), script: new Uint8Array(n) };
  let at = 0;
  all.forEach((nm, i) => {
    names.entity[i] = nm.entity;
    names.name[i] = nm.name;
    names.start[i] = at;
    names.script[i] = SCRIPTS.indexOf(nm.norm.script);
    for (const t of nm.norm.tokens) names.ids[at++] = idOf(t);
  });
  names.start[n] = at;
  const state: Snapshot['state'] = {};
  for (const [k, v] of Object.entries(index.state)) {
    if (k === 'words') state[k] = Int32Array.from(v as NameToken[], idOf);
    else state[k] = ArrayBuffer.isView(v) ? (v as Int32Array) : { ...(v as FrozenPostings), keys: join((v as FrozenPostings).keys) };
  }
  const { json, ...entities } = savedEntities(index);
  const snap: Snapshot = {
    format: FORMAT,
    algorithm: DEFAULT_SCREENING_CONFIG.algorithm,
    key,
    entities,
    tokens: packTokens(tokens),
    names: { ...names, original: join(all.map((x) => x.norm.original)), titles: join(all.map((x) => x.norm.titles.join(SUB))), legalForm: join(all.map((x) => x.norm.legalForm ?? '')) },
    state,
    extra,
  };
  const header = serialize(snap);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  // The entities' JSON stays outside the structured clone, so loading reads it in place without a copy.
  return Buffer.concat([MAGIC, length, header, json]);
}

/**
 * Each entity's JSON in one buffer, so loading parses none of them. Source records are left out,
 * except FollowTheMoney ones: yente-shaped answers give those entities their own id and properties.
 */
function savedEntities(index: ScreeningIndex): Snapshot['entities'] & { json: Buffer } {
  const parts: Buffer[] = [];
  const offsets = new Int32Array(index.entityCount + 1);
  const ids: string[] = [];
  for (let i = 0; i < index.entityCount; i++) {
    const e = index.entity(i);
    const b = Buffer.from(JSON.stringify({ ...e, raw: isFtmRecord(e.raw) ? e.raw : null }));
    parts.push(b);
    ids.push(e.id);
    offsets[i + 1] = offsets[i] + b.length;
  }
  return { ids: join(ids), json: Buffer.concat(parts), offsets };
}

/** The index a snapshot holds, or undefined when it is of another format, algorithm or key, or unreadable. */
export function loadSnapshot(bytes: Buffer, key: string): { index: ScreeningIndex; extra: unknown } | undefined {
  let snap: Snapshot;
  let json: Buffer;
  try {
    if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const length = bytes.readUInt32LE(MAGIC.length);
    const start = MAGIC.length + 4;
    snap = deserialize(bytes.subarray(start, start + length)) as Snapshot;
    json = bytes.subarray(start + length);
  } catch {
    return undefined;
  }
  if (snap?.format !== FORMAT || snap.algorithm !== DEFAULT_SCREENING_CONFIG.algorithm || snap.key !== key) return undefined;
  const tokens = unpackTokens(snap.tokens);
  const s = snap.names;
  const [original, titles, legalForm] = [s.original, s.titles, s.legalForm].map(split);
  const cache = new Array<IndexedName | undefined>(s.entity.length);
  const prepared: SavedNames = {
    length: s.entity.length,
    get(i) {
      let nm = cache[i];
      if (!nm) {
        const script: Script = SCRIPTS[s.script[i]];
        const norm: NormalisedName = {
          original: original[i],
          script,
          transliterated: script !== 'Latin',
          tokens: Array.from(s.ids.subarray(s.start[i], s.start[i + 1]), (id) => tokens[id]),
          titles: titles[i] ? titles[i].split(SUB) : [],
          ...(legalForm[i] ? { legalForm: legalForm[i] } : {}),
        };
        nm = cache[i] = { entity: s.entity[i], name: s.name[i], norm };
      }
      return nm;
    },
  };
  const state = Object.fromEntries(
    Object.entries(snap.state).map(([k, v]) => [k, k === 'words' ? Array.from(v as Int32Array, (id) => tokens[id]) : ArrayBuffer.isView(v) ? v : { ...v, keys: split((v as PackedPostings).keys) }]),
  ) as unknown as IndexState;
  if (json.length !== snap.entities.offsets[snap.entities.offsets.length - 1]) return undefined;
  const entities: SavedEntities = { ids: split(snap.entities.ids), json, offsets: snap.entities.offsets };
  return { index: new ScreeningIndex(entities, prepared, state), extra: snap.extra };
}
