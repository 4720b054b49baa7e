import anyAscii from 'any-ascii';
import { createRequire } from 'node:module';
import type { Script } from '../domain/entity.js';
import table from './data/translit.json' with { type: 'json' };
import rules from './data/name-rules.json' with { type: 'json' };
import type { FoldMode } from './spellings.js';
import { Remembered } from './memo.js';

/**
 * Converts names in other scripts to Latin letters: the tables in translit.json where they are
 * better than a general library (Cyrillic, Greek, Arabic/Persian, Hebrew, Hangul, kana), pinyin for
 * Chinese characters, and the any-ascii library for every other script.
 */

const SINGLE = new Map<string, string>();
for (const t of [table.cyrillic, table.greek, table.arabic, table.hebrew]) for (const [k, v] of Object.entries(t)) SINGLE.set(k, v);
const KANA = new Map<string, string>(Object.entries(table.kana));
const KANA_COMBOS = new Map<string, string>(Object.entries(table.kanaCombos));
// Katakana sit 0x60 above their hiragana.
for (const [k, v] of [...KANA]) KANA.set(String.fromCharCode(k.charCodeAt(0) + 0x60), v);
for (const [k, v] of [...KANA_COMBOS]) KANA_COMBOS.set([...k].map((c) => String.fromCharCode(c.charCodeAt(0) + 0x60)).join(''), v);
/** Brahmic letters read otherwise than any-ascii reads them (translit.json brahmic), by code point; with a nukta, by the letter's. */
const BRAHMIC = new Map<number, string>();
const BRAHMIC_NUKTA = new Map<number, string>();
const NUKTA_OFFSET = parseInt(table.brahmic.nukta, 16);
for (const block of table.brahmic.blocks.map((b) => parseInt(b, 16))) {
  for (const [at, to] of Object.entries(table.brahmic.letters)) BRAHMIC.set(block + parseInt(at, 16), to);
  for (const [at, to] of Object.entries(table.brahmic.withNukta)) BRAHMIC_NUKTA.set(block + parseInt(at, 16), to);
}

const BRAHMIC_BLOCKS = new Set(table.brahmic.blocks.map((b) => parseInt(b, 16)));
const [FIRST_CONSONANT, LAST_CONSONANT] = table.brahmic.consonants.map((c) => parseInt(c, 16));
const HA_OFFSET = parseInt(table.brahmic.ha, 16);
const isConsonant = (cp: number) => BRAHMIC_BLOCKS.has(cp & ~0x7f) && (cp & 0x7f) >= FIRST_CONSONANT && (cp & 0x7f) <= LAST_CONSONANT;

const TAMIL = 0x0b80;
const TAMIL_STOPS = new Map(Object.entries(table.tamil.stops).map(([at, r]) => [TAMIL + parseInt(at, 16), r]));
const TAMIL_NASALS = new Set(table.tamil.nasals.map((at) => TAMIL + parseInt(at, 16)));
const TAMIL_SONORANTS = new Set(table.tamil.sonorants.map((at) => TAMIL + parseInt(at, 16)));
const PULLI = TAMIL + parseInt(table.tamil.pulli, 16);
const CA = TAMIL + 0x1a;

/** A Tamil stop read by its place in the word (translit.json tamil: one letter for voiced and voiceless), or undefined. */
function tamilStop(cps: number[], i: number): string | undefined {
  const r = TAMIL_STOPS.get(cps[i]);
  if (!r) return undefined;
  // A stop that closes a syllable (the pulli after it) is voiceless; the first of a doubled ச is silent: the pair is one ch.
  if (cps[i + 1] === PULLI) return cps[i] === CA && cps[i + 2] === CA ? '' : r[0];
  const prev = cps[i - 1];
  if (prev === undefined || prev >> 7 !== TAMIL >> 7) return r[0];
  if (prev !== PULLI) return r[1];
  const before = cps[i - 2];
  if (before === cps[i]) return cps[i] === CA ? 'ch' : r[0];
  return TAMIL_NASALS.has(before) ? r[2] : TAMIL_SONORANTS.has(before) ? r[1] : r[0];
}

/** A run of letters without a table here, read by any-ascii, but for the Brahmic letters above. */
function libraryRun(s: string): string {
  let out = '';
  let plain = '';
  const cps = [...s].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i];
    const next = cps[i + 1];
    const withNukta = next !== undefined && next >> 7 === cp >> 7 && (next & 0x7f) === NUKTA_OFFSET ? BRAHMIC_NUKTA.get(cp) : undefined;
    const own = withNukta ?? tamilStop(cps, i) ?? BRAHMIC.get(cp);
    if (withNukta !== undefined) i++;
    // any-ascii leaves out the vowel a consonant carries; before ha it keeps them apart (तहेर is ta-her, not "ther").
    const apart = isConsonant(cp) && cps[i + 1] !== undefined && cps[i + 1] >> 7 === cp >> 7 && (cps[i + 1] & 0x7f) === HA_OFFSET ? 'a' : '';
    if (own === undefined) {
      plain += String.fromCodePoint(cp) + apart;
      continue;
    }
    out += anyAscii(plain) + own + apart;
    plain = '';
  }
  // The anusvara is the nasal said as the next consonant is (चंद्र Chandra, शंकर Shankar, अंबानी Ambani): n, m before a lip consonant.
  return (out + anyAscii(plain)).replace(/N(?=[pbm])/g, 'm').replace(/N/g, 'n');
}

const GREEK_DIGRAPHS = new RegExp(table.greekDigraphs.map(([from]) => `(${from})`).join('|'), 'gu');

const HAN = /\p{Script=Han}/u;
const HANGUL = /[\uac00-\ud7a3]/;
const HANGUL_BASE = 0xac00;
/** A space before a small kana or the long-vowel mark, which never begin a word (イジ ュマシュ). */
const SPACE_IN_WORD = /\s+(?=[ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー])/gu;
/**
 * Words of English a Katakana rendering writes out (オブ of), read as those words, and so are the trade words a Japanese
 * company's name writes as Katakana loanwords (システムズ systems) or in kanji (航空 aero, 機械 machinery), which its
 * English name translates (name-rules.json translatedWords: each reads as its group's first English word).
 */
const FUNCTION_WORDS = new Map([...table.katakanaFunctionWords, ...rules.translatedWords.groups.flatMap((g) => (g.katakana ?? []).map((k) => [k, g.english[0]]))].map(([k, v]) => [k, ` ${v} `]));
/** The Katakana trade words as a library reads them (コンツェルン "kontsuerun"), each as its group's first English word. */
export const LIBRARY_KATAKANA = new Map(rules.translatedWords.groups.flatMap((g) => (g.katakana ?? []).map((k): [string, string] => [anyAscii(k).toLowerCase(), g.english[0]])));
/**
 * The yōon as a library reads them, each small ya, yu, yo a full kana (ジュ "jiyu", キョ "kiyo", シュ "shiyu"), and as
 * Hepburn writes them, one syllable (ju, kyo, shu: translit.json kanaCombos), longest first.
 */
const LIBRARY_YOON = new Map([...KANA_COMBOS].filter(([k]) => /[ゃゅょ]$/u.test(k)).map(([k, v]): [string, string] => [anyAscii(k).toLowerCase(), v]));
const YOON_READ = new RegExp([...LIBRARY_YOON.keys()].sort((a, b) => b.length - a.length).join('|'), 'g');
/** Whether a word holds a yōon as a library reads it ("ijiyumashiyu"). */
const YOON_FOUND = new RegExp(YOON_READ.source);
export const hasLibraryYoon = (word: string) => YOON_FOUND.test(word);
/** A word of a library's reading of kana with its yōon as Hepburn, and Bulwark's reading of the Katakana, write them ("ijumashu"). */
export const yoonAsHepburn = (word: string) => word.replace(YOON_READ, (read) => LIBRARY_YOON.get(read)!);
const KANJI_WORDS = new Map(rules.translatedWords.groups.flatMap((g) => (g.kanji ?? []).map((k) => [k, ` ${g.english[0]} `])));
/** The English words a Japanese name's reading writes for its trade words (normalize.ts: no evidence of which company it is). */
export const WRITTEN_ENGLISH: ReadonlySet<string> = new Set([...FUNCTION_WORDS.values(), ...KANJI_WORDS.values()].flatMap((e) => e.trim().split(' ')));
/** Kanji words of two or more characters, longest first; a word of one character (国 state) is read only standing alone. */
const KANJI_COMPOUNDS = [...KANJI_WORDS.keys()].filter((k) => k.length > 1).sort((a, b) => b.length - a.length);
const PARTICLES = new Set(table.japaneseParticles);

/** Dots that separate the words of a foreign name written in Chinese characters or kana ("弗拉基米尔·普京"). */
const NAME_DOTS = /[·・•‧･]/;

/** Latin letters by their Katakana names (translit.json katakanaLetterNames), and as a library reads the names ("kiyu"). */
const LETTER_NAMES = new Map(Object.entries(table.katakanaLetterNames.letters));
const LETTER_READINGS = new Map([...LETTER_NAMES].map(([name, letter]) => [anyAscii(name).toLowerCase(), letter]));
const letterAlternatives = (names: Iterable<string>) => [...names].sort((a, b) => b.length - a.length).join('|');
/** Two or more letter names between middle dots, a whole word each (エー・キュー・アイ). */
const SPELT_KANA = new RegExp(`(?<![\\p{Script=Katakana}ー])(?:${letterAlternatives(LETTER_NAMES.keys())})(?:[・･](?:${letterAlternatives(LETTER_NAMES.keys())}))+(?![\\p{Script=Katakana}ー])`, 'gu');

/** An acronym spelt by its letters' Katakana names, as the letters (エー・キュー・アイ "aqi"); in a library's reading, three or more names ("e-kiyu-ai"). */
export function spelledLetters(text: string, library = false): string {
  if (library) return text.replace(/(?<![a-z-])[a-z]+(?:-[a-z]+){2,}(?![a-z-])/g, (run) => (run.split('-').every((p) => LETTER_READINGS.has(p)) ? run.split('-').map((p) => LETTER_READINGS.get(p)).join('') : run));
  return text.replace(SPELT_KANA, (run) => ` ${run.split(/[・･]/).map((n) => LETTER_NAMES.get(n)).join('')} `);
}

/**
 * A Hangul block in Latin letters. Korean names are read as the lists write them (ㄱ ㄷ ㅂ k t p: PAK, KIM); a
 * transcription of a foreign name after the loanword rules, which write b d g with ㅂ ㄷ ㄱ and p t k with ㅍ ㅌ ㅋ.
 */
function hangulSyllable(code: number, transcription: boolean): string {
  const i = code - HANGUL_BASE;
  const { initials, loanwordInitials, medials, finals } = table.hangul;
  return (transcription ? loanwordInitials : initials)[Math.floor(i / 588)] + medials[Math.floor((i % 588) / 28)] + finals[i % 28];
}

/** Hepburn for a run of kana: combos first, sokuon doubles the next consonant, the long-vowel mark is dropped. */
function kanaRun(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const two = s.slice(i, i + 2);
    const c = s[i];
    if (KANA_COMBOS.has(two)) {
      out += KANA_COMBOS.get(two);
      i++;
    } else if (c === 'っ' || c === 'ッ') {
      const next = KANA_COMBOS.get(s.slice(i + 1, i + 3)) ?? KANA.get(s[i + 1]) ?? '';
      // Hepburn writes the sokuon before ch as t (マッチ is matchi).
      out += next.startsWith('ch') ? 't' : next.charAt(0);
    } else if (c === 'ー') {
      continue;
    } else out += KANA.get(c) ?? c;
  }
  return out;
}

/** A run of kanji with the trade words it holds in English (機械製造工場 " machinery  manufacturing  plant "); other kanji kept. */
function kanjiWords(run: string): string {
  const whole = KANJI_WORDS.get(run);
  if (whole) return whole;
  let out = '';
  for (let i = 0; i < run.length; ) {
    const word = KANJI_COMPOUNDS.find((k) => run.startsWith(k, i));
    out += word ? KANJI_WORDS.get(word) : run[i];
    i += word ? word.length : 1;
  }
  return out;
}

/**
 * The Greek letters as a library reads them, letter by letter (any-ascii: θ "th", χ "ch", ψ "ps", υ "y", ου "oy", μπ
 * "mp"), back to the letters; of two letters read alike (η ι, ο ω) the one more digraphs are written with (ι, ο).
 */
const inDigraphs = (letter: string) => table.greekDigraphs.filter(([from]) => from.includes(letter)).length;
const LIBRARY_GREEK = new Map<string, string>();
for (const letter of Object.keys(table.greek).filter((l) => l !== 'ς').sort((a, b) => inDigraphs(b) - inDigraphs(a))) {
  const read = anyAscii(letter).toLowerCase();
  if (!LIBRARY_GREEK.has(read)) LIBRARY_GREEK.set(read, letter);
}
const GREEK_READ = new RegExp([...LIBRARY_GREEK.keys()].sort((a, b) => b.length - a.length).join('|'), 'g');
const GREEK_READ_WORD = new RegExp(`^(?:${GREEK_READ.source})+$`);
/** The digraphs Greek writes b, d, g, j, u with as a letter-by-letter reading writes them: ου "oy", γκ "gk", μπ "mp", ντ "nt", τζ "tz". */
const GREEK_READ_SIGN = new RegExp(table.greekLibrary.signs.join('|'));

/**
 * A Latin name that is Greek read letter by letter (ISO 843's transliteration, as a library writes it: "Moyamant
 * Gkalemp", Μουχαμάντ Γκάλεμπ) in Greek letters again, to be read as Greek speaks them (Muhamad Ghaleb); undefined
 * for a name with a letter no such reading writes (b, c, h, j, q, u, w but in th, ch) or none of those digraphs.
 */
export function greekFromLibrary(name: string): string | undefined {
  const words = name.toLowerCase().match(/[a-z]+/g) ?? [];
  if (!words.length || !words.every((w) => GREEK_READ_WORD.test(w)) || !words.some((w) => GREEK_READ_SIGN.test(w))) return undefined;
  return name.toLowerCase().replace(/[a-z]+/g, (w) => w.replace(GREEK_READ, (r) => LIBRARY_GREEK.get(r)!).replace(/σ$/, 'ς'));
}

/** Hebrew as a library reads it letter by letter (any-ascii), back to the letters (translit.json hebrewLibrary). */
const LIBRARY_HEBREW = new Map(Object.entries(table.hebrewLibrary.letters));
const HEBREW_READ = new RegExp(`${table.hebrewLibrary.geresh.map((g) => `${g}'`).join('|')}|${[...LIBRARY_HEBREW.keys()].sort((a, b) => b.length - a.length).join('|')}`, 'g');
const HEBREW_READ_WORD = new RegExp(`^(?:${HEBREW_READ.source})+$`);

/**
 * A Latin name that is Hebrew read letter by letter by a library ("'vv h'ld", אבו חאלד) in Hebrew letters again, to be
 * read as Bulwark reads Hebrew (ו a vowel or w, ג' j); undefined unless every word is only letters such a reading
 * writes (no vowels) and one holds a v (ו or ב), which no vowelless reading of Arabic writes.
 */
export function hebrewFromLibrary(name: string): string | undefined {
  const words = name.toLowerCase().match(/[a-z']+/g) ?? [];
  if (!words.length || !words.every((w) => HEBREW_READ_WORD.test(w)) || !words.some((w) => w.length > 1 && w.includes('v'))) return undefined;
  return name.toLowerCase().replace(/[a-z']+/g, (w) => w.replace(HEBREW_READ, (r) => (r.length > 1 && r.endsWith("'") ? `${LIBRARY_HEBREW.get(r.slice(0, -1))}'` : LIBRARY_HEBREW.get(r)!)));
}

const SCRIPT_READINGS = table.scriptReadings.map((r) => ({ ...r, letters: r.letters as unknown as Record<string, string>, pattern: new RegExp(`${r.insideWord ? '(?<=\\p{L})' : ''}(?:${Object.keys(r.letters).join('|')})`, 'gu') }));

/**
 * A name read with its script's letters for a sound it shares with other languages read as that sound too (Άντον Anton,
 * ფათი Fathi; translit.json scriptReadings), each reading with what it did.
 */
export function scriptReadings(name: string, script: string): { text: string; readAs: string }[] {
  // Most queries are in a script with no such letters: the name is not worked on for them.
  const rows = SCRIPT_READINGS.filter((r) => r.script === script);
  if (!rows.length) return [];
  const bare = name.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  return rows.map((r) => ({ text: bare.replace(r.pattern, (c) => r.letters[c]), readAs: r.readAs })).filter((r) => r.text !== bare);
}

/** Greek digraphs read as Modern Greek speaks them (μπ = b at the start of a word, mb inside). */
function greekDigraphs(s: string): string {
  return s.replace(GREEK_DIGRAPHS, (...m: unknown[]) => {
    for (let r = 0; r < table.greekDigraphs.length; r++) if (m[r + 1] !== undefined) return table.greekDigraphs[r][1];
    return String(m[0]);
  });
}

/**
 * A name written in Chinese characters or Hangul is a transcription of a foreign name when its words
 * are dot-separated, or (Hangul) longer than Korean names (up to 4 syllables): then each word is
 * kept whole instead of read syllable by syllable.
 */
export function isTranscription(text: string, script: Script): boolean {
  if (script === 'Kana') return true;
  if (script !== 'Han' && script !== 'Hangul') return false;
  if (NAME_DOTS.test(text)) return true;
  // Chinese writes the dot between a foreign name's parts; long Chinese names are firms, not transcriptions.
  if (script === 'Han') return false;
  const syllables = (w: string) => [...w].filter((c) => HANGUL.test(c)).length;
  return syllables(text) > 4 || text.split(/\s+/).some((w) => syllables(w) >= 4);
}

/** How a name's words are compared across scripts: syllabic transcriptions and the scripts that leave vowels unwritten. */
export function foldModeOf(script: Script, transcription: boolean): FoldMode | undefined {
  if (transcription) return 'syllabic';
  if (['Arabic', 'Hebrew', 'Syriac', 'Thaana', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Khmer', 'Myanmar', 'Tibetan'].includes(script)) return 'abjad';
  return undefined;
}

let pinyin: typeof import('pinyin-pro').pinyin | undefined;
/** The pinyin dictionary loads on the first Chinese character (its CommonJS build, synchronously), not with every process. */
const pinyinOf = () => (pinyin ??= (createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro')).pinyin);

const ALSO_READ = new Map(Object.entries(table.alsoRead).filter(([k]) => k !== 'note').map(([script, pairs]) => [script, pairs as string[][]]));

/** A word of a script read with the script's letters for foreign sounds as those sounds (translit.json alsoRead), or undefined. */
export function alsoRead(origin: string, text: string): string | undefined {
  const pairs = ALSO_READ.get(origin);
  if (!pairs) return undefined;
  let out = text;
  for (const [from, to] of pairs) out = out.replaceAll(from, to);
  return out === text ? undefined : out;
}

/**
 * Thai and Lao write five vowels before the consonant they follow in speech (Unicode's Logical_Order_Exception: เซอร์เกย์
 * is s-e-r-g-e-i), and the library reads letters in the order written ("esoreky"): each such vowel is moved after its
 * consonant. A syllable that begins with a vowel carries it on the letter อ (ອ in Lao), which says nothing there and which
 * the library reads o (อาลี "oali", Ali): before a vowel sign it goes.
 */
function inSpokenOrder(s: string): string {
  return s.replace(/(\p{Logical_Order_Exception})([\u0e01-\u0e2e\u0e81-\u0eae])/gu, '$2$1').replace(/[\u0e2d\u0ead](?=[\u0e48-\u0e4b\u0ec8-\u0ecb]?[\u0e30-\u0e39\u0e40-\u0e44\u0e47\u0eb0-\u0ebc\u0ec0-\u0ec4])/gu, '');
}

/** What toLatin does with a character, worked out once per character: the Unicode property tests are most of its cost. */
interface CharClass {
  han: boolean;
  script: 'hiragana' | 'katakana' | 'other';
  /** Kana (and the long-vowel mark) read as a run. */
  kana: boolean;
  /** A letter, digit or mark of a script without a table: read by the library, in runs. */
  library: boolean;
  mark: boolean;
  hangul: boolean;
  /** Its reading, where it does not depend on the call (Hangul and Han characters do). */
  reading?: string;
}
const CLASSES = new Remembered<CharClass>(20_000);

function classOf(ch: string): CharClass {
  return CLASSES.get(ch) ?? CLASSES.keep(ch, classify(ch));
}

function classify(ch: string): CharClass {
  const code = ch.codePointAt(0)!;
  const han = HAN.test(ch);
  const hangul = code >= HANGUL_BASE && code <= 0xd7a3;
  const lower = ch.toLowerCase();
  // Accented Greek and Cyrillic letters (ό, й stays whole in NFC) are looked up without their marks.
  const bare = lower.normalize('NFD').replace(/\p{M}/gu, '');
  const reading = NAME_DOTS.test(ch) ? ' ' : SINGLE.has(lower) ? SINGLE.get(lower) : bare && SINGLE.has(bare) ? SINGLE.get(bare) : hangul || han ? undefined : ch;
  return {
    han,
    script: /\p{Script=Hiragana}/u.test(ch) ? 'hiragana' : /\p{Script=Katakana}/u.test(ch) ? 'katakana' : 'other',
    kana: /[\p{Script=Hiragana}\p{Script=Katakana}ー]/u.test(ch) && !NAME_DOTS.test(ch),
    library: /[\p{L}\p{N}\p{M}]/u.test(ch) && !/[\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u.test(ch) && !SINGLE.has(lower) && !han && !HANGUL.test(ch),
    mark: /\p{M}/u.test(ch),
    hangul,
    ...(reading !== undefined ? { reading } : {}),
  };
}

/**
 * Latin rendering of a name in any script. Han characters become toneless pinyin, one syllable per
 * character separated by spaces ("习近平" → "xi jin ping"), and Hangul one syllable per block
 * ("김정은" → "kim jeong eun"), unless the name is a transcription of a foreign name (whole words).
 */
export function toLatin(text: string, transcription = false): string {
  let out = '';
  let kana = '';
  let other = '';
  const sep = transcription ? '' : ' ';
  const flushKana = () => {
    if (kana) out += FUNCTION_WORDS.get(kana) ?? (PARTICLES.has(kana) ? ' ' : kanaRun(kana));
    if (other) out += libraryRun(other);
    kana = '';
    other = '';
  };
  let src = /\p{Script=Greek}/u.test(text) ? greekDigraphs(text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')) : text;
  if (/\p{Script=Armenian}/u.test(src)) for (const [from, to] of table.armenianDigraphs) src = src.replaceAll(from, to);
  if (/\p{Script=Hebrew}/u.test(src)) for (const [from, to] of table.hebrewDigraphs) src = src.replaceAll(from, to);
  if (/[\p{Script=Thai}\p{Script=Lao}]/u.test(src)) src = inSpokenOrder(src);
  // Japanese: the company forms written in kanji are read in Hepburn, the trade words in English, and a run of kanji, of katakana, of hiragana or of
  // other letters is a word of its own ("公開株式会社カラシニコフ" is kokai kabushiki kaisha, Karashinikofu; "システムズCST";
  // "イラクとレバント" Iraku, Rebanto); other kanji are left out, and so are particles (translit.json japaneseNote).
  const japanese = /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(src);
  if (japanese) {
    src = spelledLetters(src.replace(SPACE_IN_WORD, ''));
    for (const [from, to] of table.japaneseWords) src = src.replaceAll(from, ` ${to} `);
    src = src.replace(/\p{Script=Han}+/gu, kanjiWords);
  }
  let run = '';
  for (const ch of src) {
    const c = classOf(ch);
    const kind = c.han ? 'han' : ch === 'ー' ? run : c.script;
    if (japanese && kind !== run) {
      flushKana();
      out += ' ';
      run = kind;
    }
    if (japanese && kind === 'han') continue;
    if (c.kana) {
      kana += ch;
      continue;
    }
    // Letters of scripts without a table go to the library in runs, with their vowel signs and viramas.
    if (c.library) {
      other += ch;
      continue;
    }
    if (other && c.mark) {
      other += ch;
      continue;
    }
    flushKana();
    if (c.reading !== undefined) out += c.reading;
    else if (c.hangul) out += `${hangulSyllable(ch.codePointAt(0)!, transcription)}${sep}`;
    else out += `${sep}${pinyinOf()(ch, { toneType: 'none', type: 'string' })}${sep}`;
  }
  flushKana();
  // A transcription into Hangul writes an l before a vowel as ㄹㄹ, closing the syllable before (블라디미르 Vladimir,
  // 솔로비요프 Solovyov): one l.
  return transcription && HANGUL.test(text) ? out.replace(/lr/g, 'l') : out;
}
