import type { NameToken } from './normalize.js';

/**
 * Tokens by position, each made on first use and kept: a saved index (snapshot.ts) makes only the words its
 * queries reach, where making every word's object up front was a large part of opening it.
 */
export class TokenList {
  private readonly made: (NameToken | undefined)[];

  constructor(readonly length: number, private readonly make: (i: number) => NameToken, made?: NameToken[]) {
    this.made = made ?? new Array<NameToken | undefined>(length);
  }

  /** Tokens already made. */
  static of(tokens: NameToken[]): TokenList {
    return new TokenList(tokens.length, (i) => tokens[i], tokens);
  }

  get(i: number): NameToken {
    return this.made[i] ?? (this.made[i] = this.make(i));
  }
}
