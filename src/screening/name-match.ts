import { NAME_TUNING as T } from './config.js';
import { runJoinings, spanToken } from './compounds.js';
import { joinedToken, saidAt, type NameToken, type NormalisedName } from './normalize.js';
import { joinsForebear, KUNYA, lineageReversed } from './lineage.js';
import { matchTitles } from './titles.js';
import { levenshtein } from './similarity.js';
import { tokenSim, type MatchHow, type TokenSim } from './word-sim.js';
import type { WordMemo } from './word-memo.js';

/** The least similarity of a word to words joined on the other side (tryJoined). */
const JOINED_SIM = 0.9;

export interface WordPair {
  query: string;
  matched: string;
  sim: number;
  how: MatchHow;
  edits?: number;
}

export interface NameComparison {
  score: number;
  pairs: WordPair[];
  /** Query words with no counterpart, and candidate words with none. */
  unmatchedQuery: string[];
  unmatchedCandidate: string[];
  orderSwapped: boolean;
  /** The query says an Arabic lineage (X bin Y) the other way round from the listed name. */
  lineageReversed?: boolean;
}


/** Weight of a word: particles little, short words less, common words (low idf) less. */
export type WeightFn = (t: NameToken) => number;

export const lengthWeight: WeightFn = (t) => (t.particle ? T.particleWeight : Math.min(1, 0.3 + 0.14 * t.text.length));

/**
 * Words split on one side and joined on the other ("jin ping" / "jinping"): each pair of neighbouring
 * unpaired words of name `n`, joined, against each unpaired word of `others`. The letters must agree
 * within one edit before the joined word is made a token and compared (most pairs stop at the letters).
 */
function tryJoined(p: Pairing, n: NormalisedName, others: NameToken[], slotSim: number[], otherSim: number[], slotsAreQuery: boolean, memo?: WordMemo): void {
  const words = n.tokens;
  for (let at = 0; at + 1 < words.length; at++) {
    // Three words too where the middle one is a particle: "abd al hamid" is Abdelhamid, "nasr ad din" Nasruddin.
    for (let len = 2; len <= (words[at + 1].particle ? 3 : 2) && at + len <= words.length; len++) {
      if (slotSim[at] || slotSim[at + 1] || slotSim[at + len - 1]) continue;
      const text = len === 2 ? words[at].text + words[at + 1].text : words[at].text + words[at + 1].text + words[at + 2].text;
      // Typed without a space, a name runs in the order it is said: a listed "SURNAME, Given" is also joined given first.
      const swapped = len === 2 && !slotsAreQuery && n.given === at + 1 ? words[at + 1].text + words[at].text : undefined;
      for (let j = 0; j < others.length; j++) {
        if (otherSim[j]) continue;
        const inOrder = levenshtein(text, others[j].text, 1) <= 1;
        if (!inOrder && (swapped === undefined || levenshtein(swapped, others[j].text, 1) > 1)) continue;
        const token = !inOrder ? spanToken(swapped!, words[at]) : len === 2 ? joinedToken(n, at) : spanToken(text, words[at]);
        // The query's joined words meet the same listed words in other candidates; a listed name's joined words are its own.
        const s = memo && slotsAreQuery ? memo.sim(token, others[j]) : tokenSim(token, others[j]);
        // Joining is for one word written in pieces, so the letters must agree, not just their sound.
        if (s.sim < JOINED_SIM) continue;
        slotSim.fill(s.sim, at, at + len);
        otherSim[j] = s.sim;
        const joined = words.slice(at, at + len).map((t) => t.text).join(' ');
        if (slotsAreQuery) p.qMerged += merged(words, at, len);
        else p.cMerged += merged(words, at, len);
        if (s.reading !== undefined) (p.readings ??= [])[p.pairs.length] = s.reading;
        p.pairs.push(slotsAreQuery ? { query: joined, matched: others[j].text, sim: s.sim, how: 'joined' } : { query: others[j].text, matched: joined, sim: s.sim, how: 'joined' });
        if (slotsAreQuery) p.qTo[at] = j;
        break;
      }
    }
  }
}

interface Compound {
  q: number;
  qLen: number;
  c: number;
  cLen: number;
  sim: number;
  /** The joined words' reading before the cap, when compared across scripts (TokenSim.reading). */
  reading?: number;
}

/**
 * Compounds written as one word on one side and as several on the other, across scripts ("عبدالحليم" /
 * "Abd el Halim", "صلاح الدين" / "Salahaldin", "알자로우세흐" / "Al-Jarroucheh"): runs of up to three
 * unpaired neighbouring words on each side are joined and compared.
 */
interface Run {
  at: number;
  len: number;
  /** The run's words joined (each way joinings reads them), as tokens of the run's script. */
  joined: NameToken[];
  w: number;
}

/** Runs of up to compoundMaxWords neighbouring words none of which has a counterpart yet. */
function unpairedRuns(n: NormalisedName, taken: number[], weight: WeightFn): Run[] {
  const out: Run[] = [];
  const tokens = n.tokens;
  for (let i = 0; i < tokens.length; i++) {
    let w = 0;
    for (let len = 1; len <= T.compoundMaxWords && i + len <= tokens.length && !taken[i + len - 1]; len++) {
      if (taken[i]) break;
      // A run of one word is the word itself (its own token: the memo already holds its comparisons).
      w += weight(tokens[i + len - 1]);
      out.push({ at: i, len, joined: runJoinings(n, i, len), w });
    }
  }
  return out;
}

/** Whether none of the `len` words from `at` is taken. */
function allFree(taken: boolean[], at: number, len: number): boolean {
  for (let k = at; k < at + len; k++) if (taken[k]) return false;
  return true;
}

function compounds(q: NormalisedName, c: NormalisedName, qSim: number[], cSim: number[], weight: WeightFn, memo?: WordMemo): Compound[] {
  const found: (Compound & { w: number })[] = [];
  const qr = unpairedRuns(q, qSim, weight);
  const cr = unpairedRuns(c, cSim, weight);
  for (const a of qr) {
    for (const b of cr) {
      if (a.len + b.len < 3) continue;
      let best: TokenSim | undefined;
      for (const x of a.joined) for (const y of b.joined) {
        const s = memo ? memo.runSim(x, y) : tokenSim(x, y);
        if (!best || s.sim > best.sim) best = s;
      }
      if (best && best.sim >= T.compoundFloor) found.push({ q: a.at, qLen: a.len, c: b.at, cLen: b.len, sim: best.sim, reading: best.reading, w: a.w + b.w });
    }
  }
  // The closest first; among about equally close runs, the one covering more, then the one in the same place in both
  // names (of two listed Abduls, the one where the query says it: "bdalghny … bd al ahmd" / "ABDUL GHANI … ABDUL AHMAD").
  const place = (m: Compound) => Math.abs(m.q / q.tokens.length - m.c / c.tokens.length);
  found.sort((x, y) => Math.round((y.sim - x.sim) / T.compoundSimStep) || y.w - x.w || place(x) - place(y));
  const qTaken = qSim.map((s) => s > 0);
  const cTaken = cSim.map((s) => s > 0);
  const out: Compound[] = [];
  for (const m of found) {
    if (!allFree(qTaken, m.q, m.qLen) || !allFree(cTaken, m.c, m.cLen)) continue;
    qTaken.fill(true, m.q, m.q + m.qLen);
    cTaken.fill(true, m.c, m.c + m.cLen);
    out.push(m);
  }
  return out;
}

/**
 * The weighted share of a name's words that found a counterpart, each counted by its similarity. `said`: whether
 * the other name was read whole (every word matched, no title taken off, which may have been a given name).
 */
function coverage(n: NormalisedName, sims: number[], weight: WeightFn, said: boolean, otherWhole: boolean): number {
  const tokens = n.tokens;
  // "SURNAME, Given Middle" is said Given Middle SURNAME: a middle name lies between matched words both as written
  // and as said, so a first given name missing from a name read whole ("AL-RAWI, Amin Muhammad" against Muhammad
  // al-Rawi: Amin's father, or another Muhammad) is not one.
  const g = said ? (n.given ?? 0) : 0;
  let first = -1;
  let last = -1;
  let firstSaid = tokens.length;
  let lastSaid = -1;
  for (let k = 0; k < sims.length; k++) {
    if (!sims[k]) continue;
    if (first < 0) first = k;
    last = k;
    const at = saidAt(k, g, tokens.length);
    firstSaid = Math.min(firstSaid, at);
    lastSaid = Math.max(lastSaid, at);
  }
  let total = 0;
  let got = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    // An unmatched patronymic says little; an unmatched word between matched ones is a middle name: it counts half.
    // The word after a matched kunya word is the kunya's own: Abu Makaburi is another kunya than Abu Sharif.
    const kunya = k > 0 && sims[k - 1] > 0 && KUNYA.has(tokens[k - 1].text);
    const at = saidAt(k, g, tokens.length);
    const middle = !sims[k] && !t.compound && !kunya && first >= 0 && k > first && k < last && at > firstSaid && at < lastSaid;
    // The word after bin, ibn, ould (or a Maghrebi ben) names a forebear ("X bin Y" is X, son of Y: the Arabic
    // patronymic); a listed name often stops earlier in the chain. Only where the other name was matched whole:
    // "Muhammad bin Ali" is not Muhammad bin Hasan.
    const forebear = otherWhole && k > 0 && joinsForebear(n, k - 1);
    const w = weight(t) * (sims[k] ? 1 : forebear ? T.forebearWeight : t.patronymic ? T.patronymicWeight : middle ? T.middleNameWeight : 1);
    total += w;
    got += w * sims[k];
  }
  return total ? got / total : 0;
}

/** Whether any word of a name is in a transcription or an abjad; kept on the name, which meets many others. */
function transcribed(n: NormalisedName): boolean {
  return (n.transcribed ??= n.tokens.some((t) => t.mode !== undefined));
}

/** Words that are not particles. */
function words(tokens: NameToken[]): number {
  let n = 0;
  for (const t of tokens) if (!t.particle) n++;
  return n;
}

/** The words paired so far between a query name and a listed name. */
interface Pairing {
  qt: NameToken[];
  ct: NameToken[];
  qSim: number[];
  cSim: number[];
  /** The listed word each query word paired with (-1: none). */
  qTo: number[];
  pairs: WordPair[];
  /** A transcription pair's reading before the cap (TokenSim.reading), by its place in `pairs`; made for the first. */
  readings?: (number | undefined)[];
  /** Words a side writes apart where the other writes them as one (pairs joined), less one for each such run. */
  qMerged: number;
  cMerged: number;
}

/** A name's score factor for its number of words (compareNames); `worst`: its least close pair. */
function oneWordFactor(qWords: number, cWords: number, worst: number): number {
  return qWords <= 1 && cWords <= 1 ? T.oneWordBoth + (1 - T.oneWordBoth) * Math.max(0, (worst - 0.9) * 10) : qWords <= 1 || cWords <= 1 ? T.oneWordOneSide : 1;
}

/** The words of a run written apart that the other side writes as one, less the one word they make. */
function merged(tokens: NameToken[], at: number, len: number): number {
  return Math.max(0, words(tokens.slice(at, at + len)) - 1);
}

interface Cell {
  i: number;
  j: number;
  s: TokenSim;
}

/** Pairs the closest words first, each word once (equally close ones in the order found). */
function pairCells(p: Pairing, list: Cell[]): void {
  // Sorted in place by insertion, stable as Array.prototype.sort: the lists are a few cells, which sort allocates for.
  for (let k = 1; k < list.length; k++) {
    const x = list[k];
    let m = k;
    for (; m > 0 && list[m - 1].s.sim < x.s.sim; m--) list[m] = list[m - 1];
    list[m] = x;
  }
  for (const { i, j, s } of list) {
    if (p.qSim[i] || p.cSim[j]) continue;
    p.qSim[i] = s.sim;
    p.cSim[j] = s.sim;
    p.qTo[i] = j;
    if (s.reading !== undefined) (p.readings ??= [])[p.pairs.length] = s.reading;
    const pair: WordPair = { query: p.qt[i].text, matched: p.ct[j].text, sim: s.sim, how: s.how };
    if (s.edits) pair.edits = s.edits;
    p.pairs.push(pair);
  }
}

/**
 * An abjad's particle (the article, bin) read as a word of a Latin name: "ال" read as Ali, "بن" as Bina. Latin spelling
 * writes those particles as particles (al, el, bin, ibn, ould); the other way round, a Latin particle may be an abjad's
 * word read unlike the particle (Hebrew בין, "byn", is bin). An abjad's particles are an Arabic name's only
 * (normalize.ts: على "la" is Ali).
 */
function particleForWord(a: NameToken, b: NameToken, s: TokenSim): boolean {
  if (a.particle === b.particle || s.sim === 1) return false;
  const [particle, word] = a.particle ? [a, b] : [b, a];
  return particle.mode === 'abjad' && word.mode === undefined;
}

/** An array of n copies of x, built by pushing: V8 keeps it packed, where `new Array(n).fill(x)` leaves it holey and slower. */
function filled(n: number, x: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(x);
  return out;
}

/**
 * Compares a query name with a listed name word by word, in any order. Each side's coverage is
 * the weighted share of its words that found a counterpart; the score blends both, so extra
 * words on either side cost something, and a missing middle name costs less.
 */
export function compareNames(q: NormalisedName, c: NormalisedName, weight: WeightFn, floor: number, memo?: WordMemo): NameComparison {
  const qt = q.tokens;
  const ct = c.tokens;
  const qSim = filled(qt.length, 0);
  const cSim = filled(ct.length, 0);
  const qTo = filled(qt.length, -1);
  const pairs: WordPair[] = [];
  // Across scripts, words read as closely as a transcription can be pair first, then compounds, then looser words and
  // particles: the article an abjad or a transcription writes apart, or a half of a compound, may be inside one word on
  // the other side, where it makes the word only roughly alike ("ndhyr allh" is Nazirullah, not allh ~ Waliullah).
  const crossScript = transcribed(q) !== transcribed(c);
  const cells: Cell[] = [];
  const looser: Cell[] = [];
  const close: Cell[] = [];
  const weak: Cell[] = [];
  const late: Cell[] = [];
  for (let i = 0; i < qt.length; i++) {
    for (let j = 0; j < ct.length; j++) {
      const s = memo ? memo.sim(qt[i], ct[j]) : tokenSim(qt[i], ct[j]);
      if (s.sim < floor || (crossScript && particleForWord(qt[i], ct[j], s))) continue;
      // Particles pair last, after words joined across them ("abd al hamid" / Abdelhamid, beside another al).
      (qt[i].particle || ct[j].particle ? late : !crossScript ? (s.sim >= JOINED_SIM ? cells : looser) : s.sim >= T.transcriptionExact ? cells : s.sim >= T.compoundFloor ? close : weak).push({ i, j, s });
    }
  }
  const p: Pairing = { qt, ct, qSim, cSim, qTo, pairs, readings: undefined, qMerged: 0, cMerged: 0 };
  // Words joined on one side and apart on the other pair before looser pairs: "vladimirputin" is Vladimir Putin, not
  // a word like Vladimir.
  pairCells(p, cells);
  if (qSim.includes(0) && cSim.includes(0)) {
    tryJoined(p, q, ct, qSim, cSim, true, memo);
    tryJoined(p, c, qt, cSim, qSim, false);
  }
  pairCells(p, looser);
  if (crossScript && qSim.includes(0) && cSim.includes(0)) {
    for (const m of compounds(q, c, qSim, cSim, weight, memo)) {
      for (let k = m.q; k < m.q + m.qLen; k++) {
        qSim[k] = m.sim;
        qTo[k] = m.c;
      }
      for (let k = m.c; k < m.c + m.cLen; k++) cSim[k] = m.sim;
      p.qMerged += merged(qt, m.q, m.qLen);
      p.cMerged += merged(ct, m.c, m.cLen);
      if (m.reading !== undefined) (p.readings ??= [])[pairs.length] = m.reading;
      pairs.push({ query: qt.slice(m.q, m.q + m.qLen).map((t) => t.text).join(' '), matched: ct.slice(m.c, m.c + m.cLen).map((t) => t.text).join(' '), sim: m.sim, how: 'joined' });
    }
  }
  pairCells(p, close);
  pairCells(p, weak);
  pairCells(p, late);
  // A single letter stands for a word with that initial ("V. Putin").
  for (let i = 0; i < qt.length; i++) {
    if (qSim[i] || qt[i].text.length !== 1) continue;
    const j = ct.findIndex((t, k) => !cSim[k] && t.text[0] === qt[i].text);
    if (j >= 0) {
      qSim[i] = cSim[j] = T.initial;
      qTo[i] = j;
      pairs.push({ query: qt[i].text, matched: ct[j].text, sim: T.initial, how: 'initial' });
    }
  }
  if (c.titles.length && qSim.includes(0)) matchTitles(qt, qSim, c.titles, false, pairs, tokenSim);
  if (q.titles.length && cSim.includes(0)) matchTitles(ct, cSim, q.titles, true, pairs, tokenSim);
  const whole = (n: NormalisedName, sims: number[]) => !n.titles.length && sims.every((x, k) => x > 0 || n.tokens[k].particle);
  const [qWhole, cWhole] = [whole(q, qSim), whole(c, cSim)];
  const qCov = coverage(q, qSim, weight, q.given !== undefined && cWhole, cWhole);
  const cCov = coverage(c, cSim, weight, c.given !== undefined && qWhole, qWhole);
  let orderSwapped = false;
  for (let k = 0, prev = -1; k < qTo.length; k++) {
    if (qTo[k] < 0) continue;
    if (qTo[k] < prev) orderSwapped = true;
    prev = qTo[k];
  }
  // A one-word name is thin evidence: against a longer name it is at most a possible match,
  // and against another one-word name only a near-exact word keeps it a match. Across scripts a word is near-exact by
  // its reading before the cap: حماس reads Hamas with only its unwritten vowels added, Hamisho more loosely. Words one
  // side writes apart and the other as one are one word (ولی جان / WALIJAN, حزب الله / HIZBALLAH).
  // Counting them as one only ever helps: a joined run read loosely is not worse evidence than the words apart.
  const blended = qCov && cCov ? 0.5 * qCov + 0.5 * cCov : 0;
  let worst = 1;
  for (let k = 0; k < pairs.length; k++) worst = Math.min(worst, p.readings?.[k] ?? pairs[k].sim);
  const qWords = words(qt);
  const cWords = words(ct);
  const factor = Math.max(oneWordFactor(qWords, cWords, worst), oneWordFactor(qWords - p.qMerged, cWords - p.cMerged, worst));
  const reversed = lineageReversed(q, c, qTo);
  return new Comparison(reversed ? Math.min(blended * factor, T.lineageReversed) : blended * factor, pairs, orderSwapped, reversed || undefined, qt, qSim, ct, cSim);
}

/** A comparison's outcome; the words left unmatched are listed when asked (a hit's reasons), not for every name compared. */
class Comparison implements NameComparison {
  constructor(
    readonly score: number,
    readonly pairs: WordPair[],
    readonly orderSwapped: boolean,
    readonly lineageReversed: boolean | undefined,
    private readonly qt: NameToken[],
    private readonly qSim: number[],
    private readonly ct: NameToken[],
    private readonly cSim: number[],
  ) {}

  get unmatchedQuery(): string[] {
    return this.qt.filter((_, i) => !this.qSim[i]).map((t) => t.text);
  }

  get unmatchedCandidate(): string[] {
    return this.ct.filter((_, j) => !this.cSim[j]).map((t) => t.text);
  }
}
