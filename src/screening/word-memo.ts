import type { NameToken } from './normalize.js';
import { tokenSim, type TokenSim } from './word-sim.js';

/**
 * One query's word similarities, by query word and listed word: a listed word is one token shared by every
 * name that holds it (index-build.ts), and a query's candidates share the words that found them.
 */
export class WordMemo {
  private readonly byWord = new Map<NameToken, Map<NameToken, TokenSim>>();
  private readonly byRun = new Map<NameToken, Map<NameToken, TokenSim>>();

  /**
   * `floor`: the least similarity any word comparison through this memo keeps (similarities below it may answer lower);
   * `compoundFloor`: the same for runs of words joined (compounds keep only pairs at their floor, so the transcription
   * measure may stop sooner).
   */
  constructor(
    private readonly floor = 0,
    private readonly compoundFloor = floor,
  ) {}

  /** tokenSim of a query word (or a run of its words joined) and a listed one. */
  sim(a: NameToken, b: NameToken): TokenSim {
    return remembered(this.byWord, a, b, this.floor);
  }

  /** tokenSim of a run of query words joined and a run of listed words joined, exact at compoundFloor and above. */
  runSim(a: NameToken, b: NameToken): TokenSim {
    return remembered(this.byRun, a, b, this.compoundFloor);
  }
}

function remembered(memo: Map<NameToken, Map<NameToken, TokenSim>>, a: NameToken, b: NameToken, floor: number): TokenSim {
  let seen = memo.get(a);
  if (!seen) memo.set(a, (seen = new Map()));
  let s = seen.get(b);
  if (!s) seen.set(b, (s = tokenSim(a, b, floor)));
  return s;
}
