import { createRequire } from 'node:module';
import readings from './data/han-readings.json' with { type: 'json' };

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
const TRADE_WORDS = Object.entries(readings.enterpriseWords.words).sort((a, b) => b[0].length - a[0].length);

/**
 * A Chinese company name with its trade words translated as its English name writes them (沈忠國際海運 is "沈忠
 * international shipping", Shen Zhong International Shipping); undefined when it holds none.
 */
export function translatedReading(text: string): string | undefined {
  const plain = simplified(text);
  let out = plain;
  for (const [word, english] of TRADE_WORDS) out = out.replaceAll(word, ` ${english} `);
  return out === plain ? undefined : out.replace(/\s+/g, ' ').trim();
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
