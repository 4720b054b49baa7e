import { readFileSync } from 'node:fs';
import { toLatin } from './transliterate.js';

/**
 * Japanese names written in kanji, read as the lists spell them (篠田建市, Shinoda Kenichi). A name's kanji have
 * several readings that only a dictionary of names tells apart, so the reading comes from one: the person-name
 * entries of mecab-ipadic (data/japanese-names.json, written by scripts/japanese-names.mjs), surname first, then
 * the given name, as Japanese writes them.
 */
interface NameTable {
  surnames: Record<string, string>;
  given: Record<string, string>;
}

// Read on the first name in Chinese characters (640 kB), not by every process. Two folders below the root, as the
// command line's bundle is, so the path is the same from either.
let table: NameTable | undefined;
const names = () => (table ??= JSON.parse(readFileSync(new URL('../../src/screening/data/japanese-names.json', import.meta.url), 'utf8')) as NameTable);

/** Readings of a name of this many kanji at most are looked for (a longer one is not a Japanese personal name). */
const MAX_KANJI = 8;
/** The longest surname in kanji: the dictionary's hold up to four. */
const MAX_SURNAME = 4;
/** Readings of one name kept, commonest first: each is screened as a reading of its own. */
const MAX_READINGS = 3;

/** A given name written in the dictionary, or two given names' characters written one after the other (建+市 Kenichi). */
function givenReadings(kanji: string): { reading: string; rank: number }[] {
  const whole = names().given[kanji];
  if (whole) return whole.split('|').map((reading, rank) => ({ reading, rank }));
  const out: { reading: string; rank: number }[] = [];
  for (let at = 1; at < kanji.length; at++) {
    const [a, b] = [names().given[kanji.slice(0, at)], names().given[kanji.slice(at)]];
    if (!a || !b) continue;
    // The compound's own reading is unknown: each part's commonest, ranked after whole names.
    out.push({ reading: a.split('|')[0] + b.split('|')[0], rank: 1 + out.length });
  }
  return out;
}

/**
 * Modified Hepburn as passports and the lists write it: a long o or u is one letter (ショウコウ Shoko, オオノ Ono),
 * but not a u that starts the next syllable (イノウエ Inoue).
 */
function hepburn(katakana: string): string {
  return toLatin(katakana).trim().replace(/o[ou](?![aeiou])/g, 'o').replace(/uu(?![aeiou])/g, 'u');
}

/**
 * The readings of a name in kanji as a Japanese surname and given name ("shinoda kenichi"), commonest first; none
 * when it is not one (a character outside the dictionary, or no split into a surname and a given name it holds).
 * A space the writer put between them is kept as the split.
 */
export function japaneseReadings(text: string): string[] {
  const parts = text.trim().split(/[\s\u3000・·]+/).filter(Boolean);
  if (parts.length > 2 || !parts.every((p) => /^\p{Script=Han}+$/u.test(p))) return [];
  const kanji = parts.join('');
  if (kanji.length < 2 || kanji.length > MAX_KANJI) return [];
  const found: { reading: string; rank: number }[] = [];
  for (let at = 1; at <= Math.min(MAX_SURNAME, kanji.length - 1); at++) {
    if (parts.length === 2 && at !== parts[0].length) continue;
    const surname = names().surnames[kanji.slice(0, at)];
    if (!surname) continue;
    const given = givenReadings(kanji.slice(at));
    surname.split('|').forEach((s, i) => {
      for (const g of given) found.push({ reading: `${hepburn(s)} ${hepburn(g.reading)}`, rank: i + g.rank });
    });
  }
  return [...new Set(found.sort((a, b) => a.rank - b.rank).map((f) => f.reading))].slice(0, MAX_READINGS);
}
