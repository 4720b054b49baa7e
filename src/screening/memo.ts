/**
 * Answers remembered by key, at most `limit` of them: past that the store starts afresh. Screening meets the
 * same words again and again, and a bounded store keeps a long-running server's memory flat. A caller asks with
 * `get` and, on a miss, stores with `keep` (`get(k) ?? keep(k, make())`): a lookup allocates nothing, where a
 * function to make the answer would be a new closure on every call, hit or miss.
 */
export class Remembered<V> {
  private readonly answers = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    return this.answers.get(key);
  }

  keep(key: string, answer: V): V {
    if (this.answers.size >= this.limit) this.answers.clear();
    this.answers.set(key, answer);
    return answer;
  }
}

/**
 * Answers remembered by a kind (an origin: one of a few constant strings) and a word, at most `limit` in all: a lookup
 * builds no key string, where the key of kind and word made a new string to hash on every call.
 */
export class RememberedByKind<V> {
  private readonly kinds = new Map<string, Map<string, V>>();
  private size = 0;

  constructor(private readonly limit: number) {}

  get(kind: string, key: string): V | undefined {
    return this.kinds.get(kind)?.get(key);
  }

  keep(kind: string, key: string, answer: V): V {
    if (this.size >= this.limit) {
      for (const m of this.kinds.values()) m.clear();
      this.size = 0;
    }
    let answers = this.kinds.get(kind);
    if (!answers) this.kinds.set(kind, (answers = new Map()));
    answers.set(key, answer);
    this.size++;
    return answer;
  }
}
