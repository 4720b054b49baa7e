import { NAME_TUNING as T } from './config.js';
import type { NameToken } from './normalize.js';
import { englishForm, sameInFold, type FoldMode } from './spellings.js';

const isVowel = (c: string | undefined) => c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u';

/**
 * How alike a word written in a transcription or an abjad is to a word in Latin letters: a weighted
 * edit distance over their English-convention spellings in which the vowels a Katakana or Hangul
 * transcription adds after consonants, and the vowels an abjad leaves unwritten, cost little, and
 * letters the transcribing language does not tell apart cost less than other changes.
 */
export function transcriptionSim(foreign: NameToken, latin: NameToken, mode: FoldMode, origin?: string): number {
  const key = `${mode}:${origin ?? ''}:${foreign.text}\u0001${latin.text}`;
  let sim = pairCache.get(key);
  if (sim === undefined) {
    sim = weightedDistanceSim(foreign.text, latin.text, mode, origin);
    if (pairCache.size > 200_000) pairCache.clear();
    pairCache.set(key, sim);
  }
  return sim;
}

/** Pairs already compared: the same listed words meet the same transcribed words again and again. */
const pairCache = new Map<string, number>();

function weightedDistanceSim(foreignText: string, latinText: string, mode: FoldMode, origin?: string): number {
  const f = englishForm(foreignText, origin);
  const l = englishForm(latinText);
  if (!f || !l) return 0;
  const syllabic = mode === 'syllabic';
  const { transcriptionFreeVowelCost: free, transcriptionVowelDropCost: vowelDrop, transcriptionVowelCost: vowelSub, transcriptionClassCost: classSub } = T;
  const n = f.length;
  const m = l.length;
  // Cost of dropping the foreign letter at i (an added vowel after a consonant is nearly free).
  const dropF = new Float64Array(n);
  for (let i = 0; i < n; i++) dropF[i] = isVowel(f[i]) || f[i] === 'y' || f[i] === 'w' ? (syllabic && i > 0 && !isVowel(f[i - 1]) ? free : vowelDrop) : 1;
  // An abjad's word-initial alef before a vowel letter only carries it (אי = i, او = u).
  if (!syllabic && f[0] === 'a' && (f[1] === 'y' || f[1] === 'v' || f[1] === 'w')) dropF[0] = free;
  // Cost of a Latin letter with no counterpart (in an abjad, short vowels are not written).
  const dropL = new Float64Array(m);
  // A y before a vowel is a consonant the other script writes; elsewhere it is a vowel.
  const glide = (j: number) => l[j] === 'y' && !isVowel(l[j + 1]);
  for (let j = 0; j < m; j++) dropL[j] = isVowel(l[j]) ? (syllabic ? vowelDrop : free) : l[j] === 'h' || glide(j) || (syllabic && l[j] === 'y') ? vowelDrop : 1;
  // An abjad's vowel letters: waw/vav (read w or v) stands for o or u, yod/ya for i or e, a final he or ta marbuta for a or e.
  const vowelLetter = (i: number, b: string) =>
    !syllabic && (((f[i] === 'v' || f[i] === 'w') && (b === 'o' || b === 'u')) || (f[i] === 'y' && (b === 'i' || b === 'e')) || (f[i] === 'h' && i === n - 1 && (b === 'a' || b === 'e')));
  const sub = (i: number, j: number) => {
    const a = f[i];
    const b = l[j];
    if (a === b) return 0;
    const va = isVowel(a);
    const vb = isVowel(b);
    if ((va || a === 'y') && (vb || glide(j))) return vowelSub;
    if (vowelLetter(i, b)) return free;
    return !va && !vb && sameInFold(a, b, mode) ? classSub : 1;
  };
  let prev = new Float64Array(m + 1);
  let cur = new Float64Array(m + 1);
  for (let j = 1; j <= m; j++) prev[j] = prev[j - 1] + dropL[j - 1];
  for (let i = 1; i <= n; i++) {
    const d = dropF[i - 1];
    cur[0] = prev[0] + d;
    for (let j = 1; j <= m; j++) {
      const a = prev[j] + d;
      const b = cur[j - 1] + dropL[j - 1];
      const c = prev[j - 1] + sub(i - 1, j - 1);
      cur[j] = a < b ? (a < c ? a : c) : b < c ? b : c;
    }
    [prev, cur] = [cur, prev];
  }
  return Math.max(0, Math.min(T.transcriptionExact, 1 - prev[m] / Math.max(m, 4)));
}
