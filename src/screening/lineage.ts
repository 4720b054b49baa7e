import rules from './data/name-rules.json' with { type: 'json' };
import { saidAt, type NormalisedName } from './normalize.js';

const LINEAGE = new Set(rules.lineageParticles.words);
const MAGHREBI = new Set(rules.lineageParticles.maghrebi);
/** Words that open a kunya (Abu, Umm: father, mother of): the word after one belongs to it. */
export const KUNYA = new Set(rules.kunya.words);

/** Whether one word says son or daughter of (bin, ben, ould…) and the other father or mother of (a kunya's Abu, Umm). */
export function sonOfAgainstFatherOf(a: string, b: string): boolean {
  return (isLineageWord(a) && KUNYA.has(b)) || (KUNYA.has(a) && isLineageWord(b));
}

const isLineageWord = (w: string) => LINEAGE.has(w) || MAGHREBI.has(w);

/**
 * Whether word `k` of a name joins it to a forebear: bin, ibn, ould and their library readings anywhere; the Maghrebi
 * ben and bent only where the name, as written and as said, does not begin with it (Ben Ali, "HAMMEDI, Ben").
 */
export function joinsForebear(n: NormalisedName, k: number): boolean {
  const text = n.tokens[k].text;
  return LINEAGE.has(text) || (MAGHREBI.has(text) && k > 0 && saidAt(k, n.given ?? 0, n.tokens.length) > 0);
}

/** A name's words in the order it is said (saidAt): the word said at each position. */
function saidOrder(n: NormalisedName): number[] {
  const order = new Array<number>(n.tokens.length);
  n.tokens.forEach((_, k) => (order[saidAt(k, n.given ?? 0, n.tokens.length)] = k));
  return order;
}

/** The query's "child bin parent" links, as word positions, in the order the name is said. */
function links(n: NormalisedName): [child: number, parent: number][] {
  const order = saidOrder(n);
  const out: [number, number][] = [];
  for (let k = 1; k + 1 < order.length; k++) if (LINEAGE.has(n.tokens[order[k]].text)) out.push([order[k - 1], order[k + 1]]);
  return out;
}

/**
 * Whether the query says a lineage the other way round from the listed name: "Laden bin Usama" is Laden, son of
 * Usama, not Usama bin Laden, nor Hamza Usama Muhammad bin Laden (in a listed name, every word before a bin is a
 * descendant of every word after it). `qTo`: the listed word each query word paired with (-1: none).
 */
export function lineageReversed(q: NormalisedName, c: NormalisedName, qTo: number[]): boolean {
  if (!q.tokens.some((t) => LINEAGE.has(t.text)) || !c.tokens.some((t) => LINEAGE.has(t.text))) return false;
  const at = (k: number) => saidAt(k, c.given ?? 0, c.tokens.length);
  const particles = saidOrder(c).flatMap((k, i) => (LINEAGE.has(c.tokens[k].text) ? [i] : []));
  return links(q).some(([child, parent]) => {
    const [lc, lp] = [qTo[child], qTo[parent]];
    return lc >= 0 && lp >= 0 && particles.some((i) => at(lp) < i && i < at(lc));
  });
}
