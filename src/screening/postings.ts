/**
 * Compact posting lists: every list in one Int32Array with offsets, so an index of a million
 * names is a few typed arrays (little garbage-collector work) and saves and loads as bytes.
 */
export interface FrozenPostings {
  keys: Strings;
  offsets: Int32Array;
  values: Int32Array;
}

/**
 * Strings laid end to end, string i from `at[i]` to `at[i + 1]`: one string and one array whatever their number,
 * so a saved index loads them as two values and splits nothing.
 */
export interface Strings {
  text: string;
  at: Int32Array;
}

export function packStrings(a: string[]): Strings {
  const at = new Int32Array(a.length + 1);
  a.forEach((s, i) => (at[i + 1] = at[i] + s.length));
  return { text: a.join(''), at };
}

export const stringAt = (s: Strings, i: number) => s.text.slice(s.at[i], s.at[i + 1]);

/** String i against `key`, as `<` orders strings (by UTF-16 code unit), without cutting string i out. */
function compareAt(s: Strings, i: number, key: string): number {
  const from = s.at[i];
  const length = s.at[i + 1] - from;
  const n = Math.min(length, key.length);
  for (let k = 0; k < n; k++) {
    const d = s.text.charCodeAt(from + k) - key.charCodeAt(k);
    if (d !== 0) return d;
  }
  return length - key.length;
}

const EMPTY = new Int32Array(0);

/** Lists addressed by a string key; keys are kept sorted and found by binary search, so loading builds no hash table. */
export class PostingMap {
  constructor(readonly frozen: FrozenPostings) {}

  get(key: string): Int32Array {
    const at = this.find(key);
    return at < 0 ? EMPTY : this.frozen.values.subarray(this.frozen.offsets[at], this.frozen.offsets[at + 1]);
  }

  /** The first value listed under `key` (a map of one value a key: a lookup table). */
  first(key: string): number | undefined {
    const at = this.find(key);
    return at < 0 ? undefined : this.frozen.values[this.frozen.offsets[at]];
  }

  /** The key's position, or -1. */
  private find(key: string): number {
    const keys = this.frozen.keys;
    let lo = 0;
    let hi = keys.at.length - 2;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareAt(keys, mid, key);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  static from(m: Map<string, number[]>): PostingMap {
    const keys = [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return new PostingMap(freeze(keys, keys.map((k) => m.get(k)!)));
  }
}

/** Lists addressed by position (word id → names). */
export class PostingLists {
  constructor(readonly frozen: FrozenPostings) {}

  get(i: number): Int32Array {
    return this.frozen.values.subarray(this.frozen.offsets[i], this.frozen.offsets[i + 1]);
  }

  size(i: number): number {
    return this.frozen.offsets[i + 1] - this.frozen.offsets[i];
  }

  get count(): number {
    return this.frozen.offsets.length - 1;
  }

  static from(lists: number[][]): PostingLists {
    return new PostingLists(freeze([], lists));
  }
}

function freeze(keys: string[], lists: number[][]): FrozenPostings {
  const offsets = new Int32Array(lists.length + 1);
  lists.forEach((l, i) => (offsets[i + 1] = offsets[i] + l.length));
  const values = new Int32Array(offsets[lists.length]);
  lists.forEach((l, i) => values.set(l, offsets[i]));
  return { keys: packStrings(keys), offsets, values };
}

/** Appends to a list being built, skipping an immediate repeat. */
export function push<K>(m: Map<K, number[]>, k: K, v: number): void {
  const l = m.get(k);
  if (l) {
    if (l[l.length - 1] !== v) l.push(v);
  } else m.set(k, [v]);
}
