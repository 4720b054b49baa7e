import { NAME_TUNING as T } from './config.js';
import { sonOfAgainstFatherOf } from './lineage.js';
import { makeToken, type NameToken } from './normalize.js';
import { Remembered } from './memo.js';
import { sameShortSpelling } from './spellings.js';
import { transcriptionReading, transcriptionSim } from './transcription.js';
import { jaroWinkler, levenshtein } from './similarity.js';

/** How alike two name words are (name-match.ts pairs a name's words by it). */
export type MatchHow = 'exact' | 'spelling variant' | 'national spelling' | 'familiar form' | 'translation' | 'transcription' | 'typo' | 'sounds alike' | 'similar' | 'initial' | 'joined' | 'other character';

export interface TokenSim {
  sim: number;
  how: MatchHow;
  edits?: number;
  /** A transcription's closeness before the cap of name.transcriptionExact (transcriptionReading). */
  reading?: number;
}

/** Edits a word may have and still count as the same word: none up to 3 letters, one up to 6, then two. */
function allowedEdits(shorter: number): number {
  return shorter <= 3 ? 0 : shorter <= 6 ? 1 : 2;
}

/**
 * How alike two name words are, and why: `a` the query's word, `b` the listed one (alike both ways but for familiar
 * forms). With a `floor` (the least similarity the caller keeps), a comparison across scripts that cannot reach it
 * stops early and answers below it.
 */
/** Answers shared by every comparison that gives them (most pairs are unlike): nothing changes a TokenSim once made. */
const UNLIKE: TokenSim = Object.freeze({ sim: 0, how: 'similar' });
const EXACT: TokenSim = Object.freeze({ sim: 1, how: 'exact' });
const SPELLING_VARIANT: TokenSim = Object.freeze({ sim: T.spellingVariant, how: 'spelling variant' });
const NATIONAL_SPELLING: TokenSim = Object.freeze({ sim: T.nationalSpelling, how: 'national spelling' });

export function tokenSim(a: NameToken, b: NameToken, floor = 0): TokenSim {
  const s = wordSim(a, b, floor);
  if (s.sim >= T.spellingVariant || (a.origin === 'georgian') === (b.origin === 'georgian')) return s;
  // Georgian gives a name that ends in a consonant the nominative ending -ი (ლავროვი Lavrov, პუტინი Putin, as it gives its
  // own: შვილ-ი): a Georgian word so ended is also the name without it. Its own names keep the i in Latin (Saakashvili).
  const stem = nominativeStem(a.origin === 'georgian' ? a : b);
  if (!stem) return s;
  const t = a.origin === 'georgian' ? wordSim(stem, b, floor) : wordSim(a, stem, floor);
  if (t.sim <= s.sim) return s;
  return t.how === 'exact' ? GEORGIAN_NOMINATIVE : t;
}

const GEORGIAN_NOMINATIVE: TokenSim = Object.freeze({ sim: T.spellingVariant, how: 'spelling variant' });
const stems = new Remembered<NameToken>(50_000);

/** A Georgian word without its nominative ending -i after a consonant, or null: kept, a word meets many others. */
export function nominativeStem(g: NameToken): NameToken | null {
  return /^[a-z]{3,}[^aeiouy]i$/.test(g.text) ? (stems.get(g.text) ?? stems.keep(g.text, makeToken(g.text.slice(0, -1)))) : null;
}

function wordSim(a: NameToken, b: NameToken, floor: number): TokenSim {
  // Two Chinese syllables from different characters are different names, however alike they sound.
  if (a.glyph && b.glyph && a.glyph !== b.glyph) return { sim: Math.min(T.otherCharacter, a.text === b.text ? 1 : 0), how: 'other character' };
  if (a.text === b.text) return EXACT;
  // Son of is not father of, however alike an abjad's reading makes them ("bn" and Abu).
  if ((a.particle || b.particle) && sonOfAgainstFatherOf(a.text, b.text)) return UNLIKE;
  // A patronymic is made from a given name and a suffix of consonants (Arkadyevich, son of Arkady): a word with that many
  // consonants fewer is the father's name or another, never the same word.
  if (a.patronymic !== b.patronymic && (a.patronymic ? a : b).skel.length - (a.patronymic ? b : a).skel.length >= T.patronymicSuffixConsonants) return UNLIKE;
  if (a.simp === b.simp) return SPELLING_VARIANT;
  const longer = Math.max(a.simp.length, b.simp.length);
  const max = allowedEdits(Math.min(a.simp.length, b.simp.length));
  let best: TokenSim = UNLIKE;
  // A syllabic transcription read in Latin letters is no national spelling: against a Latin word its keys (German j = y…)
  // count only where the transcription measure also finds the words close (로우이에 "rouie" is not Rouji), below.
  const keyed = shareKey(a.keys, b.keys);
  const transcribedKeys = keyed && (a.mode === 'syllabic') !== (b.mode === 'syllabic');
  if ((keyed && !transcribedKeys) || (longer <= 6 && Math.min(a.text.length, b.text.length) <= 4 && sameShortSpelling(a, b))) best = NATIONAL_SPELLING;
  // Greek has no h: a Greek spelling leaves out the h a Latin one writes (Εαθ, Heath; Σααμπ, Shahab).
  if (best.sim < T.nationalSpelling && (a.origin === 'greek') !== (b.origin === 'greek') && withoutH(a.origin === 'greek' ? a : b, a.origin === 'greek' ? b : a)) best = NATIONAL_SPELLING;
  // Sasha asked is the listed Aleksandr, Bill the listed William; a listed Alex is named Alex, not any Aleksandr asked.
  if (best.sim < T.familiarName && shareGroup(a.familiarIn, b.formalIn)) best = { sim: T.familiarName, how: 'familiar form' };
  if (best.sim < T.translation && (shareGroup(a.foreignIn, b.meaningIn) || shareGroup(a.meaningIn, b.foreignIn))) best = { sim: T.translation, how: 'translation' };
  if (max > 0 && best.sim < T.nationalSpelling) {
    const d = levenshtein(a.simp, b.simp, max);
    // Typing slips rarely hit the first letter; a different first letter makes the words less alike.
    if (d <= max) best = { sim: 1 - (d / Math.max(longer, 4)) * T.typoPerEdit - (a.simp[0] !== b.simp[0] ? T.typoFirstLetter : 0), how: 'typo', edits: d };
  }
  if ((a.mode || b.mode) && best.sim < T.transcriptionExact && a.mode !== b.mode) {
    const [foreign, latin] = a.mode ? [a, b] : [b, a];
    const reading = transcriptionReading(foreign, latin, foreign.mode!, foreign.origin, transcribedKeys ? Math.min(floor, T.compoundFloor) : floor);
    const s = Math.min(T.transcriptionExact, reading);
    if (transcribedKeys && s >= T.compoundFloor) best = NATIONAL_SPELLING;
    else if (s > best.sim) best = { sim: s, how: 'transcription', reading };
  } else if (a.mode === 'abjad' && b.mode === 'abjad' && best.sim < T.transcriptionExact) {
    // Two abjad spellings write different vowels ("khn" / "khan"): the fuller one is read as the vowelled word.
    const [bare, full] = a.text.length <= b.text.length ? [a, b] : [b, a];
    const s = transcriptionSim(bare, full, 'abjad', undefined, floor);
    if (s > best.sim) best = { sim: s, how: 'transcription' };
  }
  // Jaro-Winkler is the costly measure: only worth it where it can change the answer.
  if (best.sim >= 0.92 || a.simp[0] !== b.simp[0]) return best;
  if (a.skel === b.skel && a.skel.length >= 3 && best.sim < 0.85 && Math.abs(a.simp.length - b.simp.length) <= 2 && (a.mode || b.mode || sameShape(a.simp, b.simp))) {
    // Same consonants, different vowels: strong only when the spellings are also close.
    const jw = jaroWinkler(a.simp, b.simp);
    // Three consonants are shared by many unrelated names (h-s-n); longer skeletons say more.
    if (jw >= 0.8) best = { sim: Math.min(a.skel.length >= 4 ? T.soundsAlikeLong : T.soundsAlikeShort, jw), how: 'sounds alike' };
  }
  // Jaro-Winkler rewards shared beginnings; on short words that is all it sees ("grin"/"griffin").
  if (longer >= 6 && Math.min(a.simp.length, b.simp.length) >= 5) {
    const jw = jaroWinkler(a.simp, b.simp);
    if (jw >= T.jaroWinklerFloor && jw * T.jaroWinklerScale > best.sim) best = { sim: jw * T.jaroWinklerScale, how: 'similar' };
  }
  return best;
}

function shareKey(a: string[], b: string[]): boolean {
  for (const k of a) if (b.includes(k)) return true;
  return false;
}

function shareGroup(a: number[] | undefined, b: number[] | undefined): boolean {
  return a !== undefined && b !== undefined && a.some((g) => b.includes(g));
}

/**
 * Whether two Latin words have their vowels in the same places (which vowels may differ: Mohamed, Muhammad): words
 * whose consonants only happen to come in the same order group them differently (Tabrah, Tauber).
 */
function sameShape(a: string, b: string): boolean {
  return a.replace(/[aeiou]+/g, '.') === b.replace(/[aeiou]+/g, '.');
}

function withoutH(greek: NameToken, latin: NameToken): boolean {
  return latin.simp.includes('h') && greek.simp === latin.simp.replace(/h/g, '').replace(/(.)\1+/g, '$1');
}
