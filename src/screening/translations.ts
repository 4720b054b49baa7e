import anyAscii from 'any-ascii';
import rules from './data/name-rules.json' with { type: 'json' };
import { Remembered } from './memo.js';
import { toLatin } from './transliterate.js';

/**
 * Words the lists translate in an organisation's name while transcribing its proper names (name-rules.json
 * translatedWords: شبكة حقاني is HAQQANI NETWORK, Мрежата на ал-Заркауи AL-ZARQAWI NETWORK). A word read from an abjad
 * is marked with the groups whose Arabic or Persian spelling it reads as, a Latin word with those whose Cyrillic
 * word it reads as (`foreignIn`) and with those whose English word it is (`meaningIn`).
 */
export const TRANSLATED = rules.translatedWords.groups;
const FORMS = rules.translatedWords.cyrillicForms;
const SCHOLARLY: Record<string, string> = FORMS.scholarly;

// Most readings are already ASCII, which decomposition leaves as it is.
const plain = (s: string) => (/[^\x00-\x7f]/.test(s) ? s.normalize('NFKD').replace(/\p{M}/gu, '') : s).toLowerCase().replace(/['’`ʻʼ‘]/g, '');
/** A Cyrillic word's Latin spellings differ most in how they write й, ы and the soft vowels (narodnyy, narodnyj, narodny). */
const loose = (s: string) => plain(s).replace(/[yj]+/g, 'i').replace(/i+/g, 'i');
const byReading = new Map<string, number[]>();
const byEnglish = new Map<string, number[]>();
const byCyrillic = new Map<string, number[]>();
const add = (m: Map<string, number[]>, k: string, g: number) => {
  const groups = m.get(k);
  if (!groups) m.set(k, [g]);
  else if (!groups.includes(g)) groups.push(g);
};

/** A Cyrillic entry's written forms: an adjective's stem ("исламск-") with its endings, each also with the Bulgarian and Macedonian article. */
function cyrillicForms(entry: string): string[] {
  const bare = entry.endsWith('-') ? FORMS.adjectiveEndings.map((e) => entry.slice(0, -1) + e) : [entry];
  // Bulgarian and Macedonian words end in a vowel or a hard consonant (never ь or й before the article: those are Russian).
  const withArticle = (w: string) => (w.length < 4 ? [] : FORMS.articles.filter(([end]) => (end ? w.endsWith(end) : /[^аеиоуъюяіыэьй]$/.test(w))).map(([, article]) => w + article));
  return [...new Set(bare.flatMap((w) => [w, ...withArticle(w)]))];
}

/** A Cyrillic letter as the scholarly spelling writes it, else as Bulwark's table does (each letter read once: thousands of forms are built at start-up). */
const LETTERS = new Remembered<string>(1_000);
const letter = (c: string) => LETTERS.get(c) ?? LETTERS.keep(c, SCHOLARLY[c] ?? toLatin(c));

/** The Latin spellings of a Cyrillic word: Bulwark's table, any-ascii's, the Bulgarian official (ъ a) and the scholarly one (ж ž). */
function cyrillicReadings(w: string): string[] {
  const own = toLatin(w);
  return [own, w.includes('ъ') ? toLatin(w.replace(/ъ/g, 'а')) : own, anyAscii(w), [...w].map(letter).join('')].map(plain);
}

TRANSLATED.forEach((group, g) => {
  // As Bulwark's table reads the word (ة a: "shbka") and as a library does (ة h: "shbkh"), which also glues the
  // article on without its alef ("lslmy").
  for (const w of group.abjad) for (const r of [toLatin(w), anyAscii(w), anyAscii(`ال${w}`)]) add(byReading, plain(r), g);
  for (const e of group.english) add(byEnglish, e, g);
  for (const entry of group.cyrillic) for (const w of cyrillicForms(entry)) for (const r of cyrillicReadings(w)) add(byCyrillic, loose(r), g);
});

/** The translatedWords groups an abjad word is in, by its reading. */
export function abjadGroups(text: string): number[] | undefined {
  return byReading.get(text);
}

/** The translatedWords groups a Latin word is the English word of. */
export function englishGroups(text: string): number[] | undefined {
  return byEnglish.get(text);
}

/** The translatedWords groups a Latin word is a Cyrillic word of, as one of its Latin spellings writes it ("mrezhata", network). */
export function cyrillicGroups(text: string): number[] | undefined {
  return byCyrillic.get(loose(text));
}

const SLAVIC_STOP = new Set(FORMS.stopWords.flatMap(cyrillicReadings));

/**
 * A name holding a Cyrillic organisation word (not one English writes the same: front, bank) is written in a Slavic
 * language: its prepositions and conjunctions (на, за, и…) go as the English stop words do.
 */
export function withoutSlavicStopWords(words: string[]): string[] {
  if (!words.some((w) => w.length >= 4 && cyrillicGroups(w) && !englishGroups(w))) return words;
  const kept = words.filter((w) => !SLAVIC_STOP.has(w));
  return kept.length ? kept : words;
}

const HEBREW_ARTICLE = /^v?h(?=.{3})/;

/**
 * Hebrew writes its article ה, and the conjunction ו before it, joined to the word ("והג'האד", and the Jihad). A word
 * whose rest is one of these words ("הארגון") is read without them; in a name holding one (a Hebrew organisation's name,
 * not an Arabic one written in Hebrew letters) so is every other word that keeps three letters.
 */
export function withoutHebrewArticle(words: string[]): string[] {
  const bare = words.map((w) => (!abjadGroups(w) && abjadGroups(w.replace(HEBREW_ARTICLE, '')) ? w.replace(HEBREW_ARTICLE, '') : w));
  return bare.some((w) => abjadGroups(w)) ? bare.map((w) => (abjadGroups(w) ? w : w.replace(HEBREW_ARTICLE, ''))) : bare;
}
