/**
 * Answers remembered by key, at most `limit` of them: past that the store starts afresh. Screening meets the
 * same words again and again, and a bounded store keeps a long-running server's memory flat.
 */
export class Remembered<V> {
  private readonly answers = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string, make: () => V): V {
    let answer = this.answers.get(key);
    if (answer === undefined) {
      if (this.answers.size >= this.limit) this.answers.clear();
      this.answers.set(key, (answer = make()));
    }
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

  get(kind: string, key: string, make: () => V): V {
    let answers = this.kinds.get(kind);
    if (!answers) this.kinds.set(kind, (answers = new Map()));
    let answer = answers.get(key);
    if (answer === undefined) {
      if (this.size >= this.limit) {
        for (const m of this.kinds.values()) m.clear();
        this.size = 0;
      }
      answers.set(key, (answer = make()));
      this.size++;
    }
    return answer;
  }
}
