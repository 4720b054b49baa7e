import { readSync, writeSync } from 'node:fs';
import { isFtmRecord, SCRIPTS, type Entity } from '../domain/entity.js';
import { Growing } from './growing.js';
import { stringAt, type Strings } from './postings.js';
import type { IndexedName } from './index.js';
import type { NameToken } from './normalize.js';

/** The saved index's parts that are built up piece by piece (names, records, ids), for snapshot.ts. */

export const MAGIC = Buffer.from('BWKIDX02');
/** Where the entities' JSON starts: after MAGIC and its length (uint64). */
export const JSON_AT = MAGIC.length + 8;

export type PackedNames = { entity: Int32Array; name: Int32Array; start: Int32Array; ids: Int32Array; original: Strings; script: Uint8Array; given: Uint8Array; titles: Strings; legalForm: Strings };

/** `keys` and `fold` of a token, and a name's titles, are saved joined by SUB (postings.ts: Strings). */
export const SUB = '\u0001';

export const tokenKey = (t: NameToken) => `${t.text}|${t.mode ?? ''}|${t.origin ?? ''}|${t.glyph ?? ''}|${t.compound ? 1 : ''}`;

/** Entity ids found by an open-addressing table of positions: a large list's ids cost no string or map entry each. */
export class IdTable {
  private readonly slots: Int32Array;

  constructor(private readonly ids: Strings) {
    const count = ids.at.length - 1;
    let size = 16;
    while (size < count * 2) size *= 2;
    // Position + 1, 0 for an empty slot; of two entities with one id the later is found, as a Map keeps it.
    this.slots = new Int32Array(size);
    for (let i = 0; i < count; i++) this.slots[this.slot(stringAt(ids, i))] = i + 1;
  }

  find(id: string): number | undefined {
    const at = this.slots[this.slot(id)];
    return at ? at - 1 : undefined;
  }

  /** The slot holding `id`, or the empty one where it would go. */
  private slot(id: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      if (this.slots[s] === 0 || stringAt(this.ids, this.slots[s] - 1) === id) return s;
    }
  }
}

/**
 * Strings laid end to end as they come, a few thousand at a time, with where each starts: millions of names are
 * not kept as a string each, and a loaded index finds each without looking for separators.
 */
class JoinedStrings {
  private pending: string[] = [];
  private readonly chunks: string[] = [];
  private readonly at = new Growing(new Int32Array(1024));

  constructor() {
    this.at.push(0);
  }

  get length(): number {
    return this.at.length - 1;
  }

  push(s: string): void {
    this.at.push(this.at.at(this.length) + s.length);
    this.pending.push(s);
    if (this.pending.length === 4096) this.flush();
  }

  private flush(): void {
    if (this.pending.length) this.chunks.push(this.pending.join(''));
    this.pending = [];
  }

  /** The strings; `at` copied to a buffer of its own, as a saved view would carry the spare space under it. */
  done(): Strings {
    this.flush();
    return { text: this.chunks.join(''), at: this.at.done().slice() };
  }
}

/** Distinct words, each once with its position: saved names and the index's words refer to them by it. */
export class TokenTable {
  readonly tokens: NameToken[] = [];
  private readonly ids = new Map<string, number>();

  id(t: NameToken): number {
    const k = tokenKey(t);
    let id = this.ids.get(k);
    if (id === undefined) this.ids.set(k, (id = this.tokens.push(t) - 1));
    return id;
  }
}

/** Normalised names packed as they come (typed arrays and strings, no object per name). */
export class NamePacker {
  private readonly entity = new Growing(new Int32Array(1024));
  private readonly name = new Growing(new Int32Array(1024));
  private readonly start = new Growing(new Int32Array(1024));
  private readonly ids = new Growing(new Int32Array(4096));
  private readonly script = new Growing(new Uint8Array(1024));
  /** Where the first given name is in "SURNAME, Given" (0: not written so). */
  private readonly given = new Growing(new Uint8Array(1024));
  private readonly original = new JoinedStrings();
  private readonly titles = new JoinedStrings();
  private readonly legalForm = new JoinedStrings();

  constructor(readonly table: TokenTable) {
    this.start.push(0);
  }

  get length(): number {
    return this.original.length;
  }

  add(nm: IndexedName): void {
    this.entity.push(nm.entity);
    this.name.push(nm.name);
    this.script.push(SCRIPTS.indexOf(nm.norm.script));
    this.given.push((nm.norm.given ?? 0) < 256 ? (nm.norm.given ?? 0) : 0);
    for (const t of nm.norm.tokens) this.ids.push(this.table.id(t));
    this.start.push(this.ids.length);
    this.original.push(nm.norm.original);
    this.titles.push(nm.norm.titles.join(SUB));
    this.legalForm.push(nm.norm.legalForm ?? '');
  }

  entityOf(i: number): number {
    return this.entity.at(i);
  }

  /** Name i's words, as the token table holds them. */
  tokens(i: number): NameToken[] {
    const out: NameToken[] = [];
    for (let k = this.start.at(i); k < this.start.at(i + 1); k++) out.push(this.table.tokens[this.ids.at(k)]);
    return out;
  }

  done(): PackedNames {
    return {
      entity: this.entity.done(),
      name: this.name.done(),
      start: this.start.done(),
      ids: this.ids.done(),
      script: this.script.done(),
      given: this.given.done(),
      original: this.original.done(),
      titles: this.titles.done(),
      legalForm: this.legalForm.done(),
    };
  }
}

/** Bytes written to the file (or kept) at a time. */
const CHUNK = 4 << 20;

/**
 * The entities' JSON, record after record, written to a file (`fd`, after the file's prefix) or kept in memory.
 * Source records are left out, except FollowTheMoney ones: yente-shaped answers give those entities their own
 * id and properties.
 */
export class RecordWriter {
  private chunk = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private flushed = 0;
  private readonly kept: Buffer[] = [];
  private readonly ids = new JoinedStrings();
  private readonly offsets = new Growing(new Float64Array(1024));

  constructor(private readonly fd?: number) {
    this.offsets.push(0);
  }

  add(e: Entity): void {
    const json = JSON.stringify({ ...e, raw: isFtmRecord(e.raw) ? e.raw : null });
    const n = Buffer.byteLength(json);
    if (this.used + n > this.chunk.length) {
      this.flush();
      if (n > this.chunk.length) this.chunk = Buffer.allocUnsafe(n);
    }
    this.used += this.chunk.write(json, this.used);
    this.ids.push(e.id);
    this.offsets.push(this.size);
  }

  get size(): number {
    return this.flushed + this.used;
  }

  private flush(): void {
    if (this.fd === undefined) this.kept.push(Buffer.from(this.chunk.subarray(0, this.used)));
    else writeAt(this.fd, this.chunk.subarray(0, this.used), JSON_AT + this.flushed);
    this.flushed += this.used;
    this.used = 0;
  }

  /** The ids and offsets, every record written out; in memory, the JSON too. */
  done(): { entities: { ids: Strings; offsets: Float64Array }; json: Buffer } {
    this.flush();
    return { entities: { ids: this.ids.done(), offsets: this.offsets.done() }, json: Buffer.concat(this.kept) };
  }
}

export function writeAt(fd: number, b: Buffer, position: number): void {
  for (let at = 0; at < b.length; ) at += writeSync(fd, b, at, b.length - at, position + at);
}

export function readAt(fd: number, position: number, length: number): Buffer {
  const b = Buffer.allocUnsafe(length);
  for (let at = 0; at < length; ) {
    const n = readSync(fd, b, at, length - at, position + at);
    if (n === 0) throw new Error('the saved index ends early');
    at += n;
  }
  return b;
}
