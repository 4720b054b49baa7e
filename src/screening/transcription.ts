import { NAME_TUNING as T } from './config.js';
import type { NameToken } from './normalize.js';
import { englishForm, latinReadings, sameInFold, type FoldMode } from './spellings.js';
import table from './data/translit.json' with { type: 'json' };
import { alsoRead } from './transliterate.js';

/**
 * How alike a word written in a transcription or an abjad is to a word in Latin letters: a weighted
 * edit distance over their English-convention spellings in which the vowels a Katakana or Hangul
 * transcription adds after consonants, and the vowels an abjad leaves unwritten, cost little, and
 * letters the transcribing language does not tell apart cost less than other changes.
 */
export function transcriptionSim(foreign: NameToken, latin: NameToken, mode: FoldMode, origin?: string, floor = 0): number {
  return Math.min(T.transcriptionExact, transcriptionReading(foreign, latin, mode, origin, floor));
}

/**
 * The measure before its cap (name.transcriptionExact): near 1 when the words differ only by the vowels the script
 * leaves unwritten or adds, lower for a looser reading that the cap makes look the same (حماس: Hamas 0.98, Hamisho 0.9).
 */
export function transcriptionReading(foreign: NameToken, latin: NameToken, mode: FoldMode, origin?: string, floor = 0): number {
  const l = english(latin, mode);
  const f = english(foreign, mode, origin, true);
  let s = weightedDistanceSim(f, l, mode, floor, origin);
  // English spellings write an abjad's dh (ذ, and ظ ض as Iraq and the Gulf say them) th, the letters of the voiced sound
  // of "this" (Kathim, Thiab), which the English convention folds to t: a Latin th is also read dh against it.
  if (mode === 'abjad' && f.includes('D') && latin.text.includes('th')) {
    s = Math.max(s, weightedDistanceSim(f, englishForm(latin.text.replace(/th/g, 'dh'), undefined, mode), mode, floor, origin));
  }
  // Egypt says ج g (Gamal, Naguib), and the Gulf, Libya, Sudan and the Bedouin say ق g (Gaddafi, Gasim): against a Latin
  // g (not the gh of غ) the abjad's j and q are also read g.
  if (mode === 'abjad' && /[jq]/.test(foreign.text) && /g(?!h)/.test(latin.text)) {
    s = Math.max(s, readAs(foreign.text.replace(/[jq]/g, 'g'), l, mode, floor, origin));
  }
  // A Katakana or Hangul transcription writes a Latin c said ts (Polish, Czech, Serbo-Croatian, Hungarian) ツ or ㅊ, read c
  // (spellings.json syllabic latinReadings): against it the Latin word is also read so.
  if (mode === 'syllabic' && s < T.transcriptionExact && f.includes('c')) {
    const readings = latinReadings(latin.text, mode);
    for (let k = 1; k < readings.length; k++) s = Math.max(s, weightedDistanceSim(f, englishForm(readings[k], undefined, mode), mode, floor, origin));
  }
  // An s, t or d before h (ה ه ح) is two letters as often as a digraph (סהין "shyn" is Sahin, طه "th" Taha). Not k: kh is
  // one letter of its own (ח خ) far more often than ק or ك before a he.
  if (mode === 'abjad' && s < T.transcriptionExact && /[tsd]h/.test(foreign.text)) {
    s = Math.max(s, weightedDistanceSim(englishForm(foreign.text.replace(/(?<=[tsd])h/g, '|h'), origin, mode, true).replace(/\|/g, ''), l, mode, floor, origin));
  }
  // A script's letters for foreign sounds it lacks (Thai ค, read kh, for k; translit.json alsoRead) are also read so.
  const also = s < T.transcriptionExact && origin !== undefined ? alsoRead(origin, foreign.text) : undefined;
  if (also) s = Math.max(s, readAs(also, l, mode, floor, origin));
  if (origin !== 'library' || s >= T.transcriptionExact) return s;
  // A library (any-ascii) writes ذ dh, and د before a final ta marbuta (ة h) too ("q`dh", al-Qa'ida): a final dh is also
  // read d and h. (Bulwark's own table reads ة a, so its final dh is ذ.)
  if (foreign.text.endsWith('dh')) s = Math.max(s, weightedDistanceSim(`${englishForm(foreign.text.slice(0, -1), origin, mode, true)}h`, l, mode, floor, origin));
  // It reads ض as d, which Persian, Urdu and Turkish say z (فیض "fyd", Faiz): against a Latin z its d may be ض.
  if (latin.text.includes('z') && /d(?!h)/.test(foreign.text)) s = Math.max(s, readAs(foreign.text.replace(/d(?!h)/g, 'dh'), l, mode, floor, origin));
  return s;
}

/** The foreign word read otherwise (its own letters, in the English convention) against the Latin word's form `l`. */
function readAs(other: string, l: string, mode: FoldMode, floor: number, origin?: string): number {
  return weightedDistanceSim(englishForm(other, origin, mode, true), l, mode, floor, origin);
}

/**
 * A word's English-convention spelling in a fold mode, kept on the token: a word is compared with hundreds of others.
 * The other script's own words keep their doubled letters and dh (an abjad's) or their vowels written twice (`own`, englishForm).
 */
function english(t: NameToken, mode: FoldMode, origin?: string, own = false): string {
  if (origin !== undefined && origin !== t.origin) return englishForm(t.text, origin, mode, own);
  const slot = (mode === 'abjad' ? 1 : 0) + (origin === undefined ? 0 : 2) + (own ? 4 : 0);
  const forms = (t.english ??= []);
  return (forms[slot] ??= englishForm(t.text, origin, mode, own));
}

/**
 * Consonants that cost a whole edit against anything but another such consonant (not a vowel letter, y, w, v or h, nor
 * a letter of their classes, nor the letters some rule pairs cheaply with another: c s j d t), per mode.
 */
const FIRM: Record<FoldMode, Uint8Array> = { syllabic: firmTable('syllabic'), abjad: firmTable('abjad') };

function firmTable(mode: FoldMode): Uint8Array {
  const t = new Uint8Array(128);
  const soft = [...'aeiouywvhcsjdtDT'];
  for (let c = 97; c <= 122; c++) {
    const ch = String.fromCharCode(c);
    if (!soft.some((x) => x === ch || (x >= 'a' && sameInFold(x, ch, mode)))) t[c] = 1;
  }
  return t;
}

/** Scratch for firmGap, by letter class: firm consonants of the foreign word that cost an edit, all of them, the Latin word's. */
const costing = new Int16Array(128);
const all = new Int16Array(128);
const latin = new Int16Array(128);

/**
 * A lower bound of the distance: the firm consonants of one word that have no firm consonant of their class in the
 * other word each cost a whole edit (a substitution pays for one on each side; an abjad's doubled letter may be free).
 */
function firmGap(f: string, l: string, mode: FoldMode, { cls, firm }: Letters): number {
  for (let i = 0; i < f.length; i++) {
    const c = f.charCodeAt(i) & 127;
    if (!firm[c]) continue;
    all[cls[c]]++;
    if (mode !== 'abjad' || i === 0 || f.charCodeAt(i - 1) !== f.charCodeAt(i)) costing[cls[c]]++;
  }
  for (let j = 0; j < l.length; j++) {
    const c = l.charCodeAt(j) & 127;
    if (firm[c] && !(mode === 'syllabic' && unsaidR(l, j))) latin[cls[c]]++;
  }
  let extraF = 0;
  let extraL = 0;
  // Each class once: the first letter of the class met settles it and clears it.
  for (let x = 0; x < f.length + l.length; x++) {
    const k = cls[(x < f.length ? f.charCodeAt(x) : l.charCodeAt(x - f.length)) & 127];
    if (costing[k] > latin[k]) extraF += costing[k] - latin[k];
    if (latin[k] > all[k]) extraL += latin[k] - all[k];
    costing[k] = all[k] = latin[k] = 0;
  }
  return Math.max(extraF, extraL);
}

/**
 * An English r after a vowel and not before one is not said (non-rhotic English), and Katakana and Hangul write the
 * vowel long or alone (リバーズ "ribazu" Rivers, センター center; 외래어 표기법: 버드 bird): against a transcription it costs
 * what a vowel does.
 */
function unsaidR(l: string, j: number): boolean {
  return l.charCodeAt(j) === R && j > 0 && VOWELS[l.charCodeAt(j - 1) & 127] === 1 && !(j + 1 < l.length && VOWELS[l.charCodeAt(j + 1) & 127] === 1);
}

/** Letters the transcribing language does not tell apart, as one class code per letter (spellings.json folds). */
const CLASSES: Record<FoldMode, Uint8Array> = { syllabic: classTable('syllabic'), abjad: classTable('abjad') };

function classTable(mode: FoldMode): Uint8Array {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) t[c] = c;
  for (let a = 97; a <= 122; a++) for (let b = 97; b < a; b++) if (sameInFold(String.fromCharCode(a), String.fromCharCode(b), mode)) t[a] = t[b];
  return t;
}

/**
 * A script that writes several Latin consonants with one letter compares them as a class of its own: Tamil has one letter
 * for k and g, t and d, p and b (translit.json tamil.classes), and reads them by their place in the word, which a foreign
 * name's spelling does not follow (பசார் Bashar, அசத் Asad); Arabic writes the p and v it lacks as ب b and ف f
 * (translit.json arabicForeignLetters: بوتين Putin, فلاديمير Vladimir), in its own letters and as a library reads them.
 */
const MODE_LETTERS: Record<FoldMode, Letters> = { syllabic: { cls: CLASSES.syllabic, firm: FIRM.syllabic }, abjad: { cls: CLASSES.abjad, firm: FIRM.abjad } };
const ARABIC_LETTERS = merged('abjad', table.arabicForeignLetters.classes);
const ORIGIN_LETTERS = new Map<string, Letters>([
  ['tamil', merged('abjad', table.tamil.classes)],
  ['arabic', ARABIC_LETTERS],
  ['library', ARABIC_LETTERS],
]);

/** A mode's letter classes and firm consonants. */
interface Letters {
  cls: Uint8Array;
  firm: Uint8Array;
}

/**
 * The mode's classes with each group's letters (and the letters already in a class with one of them) made one class;
 * a firm consonant in a class with a letter that is not firm is no longer firm (firmGap stays a lower bound).
 */
function merged(mode: FoldMode, groups: string[][]): Letters {
  const cls = CLASSES[mode].slice();
  for (const g of groups) {
    const joined = new Set(g.map((c) => cls[c.charCodeAt(0)]));
    const to = cls[g[0].charCodeAt(0)];
    for (let c = 0; c < cls.length; c++) if (joined.has(cls[c])) cls[c] = to;
  }
  const firm = FIRM[mode].slice();
  for (let c = 97; c <= 122; c++) if (firm[c]) for (let x = 97; x <= 122; x++) if (cls[x] === cls[c] && !FIRM[mode][x]) firm[c] = 0;
  return { cls, firm };
}

const VOWELS = new Uint8Array(128);
for (const c of 'aeiou') VOWELS[c.charCodeAt(0)] = 1;
const [A, E, I, O, U, V, W, Y, H, C, S, J, D, TEE, DH, TH, R] = [...'aeiouvwyhcsjdtDTr'].map((c) => c.charCodeAt(0));
// Scratch space reused by every comparison (grown when a longer word comes): a comparison allocates nothing.
let rowA = new Float64Array(64);
let rowB = new Float64Array(64);
let fc = new Uint8Array(64);
let lc = new Uint8Array(64);
/** The Latin letters' columns in the substitution table (a y that is a glide has its own). */
let lcol = new Uint8Array(64);
let dropF = new Float64Array(64);
let dropL = new Float64Array(64);
let glide = new Uint8Array(64);

/** Columns of the substitution table: a letter's code, and a Latin y that is a glide; rows: a letter's code, and an abjad's final h. */
const COLUMNS = 129;
const GLIDE_Y = 128;
const FINAL_H = 128;
/** By mode (syllabic, abjad) and letter table: a script's table (ORIGIN_LETTERS) may meet either mode. */
const SUBSTITUTIONS = [new Map<Letters, Float64Array>(), new Map<Letters, Float64Array>()];

/**
 * The cost of writing each foreign letter (row) as each Latin letter (column), by letter classes and mode: worked out
 * once per table, where the comparison's inner loop asked the same questions of every pair of letters.
 */
function substitutions(letters: Letters, syllabic: boolean): Float64Array {
  const made = SUBSTITUTIONS[syllabic ? 0 : 1];
  let t = made.get(letters);
  if (!t) {
    t = new Float64Array(COLUMNS * COLUMNS);
    for (let row = 0; row < COLUMNS; row++) for (let col = 0; col < COLUMNS; col++) t[row * COLUMNS + col] = substitutionCost(row === FINAL_H ? H : row, col === GLIDE_Y ? Y : col, syllabic, letters.cls, row === FINAL_H, col === GLIDE_Y);
    made.set(letters, t);
  }
  return t;
}

/** The cost of the foreign letter `a` written as the Latin letter `b` (`final`: an abjad's last letter; `glide`: a y before no vowel). */
function substitutionCost(a: number, b: number, syllabic: boolean, cls: Uint8Array, final: boolean, glide: boolean): number {
  const { transcriptionFreeVowelCost: free, transcriptionVowelCost: vowelSub, transcriptionClassCost: classSub, transcriptionYodCost: yod } = T;
  if (a === b) return 0;
  const va = VOWELS[a] === 1;
  const vowelish = va || a === Y;
  // An abjad's vowel letters: waw/vav (read w or v) stands for o or u, yod/ya for i or e, a final he or ta marbuta for a or e.
  const letterFor = syllabic ? 0 : a === V || a === W ? 1 : a === Y ? 2 : a === H && final ? 3 : 0;
  const vb = VOWELS[b] === 1;
  // An abjad's vowel letters before the cost of a vowel written as another: ي written for i or e is that vowel,
  // at the yod's own cost (it also writes y, ay and ey).
  if ((letterFor === 1 && (b === O || b === U)) || (letterFor === 3 && (b === A || b === E))) return free;
  if (letterFor === 2 && (b === I || b === E)) return yod;
  if (vowelish && (vb || glide)) return vowelSub;
  // Katakana writes a v or w as the vowel u (ウラジーミル Vladimir, ウィリアム William), Hangul a w as 우 or 오 (우아, 오아).
  if (syllabic && ((a === U && b === V) || ((a === U || a === O) && b === W))) return classSub;
  // An abjad's dh (ذ ض, and ظ as libraries read it) is said d in Arabic and z in Persian, Urdu and Turkish (Mahfouz,
  // Nazir, Ramazan), and its th (ث) t in Arabic and s in Persian, Urdu and Turkish (Ghias, Osman).
  if ((a === DH && (b === D || b === S)) || (a === TH && (b === TEE || b === S))) return 0;
  // A Latin ch is sh in French spellings (Charif) or ch (the fold has it as kh, German and Dutch ch: ח, خ).
  if (!syllabic && b === C && (a === S || a === J)) return classSub;
  return !va && !vb && cls[a] === cls[b] ? classSub : 1;
}

/**
 * `f` and `l`: the foreign and the Latin word in their English-convention spellings (englishForm). With a
 * `floor`, a pair whose distance already exceeds what the floor allows stops early and answers 0 (below it).
 */
function weightedDistanceSim(f: string, l: string, mode: FoldMode, floor: number, origin?: string): number {
  if (!f || !l) return 0;
  // Most pairs compared are far apart: a bound that costs a pass over the letters spares them the whole table.
  const letters = (origin !== undefined && ORIGIN_LETTERS.get(origin)) || MODE_LETTERS[mode];
  if (floor > 0 && 1 - firmGap(f, l, mode, letters) / Math.max(l.length, 4) < floor) return 0;
  const syllabic = mode === 'syllabic';
  const sub = substitutions(letters, syllabic);
  const { transcriptionFreeVowelCost: free, transcriptionVowelDropCost: vowelDrop } = T;
  const n = f.length;
  const m = l.length;
  if (fc.length < n) [fc, dropF] = [new Uint8Array(n * 2), new Float64Array(n * 2)];
  if (lc.length <= m) [lc, lcol, dropL, glide, rowA, rowB] = [new Uint8Array(m * 2 + 2), new Uint8Array(m * 2 + 2), new Float64Array(m * 2 + 2), new Uint8Array(m * 2 + 2), new Float64Array(m * 2 + 2), new Float64Array(m * 2 + 2)];
  for (let i = 0; i < n; i++) fc[i] = f.charCodeAt(i) & 127;
  for (let j = 0; j < m; j++) lc[j] = l.charCodeAt(j) & 127;
  // Cost of dropping the foreign letter at i (an added vowel after a consonant is nearly free).
  // An h costs as little as on the Latin side: a transcription writes as a syllable of its own the h that Latin
  // digraphs (dh, gh, kh) fold away ("알드하리" al-Dhari, "디르그함" Dirgham).
  // Hangul adds only ㅡ (read u) and, after ch, j, sh, ㅣ: another vowel after a consonant is the name's own.
  const hangul = origin === 'hangul';
  for (let i = 0; i < n; i++) {
    const c = fc[i];
    // A vowel written again is a hiatus that Latin may write with one vowel (사아드 Saad, Sad).
    const added = syllabic && i > 0 && ((!VOWELS[fc[i - 1]] && (!hangul || c === U || c === I)) || c === fc[i - 1]);
    dropF[i] = VOWELS[c] || c === Y || c === W ? (added ? free : vowelDrop) : syllabic && c === H ? vowelDrop : 1;
  }
  // An abjad writes the vowel a word begins with as an alef: before a vowel letter the alef only carries it (אי = i,
  // او = u); before a consonant it is that vowel, so against a Latin word that begins with a consonant it is a letter
  // missing, not an unwritten vowel (אסד is Asad, not Saeedi).
  if (!syllabic && n > 1 && fc[0] === A) dropF[0] = fc[1] === Y || fc[1] === V || fc[1] === W ? free : 1;
  // An abjad writes a doubled consonant once (the shadda is a mark libraries leave out), so a letter written twice is
  // two consonants with a vowel between ("jnn", Janan) or a name's own double letter that Latin writes doubled
  // too (الله, "llh", -ullah): the second costs what an unwritten vowel does. So does a vowel letter written twice: the
  // two stood on either side of an ayin or a hamza, which the reading leaves out (جماعة "jmaa": Jamaat, Jama'at).
  if (!syllabic) for (let i = 1; i < n; i++) if (fc[i] === fc[i - 1]) dropF[i] = free;
  // Cost of a Latin letter with no counterpart (in an abjad, short vowels are not written); a y before a
  // vowel is a consonant the other script writes, elsewhere a vowel. A syllabic script writes y and w in the vowel
  // (ㅑ, ㅘ, ヤ, ワ; spellings.json glides): one missing is a vowel missing.
  for (let j = 0; j < m; j++) {
    glide[j] = lc[j] === Y && !(j + 1 < m && VOWELS[lc[j + 1]]) ? 1 : 0;
    lcol[j] = glide[j] ? GLIDE_Y : lc[j];
    dropL[j] = VOWELS[lc[j]] ? (syllabic ? vowelDrop : free) : lc[j] === H || glide[j] || (syllabic && (lc[j] === Y || lc[j] === W || unsaidR(l, j))) ? vowelDrop : 1;
  }
  // A final ta marbuta (ة: a library's h, Bulwark's a) is said t before the next word, as Latin writes it there (Jazirat
  // al-Arab, Jabhat al-Nusrah; ALA-LC romanizes it t in the construct state), and Persian, Urdu and Turkish write it t
  // (Nusrat, Hikmet).
  // Said at the end of a word it is the a or e that Latin may write with an h (Hamzah, Hamzeh).
  if (!syllabic && (fc[n - 1] === H || fc[n - 1] === A) && m > 2 && (lc[m - 1] === TEE || lc[m - 1] === H) && (lc[m - 2] === A || lc[m - 2] === E)) dropL[m - 1] = free;
  let prev = rowA;
  let cur = rowB;
  prev[0] = 0;
  for (let j = 1; j <= m; j++) prev[j] = prev[j - 1] + dropL[j - 1];
  // No cost is negative, so a row's least cost only grows: past this the answer is below the floor.
  const maxDistance = (1 - floor) * Math.max(m, 4) + 1e-9;
  for (let i = 1; i <= n; i++) {
    const a = fc[i - 1];
    const d = dropF[i - 1];
    // An abjad's final he or ta marbuta has a row of its own (substitutionCost).
    const row = (!syllabic && a === H && i === n ? FINAL_H : a) * COLUMNS;
    cur[0] = prev[0] + d;
    for (let j = 1; j <= m; j++) {
      const s = sub[row + lcol[j - 1]];
      const x = prev[j] + d;
      const y = cur[j - 1] + dropL[j - 1];
      const z = prev[j - 1] + s;
      cur[j] = x < y ? (x < z ? x : z) : y < z ? y : z;
    }
    if (floor > 0) {
      let least = cur[0];
      for (let j = 1; j <= m; j++) if (cur[j] < least) least = cur[j];
      if (least > maxDistance) return 0;
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return Math.max(0, 1 - prev[m] / Math.max(m, 4));
}
