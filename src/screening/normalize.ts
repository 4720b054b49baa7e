import type { Schema, Script } from '../domain/entity.js';
import { detectScript } from '../domain/script.js';
import rules from './data/name-rules.json' with { type: 'json' };
import translit from './data/translit.json' with { type: 'json' };
import { NAME_TUNING } from './config.js';
import { foldKey, isPatronymic, spellingKeys, type FoldMode } from './spellings.js';
import { gluedPinyin, hanCharacters, HEPBURN, kanaGluedToPinyin } from './han.js';
import { CANONICAL, removeLegalForm, unglueLegalForm } from './legal-forms.js';
import { abjadGroups, cyrillicGroups, englishGroups, withoutHebrewArticle, withoutSlavicStopWords } from './translations.js';
import { alsoRead, foldModeOf, hasLibraryYoon, isTranscription, LIBRARY_KATAKANA, spelledLetters, toLatin, WRITTEN_ENGLISH, yoonAsHepburn } from './transliterate.js';

/** One word of a name, in the forms the matcher compares. */
export interface NameToken {
  /** Latin, lower-case, no diacritics: "girkin". */
  text: string;
  /** Spelling-variant form: digraphs and letter classes folded ("kh"→"h", "y"→"i", doubled letters single). */
  simp: string;
  /** Consonant skeleton of `simp` (first letter kept): survives vowel changes and unwritten vowels. */
  skel: string;
  /** Particles (al, bin, van…) count little. */
  particle: boolean;
  /** Part of a hyphenated word ("pridmore" in "Pridmore-Smith"): never a droppable middle name. */
  compound?: boolean;
  /** The word read under each national spelling convention (spellings.json), for "Poutine" = "Putin". */
  keys: string[];
  /** Words written in a syllabic transcription or an abjad are also compared by these consonant keys. */
  mode?: FoldMode;
  /** The spelling the word was read in before the English convention applies ("han": pinyin). */
  origin?: string;
  fold?: string[];
  /** The Chinese character (simplified) a pinyin syllable was read from: different characters are different names. */
  glyph?: string;
  patronymic?: boolean;
  /** Its consonants without a leading y before a vowel, filled when hits are joined (screen.ts): Yevgeny = Evgeny. */
  targetKey?: string;
  /** Groups of name-rules.json's familiarNames this word is a full name of (Aleksandr), and a familiar form of (Sasha). */
  formalIn?: number[];
  familiarIn?: number[];
  /** Groups of name-rules.json's translatedWords this word is the English word of (network)… */
  meaningIn?: number[];
  /** …and a word in another language of, as its reading writes it (شبكة "shbka", Мрежата "mrezhata": network). */
  foreignIn?: number[];
  /** Its English-convention spellings per fold mode, filled as comparisons need them (transcription.ts). */
  english?: (string | undefined)[];
  /** Its three-letter national spelling keys, filled as comparisons need them (spellings.ts). */
  short?: string[];
  /** Its weight in the index `weighedIn` (index.ts): scoring asks a word's weight for every name it is compared with. */
  weighedIn?: object;
  weight: number;
}

export interface NormalisedName {
  original: string;
  /** Neighbouring words joined ("jin ping" → "jinping"), by the first word's position, each made on first use. */
  joined?: (NameToken | undefined)[];
  /** Whether any of its words is in a transcription or an abjad (name-match.ts), filled when first compared. */
  transcribed?: boolean;
  /** Runs of its words joined for compounds (compounds.ts runJoinings), by run, filled as comparisons need them. */
  runs?: NameToken[][];
  script: Script;
  /** True when the name was converted from another script. */
  transliterated: boolean;
  /** Read as a foreign name transcribed into Chinese characters, kana or Hangul (whole words, not syllables). */
  transcription?: boolean;
  /** One of several names a query holds ("X (A; B)", query.ts): screened as a reading of the query. */
  alias?: boolean;
  tokens: NameToken[];
  /** The canonical legal form removed from an organisation's name ("llc", "jsc"…), if any. */
  legalForm?: string;
  titles: string[];
  /** In "SURNAME, Given Middle": the position of the first given name (the words are kept as written). */
  given?: number;
  /** How a query's other reading reads it (query.ts alternatives: "Korean", "Cantonese"…), for the hit's reasons. */
  readAs?: string;
  /** English words its reading may have written for trade words (航空 aero, 国际 international): companies of other names share them. */
  translated?: ReadonlySet<string>;
}

const HONORIFICS = new Set(rules.honorifics);
const TITLES = new Set(rules.titles);
const STOP = new Set(rules.stopWords);
const PARTICLES = new Set(rules.particles);
const ABJAD_PARTICLES = new Set(rules.abjadParticles.words); // an abjad's reading spelling another (على "la") is a word
/** The article assimilated to a sun letter, as a transcription by sound writes it (at-Tawhid): al, as the lists write it. */
const SUN_ARTICLE = new RegExp(rules.sunLetterArticle.pattern);
const TRANSCRIBED_STOP = new Set(rules.transcribedStopWords.words);
const GIVEN_NAME_TITLES = new Set(rules.givenNameTitles.words);

const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };

/** Lower-case ASCII letters and digits, with diacritics and special letters folded. */
export function foldAscii(s: string): string {
  return s
    .toLowerCase()
    .replace(/[ßæœøłđðþıħ]/g, (c) => FOLD[c])
    .normalize('NFKD')
    .replace(/\p{M}/gu, '');
}

const MARKED: Record<string, string> = rules.markedLetters.map;
const MARKED_LETTER = new RegExp(`[${Object.keys(MARKED).join('')}]`, 'iu');
const MARKED_WORD = new RegExp(`[\\p{L}\\p{M}'’\`ʻʼ‘-]*${MARKED_LETTER.source}[\\p{L}\\p{M}'’\`ʻʼ‘-]*`, 'giu');
const foldedWords = (s: string) => foldAscii(s).replace(/['’`ʻʼ‘]/g, '').split(/[^a-z0-9]+/).filter(Boolean);
/** Words holding a letter a romanisation marks (name-rules.json markedLetters), folded, with their reading as said. */
function markedReadings(text: string): Map<string, string> | undefined {
  let out: Map<string, string> | undefined;
  for (const [word] of text.matchAll(MARKED_WORD)) {
    const said = foldedWords(word.toLowerCase().replace(/./gu, (c) => MARKED[c] ?? c));
    foldedWords(word).forEach((w, k) => said[k] && said[k] !== w && (out ??= new Map()).set(w, said[k]));
  }
  return out;
}

const DIGRAPHS: [RegExp, string][] = [
  [/shch|sch|tsch/g, 'S'], [/tch|ch|tsh|cs/g, 'C'], [/dzh|dj|zh/g, 'J'], [/sh/g, 'S'], [/kh/g, 'h'], [/gh/g, 'g'],
  [/ph/g, 'f'], [/th/g, 't'], [/dh/g, 'd'], [/ts|tz|cz/g, 'C'], [/ck/g, 'k'], [/q/g, 'k'], [/x/g, 'ks'], [/w/g, 'v'],
  // A leading j before a vowel is the ISO/German spelling of the English y (Jurij/Yuriy, Jana/Yana).
  [/c(?=[ei])/g, 's'], [/c/g, 'k'], [/^j(?=[aeiou])/g, 'y'], [/ou|oo/g, 'u'], [/ee|ie|ij|iy|yi|ii/g, 'i'], [/y/g, 'i'], [/j$/g, 'i'],
  [/([^aeiou])h/g, '$1'], [/h$/g, ''],
];

/** Folds the spellings that transliteration systems disagree on into one form. */
export function simplify(token: string): string {
  let s = token;
  for (const [re, to] of DIGRAPHS) s = s.replace(re, to);
  s = s.replace(/(.)\1+/g, '$1');
  return s.toLowerCase() || token;
}

export function skeleton(simp: string): string {
  if (simp.length <= 2) return simp;
  return (simp[0] + simp.slice(1).replace(/[aeiou]/g, '')).replace(/(.)\1+/g, '$1');
}


/** A word of two or more letters without a vowel (y and w are the abjads' vowel letters). */
function isConsonantal(w: string): boolean {
  return w.length >= 2 && /^[a-z]+$/.test(w) && !/[aeiou]/.test(w) && !PARTICLES.has(w);
}

/** A word whose only vowel letter is a: a library reads an abjad's alef as a and writes no other vowel ("akhwnd", "agh"). */
function writesOnlyAlef(w: string): boolean {
  return w.length >= 2 && /^[a-z]+$/.test(w) && !/[eiou]/.test(w);
}

/** Such a word that is not a particle (particles say nothing of whether a name is an abjad's reading). */
function isAlefOnly(w: string): boolean {
  return writesOnlyAlef(w) && !PARTICLES.has(w);
}

/** Latin words that are an abjad written letter for letter (see normaliseName). */
function abjadInLatin(words: string[]): boolean {
  const consonantal = words.filter(isConsonantal).length;
  return (consonantal >= 2 && consonantal * 2 >= words.length) || (words.length === 1 && consonantal === 1 && words[0].length >= NAME_TUNING.abjadWordAlone) || (words.length >= 2 && words.some((w) => isConsonantal(w) && w.length >= 3) && words.every(isAlefOnly));
}

/** any-ascii writes the hamza on its seats ئ and ؤ as i' and u' ("ri'ysy", رئیسی Raisi): a vowel no other word of its reading writes. */
const HAMZA_SEAT = /(?<=[a-z])([iu])'/gi;

/** A library's reading of an abjad, where its hamza seats read as the yod and waw they are written on make it one. */
function hamzaSeatsAsLetters(latin: string): string {
  if (!/[a-z][iu]'/i.test(latin)) return latin;
  const seated = latin.replace(HAMZA_SEAT, (_, v: string) => (v.toLowerCase() === 'i' ? "y'" : "w'"));
  return abjadInLatin(seated.toLowerCase().replace(/['’`ʻʼ‘]/g, '').split(/[^a-z0-9]+/).filter(Boolean)) ? seated : latin;
}

/** Where word `k` of a name of `length` words comes as the name is said: "SURNAME, Given" (`given`, the first given name's position) is said Given SURNAME. */
export function saidAt(k: number, given: number, length: number): number {
  return k >= given ? k - given : k + length - given;
}

/** Words `at` and `at + 1` joined, made when first asked (most pairs never are) and kept on the name. */
export function joinedToken(n: NormalisedName, at: number): NameToken {
  const joined = (n.joined ??= []);
  return (joined[at] ??= makeToken(n.tokens[at].text + n.tokens[at + 1].text, n.tokens[at].mode, n.script === 'Han' ? 'han' : undefined));
}

/** The familiar-name groups, each with its full names and familiar forms in their spelling-variant form. */
export const FAMILIAR_GROUPS = rules.familiarNames.groups.map((g) => ({ names: g.names.map(simplify), familiar: g.familiar.map(simplify) }));
const groupsBy = (side: 'names' | 'familiar') => {
  const m = new Map<string, number[]>();
  FAMILIAR_GROUPS.forEach((g, i) => g[side].forEach((s) => m.set(s, [...new Set([...(m.get(s) ?? []), i])])));
  return m;
};
const FORMAL_IN = groupsBy('names');
const FAMILIAR_IN = groupsBy('familiar');

/**
 * Marks a Latin word that is a full given name or a familiar form of one (familiarNames), by its spelling-variant form,
 * and a Latin or abjad word that is a word the lists translate (translatedWords).
 */
export function markFamiliar(t: NameToken): void {
  if (t.mode !== 'syllabic') {
    const meaning = t.mode ? undefined : englishGroups(t.text);
    const foreign = t.mode ? abjadGroups(t.text) : cyrillicGroups(t.text);
    if (meaning) t.meaningIn = meaning;
    if (foreign) t.foreignIn = foreign;
  } else {
    // A Japanese name's trade words are read as English (transliterate.ts): the group's other English words are their translations.
    const foreign = englishGroups(t.text);
    if (foreign) t.foreignIn = foreign;
  }
  if (t.mode) return;
  const [formal, familiar] = [FORMAL_IN.get(t.simp), FAMILIAR_IN.get(t.simp)];
  if (formal) t.formalIn = formal;
  if (familiar) t.familiarIn = familiar;
}

/**
 * A token with every field present, in one order: tokens made here and read from a saved index then share one
 * shape, so the comparisons that read them stay fast (fields added later one by one gave each mix its own shape).
 */
export function newToken(text: string, simp: string, skel: string, particle: boolean, keys: string[]): NameToken {
  return {
    text, simp, skel, particle, compound: undefined, keys, mode: undefined, origin: undefined, fold: undefined, glyph: undefined,
    patronymic: undefined, targetKey: undefined, formalIn: undefined, familiarIn: undefined, meaningIn: undefined, foreignIn: undefined, english: undefined, short: undefined,
    weighedIn: undefined, weight: 0,
  };
}

/** The scripts whose words carry their script as `origin`: rules of that script's writing apply to them (spellings, transcription). */
const ORIGINS: Partial<Record<Script, string>> = { Han: 'han', Greek: 'greek', Georgian: 'georgian', Thai: 'thai', Tamil: 'tamil', Arabic: 'arabic', Bengali: 'bengali' };

const TAMIL_VOICED = new Map(translit.tamil.classes.map(([voiceless, voiced]) => [voiceless, voiced]));
const ARABIC_LOOKUP = translit.arabicForeignLetters.lookup;

export function makeToken(text: string, mode?: FoldMode, origin?: string): NameToken {
  const simp = simplify(text);
  const t = newToken(text, simp, skeleton(simp), PARTICLES.has(text) && (mode !== 'abjad' || ABJAD_PARTICLES.has(text)), spellingKeys(text));
  if (isPatronymic(text)) t.patronymic = true;
  if (origin) t.origin = origin;
  if (mode) t.mode = mode;
  markFamiliar(t);
  if (mode) {
    // A vav or waw (read v or w) may be a vowel letter or a consonant, and so may a final he; dh (ذ ض ظ, as libraries
    // write them) is said and spelt z as often as d, and th (ث) s as often as t; a letter before h (ه ح) is two letters
    // as often as a digraph ("athad" is Ittihad: ت ح), read with an H that no spelling rule joins: every reading is kept.
    // A transcription writes the h of a Latin digraph (gh, dh, kh) as a syllable of its own ("그호르바니안" Ghorbanian),
    // and the final h after a vowel (Arabic ه ة) that Latin spellings write or leave out (Sumayyah, Sumaya) as 흐 or ハ:
    // the word is also looked up without them. A library's word of two letters and the ta marbuta's h (جماعة "jm`h"),
    // too short to be looked up without it, is looked up with the t it is said with before the next word (Jamaat).
    const readings =
      mode === 'abjad'
        ? [text, text.replace(/[vw]/g, '')].flatMap((r) => (origin === 'library' && /d(?!h)/.test(r) ? [r, r.replace(/d(?!h)/g, 'z')] : [r])).flatMap((r) => (/.{3}h$/.test(r) ? [r, r.slice(0, -1)] : origin === 'library' && /^[^aeiou]{2}h$/.test(r) ? [r, `${r.slice(0, -1)}t`] : [r])).flatMap((r) => (r.includes('dh') ? [r, r.replace(/dh/g, 'z')] : [r])).flatMap((r) => (r.includes('th') ? [r, r.replace(/th/g, 's')] : [r])).flatMap((r) => (/[tsdkgc]h/.test(r) ? [r, r.replace(/(?<=[tsdkgc])h/g, 'H')] : [r]))
        : [text, text.replace(/(?<=[^aeiou])uh(?=[aeiou])/g, ''), text.replace(/(?<=.{3}[aeiou])h[aeiou]?$/, '')];
    // Letters a script writes for a foreign sound it lacks (transcription.ts): the word is also looked up so read.
    const also = origin === undefined ? undefined : alsoRead(origin, text);
    if (also) readings.push(also);
    // Tamil writes k and g, t and d, p and b with one letter each (transcription.ts): the word is also looked up voiced.
    if (origin === 'tamil') readings.push(text.replace(/[ktp]/g, (c) => TAMIL_VOICED.get(c)!));
    // Arabic writes a foreign p as b and v as f (translit.json arabicForeignLetters): the word is also looked up so read.
    if ((origin === 'arabic' || origin === 'library') && /[bf]/.test(text)) for (const [from, to] of ARABIC_LOOKUP) readings.push(...readings.filter((r) => r.includes(from)).map((r) => r.replaceAll(from, to)));
    t.fold = [...new Set(readings.map((r) => foldKey(r, mode, origin)))];
  }
  return t;
}

/** Capitalised pinyin syllables glued (a library's reading of Chinese characters: "CSTYouXianHuiShe") as words. */
const unglueSyllables = (s: string) => gluedPinyin(s, (syllables) => syllables.join(' ')).trim();

/** Whether a text is only a legal form (有限公司 "you xian gong si", as a Chinese name's part after a bracket is). */
export function onlyLegalForm(text: string): boolean {
  const latin = foldAscii(detectScript(text) === 'Latin' ? text : toLatin(text));
  return CANONICAL.has(latin.split(/[^a-z0-9]+/).filter(Boolean).join(' '));
}

/**
 * Normalises a name for matching: script conversion, diacritics, punctuation, titles,
 * organisation legal forms and stop words. Name order is kept; matching ignores it.
 */
export function normaliseName(text: string, schema?: Schema, reading?: 'transcription'): NormalisedName {
  const original = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const script = detectScript(original);
  const transcription = reading === 'transcription' || isTranscription(original, script);
  const read = script === 'Latin' ? hamzaSeatsAsLetters(original) : original;
  const glued = script === 'Latin' ? kanaGluedToPinyin(read) : undefined;
  const latin = glued ? spelledLetters(foldAscii(unglueSyllables(glued.text)), true) : foldAscii(toLatin(read, transcription));
  // Apostrophes and ayn marks join ("Da'esh" → "daesh"); every other non-alphanumeric separates.
  const compound = new Set<string>();
  const lettersRun = new Set<number>();
  let words = latin
    .replace(/['’`ʻʼ‘]/g, '')
    .split(/[^a-z0-9-]+/)
    .flatMap((w) => {
      const parts = w.split('-').filter(Boolean).map((p, k, all) => (SUN_ARTICLE.test(p) && all[k + 1]?.startsWith(p.slice(1)) ? 'al' : p));
      if (parts.length > 1 && !PARTICLES.has(parts[0])) parts.forEach((p) => compound.add(p));
      return parts;
    });
  // Arabic script writes the article joined to the word ("المزيده"): split it off.
  if (script === 'Arabic' || script === 'Hebrew') words = words.flatMap((w) => (/^al.{3,}/.test(w) ? ['al', w.slice(2)] : [w]));
  // The preposition li (for) takes the article's alef (للصرافة, li-l-sirafa: for the exchange); it goes as English "for" does.
  if (script === 'Arabic') words = words.flatMap((w) => (/^ll.{3,}/.test(w) ? ['al', w.slice(2)] : [w]));
  if (script === 'Hebrew') words = withoutHebrewArticle(words);
  // Leading honorifics and titles go from people's names ("Mr", "Dr", "Col."). Titles that are
  // also ordinary words go, when the kind of party is not known, only while two words remain,
  // so "General Dynamics" stays whole.
  const titles: string[] = [];
  let given: number | undefined;
  if (schema !== 'Organization' && schema !== 'Vessel' && schema !== 'Aircraft') {
    const keep = (w: string) => (HONORIFICS.has(w) || (schema === 'Person' && !GIVEN_NAME_TITLES.has(w)) ? 1 : 2);
    // Honorifics written short (Mr, Dr, Adm) are Latin abbreviations: Arabic writes no such word, and an Arabic word read
    // without its short vowels may look like one (عمر "mr" is Omar, آدم "adm" Adam), in Arabic script or a library's
    // reading of it ("`mr lbshyr").
    const abbreviation = (w: string) => w.length <= 3 && (script === 'Arabic' || (script === 'Latin' && abjadInLatin(words.slice(1))));
    while (words.length > keep(words[0]) && (HONORIFICS.has(words[0]) || TITLES.has(words[0])) && !abbreviation(words[0])) titles.push(words.shift()!);
    // In "SURNAME, Given" the given part leads after the comma: "WA'IL, Hajji" is Hajji Wa'il.
    const parts = latin.split(',');
    if (parts.length === 2) {
      const at = parts[0].replace(/['’`ʻʼ‘]/g, '').split(/[^a-z0-9]+/).filter(Boolean).length - titles.length;
      while (at > 0 && at < words.length && HONORIFICS.has(words[at])) titles.push(...words.splice(at, 1));
      if (at > 0 && at < words.length) given = at;
    }
  }
  // Kept only when no word is dropped or joined below, so it still points at the first given name.
  const counted = words.length;
  // Where the words kept after a legal form start among those read.
  let firstKept = 0;
  let legalForm: string | undefined;
  if (schema !== 'Person' && words.length) {
    const written = removeLegalForm(words);
    const r = written.legalForm ? written : unglueLegalForm(words);
    firstKept = written.from;
    words = r.words;
    legalForm = r.legalForm;
  }
  const kept = withoutSlavicStopWords(words.filter((w) => !STOP.has(w)));
  if (kept.length) words = kept;
  // Initials and acronyms written letter by letter ("R D I", "I.A.C.") read as one word.
  words = words.reduce<string[]>((acc, w) => {
    const prev = acc[acc.length - 1];
    if (w.length === 1 && prev !== undefined && /^[a-z]+$/.test(prev) && acc.length > 0 && lettersRun.has(acc.length - 1)) {
      acc[acc.length - 1] = prev + w;
      lettersRun.add(acc.length - 1);
    } else {
      acc.push(w);
      if (w.length === 1) lettersRun.add(acc.length - 1);
    }
    return acc;
  }, []);

  const mode = foldModeOf(script, transcription);
  const origin = script === 'Hangul' ? (transcription ? 'hangul' : undefined) : ORIGINS[script];
  // A Latin name most of whose words have no vowel is an abjad written letter for letter ("mhmd hsyn"), and so is
  // one with a vowelless word whose other words write only the alef's a ("jnn agh"): its words without a vowel
  // other than a are compared by consonants. One such word alone is more likely an acronym, unless it is longer than
  // acronyms are ("lmrbtwn", al-Murabitun).
  const abjadLatin = script === 'Latin' && abjadInLatin(words);
  // Katakana read by a library keeps its middle dots as hyphens ("aru-kaida-obu-jihado"): three or more such parts,
  // every one made of Hepburn syllables, are a transcription, compared by sound, and so are two where one is a
  // Katakana trade word as the library reads it ("karashinikofu-kontsuerun"); so is kana glued to pinyin
  // ("ZhuShiHuiShekarashinikofu", a Japanese company's name). The library writes kana in lower case: a name whose words
  // in lower case are all Hepburn syllables is kana too where one holds a yōon it reads as two kana ("ijiyumashiyu R&D
  // senta") or two are joined by the middle dot's hyphen ("erumoburuku-mafutafu").
  const lowerCase = script === 'Latin' ? original.split(' ').map((w) => w.replace(/^\p{P}+|\p{P}+$/gu, '')).filter((w) => /^[a-z]+(?:-[a-z]+)*$/.test(w)) : [];
  const kanaInLatin =
    script === 'Latin' &&
    (Boolean(glued?.kana) ||
      (lowerCase.length > 0 && lowerCase.every((w) => w.split('-').every((p) => HEPBURN.test(p))) && lowerCase.some((w) => w.includes('-') || hasLibraryYoon(w))) ||
      latin.split(/[^a-z-]+/).some((w) => {
        const parts = w.split('-');
        return parts.length >= 2 && parts.every((p) => HEPBURN.test(p)) && (parts.length >= 3 || parts.some((p) => LIBRARY_KATAKANA.has(p)));
      }));
  // Its trade words in Katakana, as the library reads them, are the English words (コンツェルン "kontsuerun" concern).
  const katakanaEnglish = kanaInLatin && words.some((w) => LIBRARY_KATAKANA.has(w));
  if (katakanaEnglish) words = words.map((w) => LIBRARY_KATAKANA.get(w) ?? w);
  // Its yōon as Hepburn writes them, one syllable ("jiyu" ju, "piyotoru" pyotoru): the y is no consonant of the name.
  if (kanaInLatin) words = words.map((w) => (HEPBURN.test(w) ? yoonAsHepburn(w) : w));
  // In such a name the particles a library writes without vowels (bn, bnt, wld) are the abjad's words too, as بن is in
  // Arabic script: compared by consonants with bin, ibn and the Maghrebi ben.
  const modeOf = (w: string) => mode ?? (kanaInLatin && HEPBURN.test(w) ? 'syllabic' : abjadLatin && writesOnlyAlef(w) ? 'abjad' : undefined);
  // A transcription of an English name writes its stop words too (ザ za, オブ obu).
  const spoken = origin === undefined || origin === 'hangul' ? words.filter((w) => !(modeOf(w) === 'syllabic' && TRANSCRIBED_STOP.has(w))) : words;
  if (spoken.length && spoken.length < words.length) words = spoken;
  const marked = script === 'Latin' && MARKED_LETTER.test(read) ? markedReadings(read) : undefined;
  const tokens = words.map((w) => {
    // A library's reading of an abjad (any-ascii) is marked: it reads ض as d, which Persian and Urdu say z.
    const t = makeToken(w, modeOf(w), script === 'Latin' && modeOf(w) === 'abjad' ? 'library' : origin);
    if (compound.has(w)) t.compound = true;
    const said = marked?.get(w); // ë is ё, said yo: Fëdor is Fyodor as well as Fedor
    if (said) t.keys = [...new Set([...t.keys, ...spellingKeys(said)])];
    return t;
  });
  // Chinese names read syllable by syllable keep their characters, to tell apart names that only sound the same
  // (a legal form taken off, 有限公司, takes its characters with it).
  const all = script === 'Han' && !transcription ? hanCharacters(original) : [];
  const glyphs = all.length === counted && legalForm ? all.slice(firstKept, firstKept + tokens.length) : all;
  if (glyphs.length === tokens.length) tokens.forEach((t, i) => (t.glyph = glyphs[i]));
  return {
    original,
    script,
    ...(transcription ? { transcription } : {}),
    transliterated: script !== 'Latin',
    tokens,
    ...(legalForm ? { legalForm } : {}),
    titles,
    ...(given !== undefined && tokens.length === counted ? { given } : {}),
    ...(script === 'Kana' || katakanaEnglish ? { translated: WRITTEN_ENGLISH } : {}),
  };
}
