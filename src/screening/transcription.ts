import { NAME_TUNING as T } from './config.js';
import type { NameToken } from './normalize.js';
import { englishForm, sameInFold, type FoldMode } from './spellings.js';

const VOWEL = /[aeiou]/;
const isVowel = (c: string | undefined) => c !== undefined && VOWEL.test(c);

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
  // Cost of dropping the foreign letter at i (an added vowel after a consonant is nearly free).
  const dropF = (i: number) =>
    isVowel(f[i]) || f[i] === 'y' || f[i] === 'w' ? (syllabic && i > 0 && !isVowel(f[i - 1]) ? T.transcriptionFreeVowelCost : T.transcriptionVowelDropCost) : 1;
  // Cost of a Latin letter with no counterpart (in an abjad, short vowels are not written).
  const dropL = (j: number) => (isVowel(l[j]) ? (syllabic ? T.transcriptionVowelDropCost : T.transcriptionFreeVowelCost) : l[j] === 'h' ? T.transcriptionVowelDropCost : 1);
  // An abjad's vowel letters: waw/vav (read w or v) stands for o or u, a final he or ta marbuta for a or e.
  const vowelLetter = (i: number, b: string) => !syllabic && (((f[i] === 'v' || f[i] === 'w') && (b === 'o' || b === 'u')) || (f[i] === 'h' && i === f.length - 1 && (b === 'a' || b === 'e')));
  const sub = (i: number, b: string) => {
    const a = f[i];
    if (a === b) return 0;
    if (isVowel(a) && isVowel(b)) return T.transcriptionVowelCost;
    if (vowelLetter(i, b)) return T.transcriptionFreeVowelCost;
    return !isVowel(a) && !isVowel(b) && sameInFold(a, b, mode) ? T.transcriptionClassCost : 1;
  };
  let prev = new Array<number>(l.length + 1);
  let cur = new Array<number>(l.length + 1);
  prev[0] = 0;
  for (let j = 1; j <= l.length; j++) prev[j] = prev[j - 1] + dropL(j - 1);
  for (let i = 1; i <= f.length; i++) {
    cur[0] = prev[0] + dropF(i - 1);
    for (let j = 1; j <= l.length; j++) cur[j] = Math.min(prev[j] + dropF(i - 1), cur[j - 1] + dropL(j - 1), prev[j - 1] + sub(i - 1, l[j - 1]));
    [prev, cur] = [cur, prev];
  }
  return Math.max(0, Math.min(T.transcriptionExact, 1 - prev[l.length] / Math.max(l.length, 4)));
}
