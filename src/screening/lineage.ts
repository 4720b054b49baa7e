import rules from './data/name-rules.json' with { type: 'json' };
import type { NormalisedName } from './normalize.js';

const LINEAGE = new Set(rules.lineageParticles.words);

/** A name's words in the order it is said: "SURNAME, Given" is said Given SURNAME. */
function saidOrder(n: NormalisedName): number[] {
  const all = n.tokens.map((_, k) => k);
  return n.given === undefined ? all : [...all.slice(n.given), ...all.slice(0, n.given)];
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
  const order = saidOrder(c);
  const at = new Array<number>(order.length);
  order.forEach((k, i) => (at[k] = i));
  const particles = order.flatMap((k, i) => (LINEAGE.has(c.tokens[k].text) ? [i] : []));
  return links(q).some(([child, parent]) => {
    const [lc, lp] = [qTo[child], qTo[parent]];
    return lc >= 0 && lp >= 0 && particles.some((i) => at[lp] < i && i < at[lc]);
  });
}
