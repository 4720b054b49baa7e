import { z } from 'zod';
import { Remembered, RememberedByKind } from './memo.js';
import type { NameToken } from './normalize.js';
import data from './data/spellings.json' with { type: 'json' };

/**
 * Spelling conventions as data (data/spellings.json): the national transcriptions of Cyrillic and
 * Arabic names folded to one comparison alphabet, and the cross-script folds for transcriptions
 * into Katakana, Hangul and Chinese characters and for the abjads.
 */
const Rules = z.array(z.tuple([z.string(), z.string()]));
const SpellingsSchema = z.object({
  version: z.string(),
  source: z.string(),
  conventions: z.array(z.object({ id: z.string(), source: z.string(), rules: Rules })).min(1),
  patronymicSuffixes: z.array(z.string()),
  folds: z.record(
    z.enum(['syllabic', 'abjad']),
    z.object({
      note: z.string(),
      map: z.record(z.string(), z.string()),
      drop: z.string(),
      twoLetters: z.array(z.string()).optional(),
      twoLettersNote: z.string().optional(),
      glides: z.array(z.string()).optional(),
      glidesNote: z.string().optional(),
      latinReadings: Rules.optional(),
      latinReadingsNote: z.string().optional(),
    }),
  ),
  origins: z.record(z.string(), z.object({ note: z.string(), rules: Rules })),
});
const spellings = SpellingsSchema.parse(data);

export type FoldMode = 'syllabic' | 'abjad';

interface Compiled {
  /** The rules that may match at a letter, by its code (below 128), in the table's order; `anywhere` for other letters. */
  byFirst: Rule[][];
  anywhere: Rule[];
}

/** A rule as apply reads it: plain letters, or a pattern tried at one place (sticky). */
interface Rule {
  plain?: string;
  sticky?: RegExp;
  parts: (string | number)[];
}

/** One pass of a rule table: the alternatives in the order written; "$1" in a replacement is the rule's first inner group. */
export function compile(rules: [string, string][]): Compiled {
  const parts = rules.map(([, to]) => to.split(/\$(\d)/).map((p, k) => (k % 2 ? Number(p) : p)));
  // Each rule filed under the letter it must start with (a pattern that starts with a letter and no quantifier or
  // alternative on it), or under every letter.
  const byFirst: Rule[][] = Array.from({ length: 128 }, () => []);
  const anywhere: Rule[] = [];
  rules.forEach(([from], r) => {
    const rule: Rule = /^[a-z]+$/.test(from) ? { plain: from, parts: parts[r] } : { sticky: new RegExp(from, 'y'), parts: parts[r] };
    const first = /^[a-z](?![?*+{])/.test(from) && !topLevelAlternative(from) ? from.charCodeAt(0) : -1;
    for (let c = 0; c < 128; c++) if (first < 0 || c === first) byFirst[c].push(rule);
    if (first < 0) anywhere.push(rule);
  });
  return { byFirst, anywhere };
}

/** Whether a pattern has a | outside its groups and classes (it may then start with another letter). */
function topLevelAlternative(from: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < from.length; i++) {
    const ch = from[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * A rule table applied as one regular expression of all its rules would be, left to right, the first rule that matches
 * at a place winning, but trying only the rules that can start with the letter there: a word meets every convention's
 * table, and the one expression of all the rules was most of what reading a new word cost.
 */
export function apply(c: Compiled, s: string): string {
  let out = '';
  let copied = 0;
  let replaced = false;
  let i = 0;
  while (i < s.length) {
    const code = s.charCodeAt(i);
    const rules = code < 128 ? c.byFirst[code] : c.anywhere;
    let end = -1;
    let rule: Rule | undefined;
    let groups: RegExpExecArray | null = null;
    for (let r = 0; r < rules.length; r++) {
      const x = rules[r];
      if (x.plain !== undefined) {
        if (s.startsWith(x.plain, i)) {
          end = i + x.plain.length;
          rule = x;
          break;
        }
      } else {
        x.sticky!.lastIndex = i;
        groups = x.sticky!.exec(s);
        if (groups) {
          end = i + groups[0].length;
          rule = x;
          break;
        }
      }
    }
    if (!rule) {
      i++;
      continue;
    }
    replaced = true;
    out += s.slice(copied, i);
    for (const p of rule.parts) out += typeof p === 'string' ? p : (groups?.[p] ?? '');
    // An empty match puts its replacement in and moves on a letter, as String.replace does.
    copied = i;
    i = end > i ? (copied = end) : i + 1;
  }
  return replaced ? out + s.slice(copied) : s;
}

const CONVENTIONS = spellings.conventions.map((c) => ({ id: c.id, compiled: compile(c.rules as [string, string][]) }));
const ENGLISH_RULES = (spellings.conventions.find((c) => c.id === 'english') ?? spellings.conventions[0]).rules as [string, string][];
const ENGLISH = compile(ENGLISH_RULES);
/**
 * The English convention as a fold mode reads it (without the digraphs that mode writes as two letters, abjad ts, and the
 * rules for the glides it keeps, syllabic w), each with its cache of words.
 */
interface English {
  rules: Compiled;
  /** By origin and word: a Latin spelling's reading, and the other script's own (`own`). */
  cache: RememberedByKind<string>;
  own: RememberedByKind<string>;
}
const ENGLISH_PLAIN: English = { rules: ENGLISH, cache: new RememberedByKind(200_000), own: new RememberedByKind(200_000) };
/** The English rules each fold mode reads by: all but the digraphs it writes as two letters and the glides it keeps. */
const ENGLISH_RULES_IN = new Map(
  Object.entries(spellings.folds).map(([mode, f]) => {
    const kept = [...(f.twoLetters ?? []), ...(f.glides ?? [])];
    return [mode, kept.length ? ENGLISH_RULES.filter(([from]) => !kept.includes(from)) : ENGLISH_RULES];
  }),
);
const ENGLISH_IN = new Map<string, English>(
  [...ENGLISH_RULES_IN].map(([mode, rules]) => [mode, rules === ENGLISH_RULES ? ENGLISH_PLAIN : { rules: compile(rules), cache: new RememberedByKind<string>(200_000), own: new RememberedByKind<string>(200_000) }]),
);
const ORIGINS = new Map(Object.entries(spellings.origins).map(([k, o]) => [k, compile(o.rules as [string, string][])]));
/** Every rule table, as written (the test that apply reads each as one expression of its rules would). */
export const RULE_TABLES: [string, string][][] = [
  ...spellings.conventions.map((c) => c.rules as [string, string][]),
  ...new Set([...ENGLISH_RULES_IN.values(), ENGLISH_RULES]),
  ...Object.values(spellings.origins).map((o) => o.rules as [string, string][]),
];
const PATRONYMIC = new RegExp(`(${spellings.patronymicSuffixes.join('|')})$`);

/**
 * The comparison alphabet's last steps: the y of ye goes (е is ye or e: Yevgeny = Evgeny, Sergeyevich = Sergeevich),
 * every other y is i (Yakov = Iakov, Izmaylov = Ismailov, Syvokonenko = Sivokonenko, Sergey = Sergei), so a name
 * does not lose its first letter (Jaziri is not Asiri), z = s, no doubled letters.
 */
export function finish(s: string): string {
  // One pass (four replaces each made a string): a letter equal to the last one kept is a doubled letter.
  let out = '';
  let last = -1;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c === Y && s.charCodeAt(i + 1) === E) continue;
    if (c === Y) c = I;
    else if (c === Z) c = S;
    if (c !== last) out += String.fromCharCode(c);
    last = c;
  }
  return out;
}

const [E, I, S, Y, Z] = [...'eisyz'].map((c) => c.charCodeAt(0));

const keyCache = new Remembered<{ keys: string[]; short: string[] }>(200_000);

function keysOf(word: string): { keys: string[]; short: string[] } {
  return keyCache.get(word) ?? keyCache.keep(word, computeKeys(word));
}

function computeKeys(word: string): { keys: string[]; short: string[] } {
  // Most conventions read a word alike: each distinct reading is finished once (a few readings: arrays, not Sets).
  const readings: string[] = [];
  for (const c of CONVENTIONS) {
    const r = apply(c.compiled, word);
    if (!readings.includes(r)) readings.push(r);
  }
  const keys: string[] = [];
  const short: string[] = [];
  for (const r of readings) {
    const k = finish(r);
    if (k.length >= 4) {
      if (!keys.includes(k)) keys.push(k);
    } else if (k.length === 3 && !short.includes(k)) short.push(k);
  }
  return { keys, short };
}

/** The word read under every national convention, folded: "putyin", "poutine", "putinas" all give "putin". */
export function spellingKeys(word: string): string[] {
  return keysOf(word).keys;
}

/**
 * Keys of three letters: short names have national spellings too (Kims and Kimas are Latvian and Lithuanian Kim,
 * Aboe Dutch Abu). Too many words share them to index them; two words are compared by them. Kept on the token:
 * a word is compared with many others.
 */
export function sameShortSpelling(a: NameToken, b: NameToken): boolean {
  const x = (a.short ??= keysOf(a.text).short);
  if (!x.length) return false;
  const y = (b.short ??= keysOf(b.text).short);
  for (const k of x) if (y.includes(k)) return true;
  return false;
}

/** The consonant key used to compare a word across scripts in one fold mode; `origin` names the foreign spelling (pinyin). */
const foldCache: Record<FoldMode, RememberedByKind<string>> = { syllabic: new RememberedByKind(200_000), abjad: new RememberedByKind(200_000) };

export function foldKey(word: string, mode: FoldMode, origin?: string): string {
  return foldCache[mode].get(origin ?? '', word) ?? foldCache[mode].keep(origin ?? '', word, computeFold(word, mode, origin));
}

function computeFold(word: string, mode: FoldMode, origin?: string): string {
  const english = englishForm(word, origin, mode);
  const f = spellings.folds[mode];
  let out = '';
  for (const ch of english) {
    if (f.drop.includes(ch)) continue;
    // An H is an h kept apart from the letter before it (normalize.ts).
    const m = f.map[ch] ?? ch.toLowerCase();
    if (out[out.length - 1] !== m) out += m;
  }
  return out;
}

const LATIN_READINGS = new Map(Object.entries(spellings.folds).map(([mode, f]) => [mode, (f.latinReadings ?? []).map(([from, to]) => [new RegExp(from, 'g'), to] as const)]));
const latinFoldCache: Record<FoldMode, Remembered<string[]>> = { syllabic: new Remembered(200_000), abjad: new Remembered(200_000) };

/**
 * The keys a Latin word is found by from words of a fold mode: its own, and those of its readings as the other script may
 * write them (spellings.json latinReadings: each rule alone and with the others).
 */
export function latinFoldKeys(word: string, mode: FoldMode): string[] {
  return latinFoldCache[mode].get(word) ?? latinFoldCache[mode].keep(word, computeLatinFoldKeys(word, mode));
}

function computeLatinFoldKeys(word: string, mode: FoldMode): string[] {
  return [...new Set(latinReadings(word, mode).map((r) => foldKey(r, mode)))];
}

const latinReadingCache: Record<FoldMode, Remembered<string[]>> = { syllabic: new Remembered(200_000), abjad: new Remembered(200_000) };

/** A Latin word and its readings as the other script may write them (spellings.json latinReadings), the word first. */
export function latinReadings(word: string, mode: FoldMode): string[] {
  return latinReadingCache[mode].get(word) ?? latinReadingCache[mode].keep(word, computeLatinReadings(word, mode));
}

function computeLatinReadings(word: string, mode: FoldMode): string[] {
  let readings = [word];
  for (const [re, to] of LATIN_READINGS.get(mode) ?? []) readings = [...new Set(readings.flatMap((r) => [r, r.replace(re, to)]))];
  return readings;
}

/** The letters a fold key is written in, per mode: every consonant after the mode's map. */
const FOLD_LETTERS = Object.fromEntries(
  Object.entries(spellings.folds).map(([mode, f]) => [mode, [...new Set([...'bcdfghjklmnpqrstvwxz'].filter((c) => !f.drop.includes(c)).map((c) => f.map[c] ?? c))]]),
) as Record<FoldMode, string[]>;

/** The fold keys one consonant away from `key` (one left out, put in or changed), without repeated letters as keys have none. */
export function foldNeighbours(key: string, mode: FoldMode): string[] {
  const out = new Set<string>();
  const add = (k: string) => {
    if (k !== key && !/(.)\1/.test(k)) out.add(k);
  };
  for (let i = 0; i <= key.length; i++) {
    if (i < key.length) add(key.slice(0, i) + key.slice(i + 1));
    for (const c of FOLD_LETTERS[mode]) {
      add(key.slice(0, i) + c + key.slice(i));
      if (i < key.length) add(key.slice(0, i) + c + key.slice(i + 1));
    }
  }
  return [...out];
}

/**
 * A word in the comparison alphabet of the English convention (as `mode` reads it), read first as its origin spells
 * (pinyin). `own`: the word is the other script's own reading, not a Latin spelling. An abjad's keeps its letters
 * written twice (see transcription.ts), and its dh (ذ, ض, and ظ as libraries read it) is D, said d or z, and its th (ث)
 * T, said t or s; a syllabic script's keeps a vowel written twice, two syllables (파아즈, ジャマーアト) where Latin writes one
 * vowel, two, or a glide or an apostrophe between (Saad, Fawaz, Sa'ad).
 */
export function englishForm(word: string, origin?: string, mode?: FoldMode, own = false): string {
  const english = (mode && ENGLISH_IN.get(mode)) || ENGLISH_PLAIN;
  const abjad = own && mode === 'abjad';
  const memo = own ? english.own : english.cache;
  return memo.get(origin ?? '', word) ?? memo.keep(origin ?? '', word, computeEnglish(word, english.rules, origin, abjad, own));
}

function computeEnglish(word: string, rules: Compiled, origin: string | undefined, abjad: boolean, own: boolean): string {
  const pre = origin ? ORIGINS.get(origin) : undefined;
  // The letter y is kept: across scripts it is a consonant or a vowel letter the other side writes.
  const read = pre ? apply(pre, word) : word;
  const s = apply(rules, abjad ? read.replace(/dh/g, 'D').replace(/th/g, 'T') : read).replace(/z/g, 's');
  return abjad ? s : s.replace(own ? /([^aeiou])\1+/g : /(.)\1+/g, '$1');
}

/** Whether the transcribing language writes two letters the same (l/r in Japanese, f/p in Korean…). */
export function sameInFold(a: string, b: string, mode: FoldMode): boolean {
  const m = spellings.folds[mode].map;
  return (m[a] ?? a) === (m[b] ?? b);
}

/** Patronymics (-ovich, -ovna, -ogly…) are the least telling part of a name when missing from the other side. */
export function isPatronymic(word: string): boolean {
  return word.length > 6 && PATRONYMIC.test(word);
}
