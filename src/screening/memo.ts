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
