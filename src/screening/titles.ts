import { NAME_TUNING as T } from './config.js';
import { makeToken, type NameToken } from './normalize.js';
import type { WordPair } from './name-match.js';
import type { TokenSim } from './word-sim.js';

const TITLE_TOKENS = new Map<string, NameToken>();

/**
 * A title taken off one name that the other says as a word ("AMIR ABDULLAH" is listed as Abdullah with the title
 * Amir; "امیر عبد الله" and a library's "myr `bd llh" say it, spelt as their script writes it): the word is matched
 * by the title, not left over. Each title stands for one word; `sims` are the words' similarities so far.
 */
export function matchTitles(words: NameToken[], sims: number[], titles: string[], titlesAsked: boolean, pairs: WordPair[], sim: (a: NameToken, b: NameToken) => TokenSim): void {
  const left = [...titles];
  for (let i = 0; i < words.length && left.length; i++) {
    if (sims[i] || words[i].particle) continue;
    for (let k = 0; k < left.length; k++) {
      let t = TITLE_TOKENS.get(left[k]);
      if (!t) TITLE_TOKENS.set(left[k], (t = makeToken(left[k])));
      const s = titlesAsked ? sim(t, words[i]) : sim(words[i], t);
      if (s.sim < T.compoundFloor) continue;
      sims[i] = s.sim;
      pairs.push({ query: titlesAsked ? t.text : words[i].text, matched: titlesAsked ? words[i].text : t.text, sim: s.sim, how: s.how });
      left.splice(k, 1);
      break;
    }
  }
}
