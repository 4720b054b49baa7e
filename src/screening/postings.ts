/**
 * Compact posting lists: every list in one Int32Array with offsets, so an index of a million
 * names is a few typed arrays (little garbage-collector work) and saves and loads as bytes.
 */
export interface FrozenPostings {
  keys: string[];
  offsets: Int32Array;
  values: Int32Array;
}

const EMPTY = new Int32Array(0);

/** Lists addressed by a string key; keys are kept sorted and found by binary search, so loading builds no hash table. */
export class PostingMap {
  constructor(readonly frozen: FrozenPostings) {}

  get(key: string): Int32Array {
    const keys = this.frozen.keys;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid];
      if (k === key) return this.frozen.values.subarray(this.frozen.offsets[mid], this.frozen.offsets[mid + 1]);
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return EMPTY;
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
  return { keys, offsets, values };
}

/** Appends to a list being built, skipping an immediate repeat. */
export function push<K>(m: Map<K, number[]>, k: K, v: number): void {
  const l = m.get(k);
  if (l) {
    if (l[l.length - 1] !== v) l.push(v);
  } else m.set(k, [v]);
}
