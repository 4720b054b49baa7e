import anyAscii from 'any-ascii';
import { createRequire } from 'node:module';
import readings from './data/han-readings.json' with { type: 'json' };
import rules from './data/name-rules.json' with { type: 'json' };

const require = createRequire(import.meta.url);
let toSimplified: ((s: string) => string) | undefined;
let hanjaeum: Record<string, string> | undefined;
let jyutping: ((s: string) => [string, string | null][]) | undefined;
const HAN = /\p{Script=Han}/u;
const KOREAN_SURNAMES: Record<string, string> = readings.korean.surnames;
const CANTONESE: { initials: Record<string, string>; finals: Record<string, string | string[]>; surnames: Record<string, string> } = readings.cantonese;

// The conversion tables load on the first Chinese name (their CommonJS build, synchronously), not with every process.
const simplified = (text: string) => (toSimplified ??= (require('opencc-js/t2cn') as typeof import('opencc-js/t2cn')).Converter({ from: 't', to: 'cn' }))(text);

/** The Chinese characters of a name in simplified form (習近平 and 习近平 are the same name). */
export function hanCharacters(text: string): string[] {
  return [...simplified(text)].filter((c) => HAN.test(c));
}

/** Trade words of Chinese company names, longest first, with their English (han-readings.json enterpriseWords). */
const byLength = (words: Record<string, string>) => Object.entries(words).sort((a, b) => b[0].length - a[0].length);
const TRADE_WORDS = byLength({ ...readings.enterpriseWords.words, ...readings.enterpriseWords.places });
/** The English words the trade-word readings write (query.ts: no evidence of which company it is). */
export const TRADE_ENGLISH: ReadonlySet<string> = new Set(TRADE_WORDS.flatMap(([, english]) => english.split(' ')));
/** Chinese personal names are two or three characters (rarely four): a name of more is read as a company's. */
const LONGEST_PERSONAL_NAME = readings.enterpriseWords.longestPersonalName;

/**
 * A Chinese company name with its trade words translated as its English name writes them (沈忠國際海運 is "沈忠
 * international shipping", Shen Zhong International Shipping); undefined when it holds none, or is as short as a
 * person's name (张国际 is Zhang Guoji).
 */
export function translatedReading(text: string): string | undefined {
  const plain = simplified(text);
  if (hanCharacters(plain).length <= LONGEST_PERSONAL_NAME) return undefined;
  let out = plain;
  for (const [word, english] of TRADE_WORDS) out = out.replaceAll(word, ` ${english} `);
  return out === plain ? undefined : out.replace(/\s+/g, ' ').trim();
}

const PINYIN = new RegExp(rules.pinyinGlued.syllable);

/** Each run of two or more capitalised pinyin syllables glued in a Latin name (a library's reading, "GuoJi"), replaced by `f` of its syllables. */
export function gluedPinyin(s: string, f: (syllables: string[]) => string): string {
  return s.replace(/(?:[A-Z][a-z]+){2,}/g, (run) => {
    const parts = run.match(/[A-Z][a-z]+/g)!;
    return parts.every((p) => PINYIN.test(p.toLowerCase())) ? ` ${f(parts.map((p) => p.toLowerCase()))} ` : run;
  });
}

/** A word of Hepburn syllables as a library reads kana (name-rules.json hepburnWord). */
export const HEPBURN = new RegExp(rules.hepburnWord.pattern);
const { longestSyllable: LONGEST_SYLLABLE, shortestKanaWord: SHORTEST_KANA_WORD } = rules.pinyinGlued;
const KANA_BEFORE_PINYIN = new RegExp(`(?<![A-Za-z])([a-z]{${SHORTEST_KANA_WORD},})((?:[A-Z][a-z]+){2,})`, 'g');

/**
 * A library reads a name of Chinese characters and kana (株式会社カラシニコフ, 公開株式会社イジェフスク機械) as the characters'
 * pinyin syllables, capitalised, glued to the kana's Hepburn in lower case ("ZhuShiHuiShekarashinikofu",
 * "ijiefusukuJiXie"): the kana are split off as words of their own (`kana`: some were). A capitalised run with a
 * Hepburn tail is split only after two whole syllables (LaToya, DiMaggio stay whole), at the longest syllable that
 * leaves a tail of kana of four letters or more.
 */
export function kanaGluedToPinyin(s: string): { text: string; kana: boolean } {
  let kana = false;
  const isPinyin = (p: string) => PINYIN.test(p.toLowerCase());
  const text = s
    .replace(/(?:[A-Z][a-z]+){3,}/g, (run) => {
      const parts = run.match(/[A-Z][a-z]+/g)!;
      const last = parts[parts.length - 1];
      if (parts.every(isPinyin) || !parts.slice(0, -1).every(isPinyin)) return run;
      for (let n = Math.min(LONGEST_SYLLABLE, last.length - SHORTEST_KANA_WORD); n >= 1; n--) {
        const tail = last.slice(n);
        if (isPinyin(last.slice(0, n)) && HEPBURN.test(tail)) return ((kana = true), `${run.slice(0, run.length - tail.length)} ${tail}`);
      }
      return run;
    })
    .replace(KANA_BEFORE_PINYIN, (run, lower: string, upper: string) => (HEPBURN.test(lower) && upper.match(/[A-Z][a-z]+/g)!.every(isPinyin) ? ((kana = true), `${lower} ${upper}`) : run));
  return { text, kana };
}

/**
 * The trade words as a library reads them (国际 "GuoJi": "guo ji"), longest first, matched as whole syllables; the
 * places only where the name begins, as the enterprise-name rules put them (elsewhere "zhong guo" is as likely 忠國).
 */
let tradeSyllables: { find: RegExp; english: Map<string, string> } | undefined;
function tradeWordsRead() {
  if (tradeSyllables) return tradeSyllables;
  const read = (words: Record<string, string>) => byLength(words).map(([word, en]): [string, string] => [anyAscii(word).match(/[A-Z][a-z]*/g)!.join(' ').toLowerCase(), en]);
  const [trade, places] = [read(readings.enterpriseWords.words), read(readings.enterpriseWords.places)];
  const any = (words: [string, string][]) => words.map(([w]) => w).join('|');
  const find = new RegExp(`^(?:${any(places)})(?![a-z])|(?<![a-z])(?:${any(trade)})(?![a-z])`, 'g');
  return (tradeSyllables = { find, english: new Map([...trade, ...places]) });
}

/**
 * A library's reading of a Chinese company name, its syllables glued ("ShenZhongGuoJiHaiYunYouXianGongSi"), with the
 * trade words translated ("shen zhong international shipping you xian gong si"); undefined when it holds none, or its
 * glued syllables are no more than a person's name has.
 */
export function translatedPinyin(text: string): string | undefined {
  let syllables = 0;
  let translated = false;
  const { find, english } = tradeWordsRead();
  const out = gluedPinyin(text, (parts) => {
    syllables += parts.length;
    return parts.join(' ').replace(find, (w) => ((translated = true), english.get(w)!));
  });
  return translated && syllables > LONGEST_PERSONAL_NAME ? out.replace(/\s+/g, ' ').trim() : undefined;
}

/**
 * A name in Chinese characters as Korean reads them, in Hangul: Korean names written in Chinese characters, as
 * Chinese-language sources write North Korean ones (金正恩 is 김정은, Kim Jong Un). Readings are the characters'
 * own (the hanja package's table), without the South's rule that drops a word's first r or n (李 리, Ri, as the
 * lists write North Korean names); the first character, the surname, in its surname reading where that differs
 * (金 김, not 금). Undefined when a character has no Korean reading.
 */
export function koreanReading(text: string): string | undefined {
  const table = (hanjaeum ??= require('hanja/lib/data/hanjaeum.json') as Record<string, string>);
  let out = '';
  let first = true;
  for (const ch of text) {
    if (!HAN.test(ch)) {
      out += ch;
      continue;
    }
    const reading = (first && KOREAN_SURNAMES[ch]) || table[ch];
    if (!reading) return undefined;
    out += reading;
    first = false;
  }
  return out;
}

/**
 * A name in Chinese characters as Cantonese reads them, in the Hong Kong Government's romanisation, one syllable a
 * word (林鄭月娥 is "lam cheng yuet ngo", Lam Cheng Yuet-ngor): Hong Kong and Macau names, and the lists' spellings of
 * them, are Cantonese. The first character, the surname, as Hong Kong spells it (李 Lee, 曾 Tsang). A second
 * spelling where Hong Kong often writes some finals another way (ngor, ki). Empty when a character has no reading.
 */
export function cantoneseReadings(text: string): string[] {
  const read = (jyutping ??= (require('to-jyutping') as { getJyutpingList: (s: string) => [string, string | null][] }).getJyutpingList);
  const out = ['', ''];
  let first = true;
  for (const [ch, jp] of read(text)) {
    if (!HAN.test(ch)) {
      for (let k = 0; k < out.length; k++) out[k] += ch;
      continue;
    }
    const surname = first ? CANTONESE.surnames[ch] : undefined;
    const syllable = surname ? [surname, surname] : jp && romanise(jp.replace(/\d$/, ''));
    if (!syllable) return [];
    for (let k = 0; k < out.length; k++) out[k] += ` ${syllable[k]} `;
    first = false;
  }
  const [usual, other] = out.map((r) => r.replace(/\s+/g, ' ').trim());
  return other === usual ? [usual] : [usual, other];
}

/** One toneless Jyutping syllable in the Hong Kong Government's spelling ("zoeng" cheung, "jyut" yuet), and its second spelling. */
function romanise(syllable: string): [string, string] | undefined {
  for (const length of [2, 1, 0]) {
    const initial = syllable.slice(0, length);
    const final = CANTONESE.finals[syllable.slice(length)];
    if ((length === 0 || CANTONESE.initials[initial] !== undefined) && final !== undefined) {
      const [usual, other = usual] = typeof final === 'string' ? [final] : final;
      const head = CANTONESE.initials[initial] ?? '';
      return [head + usual, head + other];
    }
  }
  return undefined;
}
