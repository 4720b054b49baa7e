/**
 * How people write a Latin-spelled name in other scripts, for the screening benchmark. Written
 * here from the published conventions, independently of the matcher (bench/ never imports
 * src/screening to build cases): Russian Cyrillic after BGN/PCGN read backwards, Greek after
 * ELOT 743 with the Modern Greek spellings of foreign b/d/g (μπ/ντ/γκ), Hebrew consonantal
 * spelling with vowel letters, Katakana after the Cabinet notice on loanwords (1991) through the
 * wanakana library, Hangul after the National Institute of Korean Language's loanword rules,
 * Devanagari (Hindi), Georgian and Armenian by their national romanisation tables read backwards.
 */
import { toKatakana as romajiToKatakana } from 'wanakana';

type Table = [RegExp, string][];

function rewrite(s: string, table: Table): string {
  let out = s.toLowerCase().replace(/([a-z])\1+/g, '$1');
  for (const [re, to] of table) out = out.replace(re, to);
  return out;
}

const capitalise = (s: string) => s.replace(/(^|\s)(\p{L})/gu, (_, sp: string, ch: string) => sp + ch.toUpperCase());

const RU: Table = [
  [/shch/g, 'щ'], [/kh/g, 'х'], [/zh/g, 'ж'], [/ch/g, 'ч'], [/sh/g, 'ш'], [/ts/g, 'ц'], [/yu/g, 'ю'], [/ya/g, 'я'], [/(?<!\p{L})ye/gu, 'е'], [/ye/g, 'ье'],
  [/yo/g, 'ё'], [/iy(?!\p{L})/gu, 'ий'], [/yy(?!\p{L})/gu, 'ый'], [/ay(?!\p{L})/gu, 'ай'], [/ey(?!\p{L})/gu, 'ей'], [/oy(?!\p{L})/gu, 'ой'], [/(?<!\p{L})e/gu, 'э'], [/a/g, 'а'], [/b/g, 'б'], [/v/g, 'в'], [/g/g, 'г'],
  [/d/g, 'д'], [/e/g, 'е'], [/z/g, 'з'], [/i/g, 'и'], [/y/g, 'ы'], [/k/g, 'к'], [/l/g, 'л'], [/m/g, 'м'], [/n/g, 'н'], [/o/g, 'о'], [/p/g, 'п'],
  [/r/g, 'р'], [/s/g, 'с'], [/t/g, 'т'], [/u/g, 'у'], [/f/g, 'ф'], [/w/g, 'в'], [/c/g, 'к'], [/h/g, 'х'], [/j/g, 'дж'], [/q/g, 'к'], [/x/g, 'кс'],
];
/** Russian Cyrillic for a name romanised after BGN/PCGN. */
export const toCyrillic = (s: string) => capitalise(rewrite(s, RU));

const GREEK: Table = [
  [/th/g, 'θ'], [/ch|kh/g, 'χ'], [/ps/g, 'ψ'], [/sh/g, 'σ'], [/ts|tz/g, 'τσ'], [/ou|oo|u/g, 'ου'], [/(?<!\p{L})b/gu, 'μπ'], [/b/g, 'μπ'], [/(?<!\p{L})d/gu, 'ντ'],
  [/d/g, 'ντ'], [/(?<!\p{L})g/gu, 'γκ'], [/g/g, 'γκ'], [/j/g, 'τζ'], [/a/g, 'α'], [/e/g, 'ε'], [/i|y/g, 'ι'], [/o/g, 'ο'], [/v|w/g, 'β'], [/z/g, 'ζ'],
  [/k|c|q/g, 'κ'], [/l/g, 'λ'], [/m/g, 'μ'], [/n/g, 'ν'], [/x/g, 'ξ'], [/p/g, 'π'], [/r/g, 'ρ'], [/s(?!\p{L})/gu, 'ς'], [/s/g, 'σ'], [/t/g, 'τ'], [/f/g, 'φ'], [/h/g, ''],
];
export const toGreek = (s: string) => capitalise(rewrite(s, GREEK));

const HEBREW: Table = [
  [/sh/g, 'ש'], [/ch|kh/g, 'ח'], [/ts|tz/g, 'צ'], [/th/g, 'ת'], [/ph/g, 'פ'], [/j/g, "ג'"], [/(?<!\p{L})[aeiou]/gu, 'א$&'], [/(?<=\p{L})a\b/gu, 'ה'],
  [/(?<=\p{L})[ae](?=\p{L})/gu, ''], [/[iy]/g, 'י'], [/[ou]/g, 'ו'], [/[vw]/g, 'ו'], [/b/g, 'ב'], [/g/g, 'ג'], [/d/g, 'ד'], [/h/g, 'ה'],
  [/z/g, 'ז'], [/t/g, 'ט'], [/k|c|q/g, 'ק'], [/l/g, 'ל'], [/m(?!\p{L})/gu, 'ם'], [/m/g, 'מ'], [/n(?!\p{L})/gu, 'ן'], [/n/g, 'נ'], [/s/g, 'ס'], [/f(?!\p{L})/gu, 'ף'],
  [/f/g, 'פ'], [/p/g, 'פ'], [/r/g, 'ר'], [/x/g, 'קס'], [/[aeiou]/g, ''],
];
export const toHebrew = (s: string) => rewrite(s, HEBREW);

/** A Latin word as Japanese writes a foreign word: l → r, v → b, th → s, every consonant closed by a vowel (o after t/d, u elsewhere). */
function japaneseRomaji(word: string): string {
  const w = word
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/ph/g, 'f').replace(/th/g, 's').replace(/ck/g, 'k').replace(/sh/g, 'S').replace(/ch/g, 'C').replace(/kh/g, 'h').replace(/zh/g, 'j')
    .replace(/ts/g, 'T').replace(/x/g, 'ks').replace(/q/g, 'k').replace(/c(?=[eiy])/g, 's').replace(/c/g, 'k').replace(/l/g, 'r').replace(/v/g, 'b')
    .replace(/w(?![aeiou])/g, 'u').replace(/y(?![aeiou])/g, 'i').replace(/(.)\1+/g, '$1');
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i];
    const next = w[i + 1];
    const vowel = (x: string | undefined) => x !== undefined && 'aeiou'.includes(x);
    if (vowel(c)) out += c;
    else if (c === 'n' && !vowel(next)) out += 'n';
    else if ((c === 'd' || c === 'z') && next === 'i') out += 'j';
    else {
      const cons = { S: 'sh', C: 'ch', T: 'ts' }[c] ?? c;
      out += cons;
      if (!vowel(next) && next !== 'y') out += cons === 't' || cons === 'd' ? 'o' : cons === 'ch' || cons === 'sh' || cons === 'j' ? 'i' : 'u';
    }
  }
  return out;
}
export const toKatakana = (s: string) => s.split(/\s+/).map((w) => romajiToKatakana(japaneseRomaji(w))).join('・');

const H_INITIAL: Record<string, number> = { g: 0, k: 15, n: 2, d: 3, t: 16, r: 5, l: 5, m: 6, b: 7, v: 7, p: 17, f: 17, s: 9, z: 12, j: 12, c: 14, h: 18, '': 11 };
const H_VOWEL: Record<string, number> = { a: 0, e: 5, i: 20, o: 8, u: 13, eu: 18, ya: 2, yo: 12, yu: 17, ye: 7, wa: 9, wo: 14 };
const H_FINAL: Record<string, number> = { '': 0, n: 4, m: 16, ng: 21, l: 8, r: 8, k: 1, p: 17 };
const hangul = (i: number, v: number, f: number) => String.fromCharCode(0xac00 + i * 588 + v * 28 + f);

/** A Latin word as Korean writes a foreign word: consonants not followed by a vowel take ㅡ, except final n, m, ng, l. */
function hangulWord(word: string): string {
  const w = word.toLowerCase().replace(/[^a-z]/g, '').replace(/th/g, 's').replace(/ph/g, 'f').replace(/sh/g, 'S').replace(/ch|tch/g, 'c').replace(/kh/g, 'h')
    .replace(/zh/g, 'j').replace(/ck|q/g, 'k').replace(/x/g, 'ks').replace(/c(?=[eiy])/g, 's').replace(/c(?![a-z]*$)|c$/g, (m) => (m === 'c' ? 'k' : m)).replace(/w(?![aeiou])/g, 'u').replace(/(.)\1+/g, '$1');
  let out = '';
  let i = 0;
  while (i < w.length) {
    let cons = '';
    if (!'aeiouy'.includes(w[i])) cons = w[i++];
    let vowel = '';
    if (w[i] === 'y' && w[i + 1] !== undefined && 'aeou'.includes(w[i + 1])) vowel = `y${w[(i += 2) - 1]}`;
    else if ('aeiou'.includes(w[i] ?? '')) vowel = w[i++];
    else if (w[i] === 'y') vowel = (i++, 'i');
    if (cons === 'S') [cons, vowel] = ['s', vowel ? (vowel === 'a' ? 'ya' : vowel === 'o' ? 'yo' : vowel === 'u' ? 'yu' : vowel) : 'i'];
    if (cons === 'c' && !vowel) vowel = 'i';
    let fin = '';
    if (vowel && i < w.length && !'aeiouy'.includes(w[i]) && (w[i + 1] === undefined || !'aeiouy'.includes(w[i + 1]))) {
      if (w.startsWith('ng', i)) fin = (i += 2, 'ng');
      else if ('nml'.includes(w[i])) fin = w[i++];
    } else if (vowel && i === w.length - 1 && 'nml'.includes(w[i])) fin = w[i++];
    out += hangul(H_INITIAL[cons === 'S' ? 's' : cons] ?? 11, H_VOWEL[vowel || 'eu'], H_FINAL[fin] ?? 0);
  }
  return out;
}
export const toHangul = (s: string) => s.split(/\s+/).map(hangulWord).join(' ');

const DEV_CONS: [string, string][] = [
  ['kh', 'ख'], ['gh', 'घ'], ['chh', 'छ'], ['ch', 'च'], ['jh', 'झ'], ['th', 'थ'], ['dh', 'ध'], ['ph', 'फ'], ['bh', 'भ'], ['sh', 'श'], ['k', 'क'], ['g', 'ग'],
  ['j', 'ज'], ['t', 'त'], ['d', 'द'], ['n', 'न'], ['p', 'प'], ['b', 'ब'], ['m', 'म'], ['y', 'य'], ['r', 'र'], ['l', 'ल'], ['v', 'व'], ['w', 'व'],
  ['s', 'स'], ['h', 'ह'], ['z', 'ज़'], ['f', 'फ़'], ['q', 'क़'], ['c', 'क'], ['x', 'क्स'],
];
const DEV_VOWEL: [string, string, string][] = [
  ['aa', 'आ', 'ा'], ['ai', 'ऐ', 'ै'], ['au', 'औ', 'ौ'], ['ee', 'ई', 'ी'], ['oo', 'ऊ', 'ू'], ['a', 'अ', ''], ['i', 'इ', 'ि'], ['u', 'उ', 'ु'],
  ['e', 'ए', 'े'], ['o', 'ओ', 'ो'],
];
/** Hindi spelling of a romanised name: consonant + vowel sign, virama inside clusters, the final inherent a dropped as Hindi speech drops it. */
function devanagariWord(word: string): string {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  let out = '';
  let i = 0;
  let afterConsonant = false;
  while (i < w.length) {
    const v = DEV_VOWEL.find(([lat]) => w.startsWith(lat, i));
    if (v) {
      out += afterConsonant ? v[2] : v[1];
      i += v[0].length;
      afterConsonant = false;
      continue;
    }
    const c = DEV_CONS.find(([lat]) => w.startsWith(lat, i));
    if (!c) {
      i++;
      continue;
    }
    if (afterConsonant) out += '्';
    out += c[1];
    i += c[0].length;
    afterConsonant = true;
  }
  return out;
}
export const toDevanagari = (s: string) => s.split(/\s+/).map(devanagariWord).join(' ');

const GEORGIAN: Table = [
  [/kh/g, 'ხ'], [/gh/g, 'ღ'], [/zh/g, 'ჟ'], [/sh/g, 'შ'], [/ch/g, 'ჩ'], [/ts/g, 'ც'], [/dz/g, 'ძ'], [/th/g, 'თ'], [/a/g, 'ა'], [/b/g, 'ბ'],
  [/g/g, 'გ'], [/d/g, 'დ'], [/e/g, 'ე'], [/[vw]/g, 'ვ'], [/z/g, 'ზ'], [/t/g, 'თ'], [/[iy]/g, 'ი'], [/[kc]/g, 'კ'], [/l/g, 'ლ'], [/m/g, 'მ'],
  [/n/g, 'ნ'], [/o/g, 'ო'], [/p/g, 'პ'], [/r/g, 'რ'], [/s/g, 'ს'], [/u/g, 'უ'], [/f/g, 'ფ'], [/q/g, 'ყ'], [/j/g, 'ჯ'], [/h/g, 'ჰ'], [/x/g, 'ქს'],
];
export const toGeorgian = (s: string) => rewrite(s, GEORGIAN);

const ARMENIAN: Table = [
  [/kh/g, 'խ'], [/gh/g, 'ղ'], [/zh/g, 'ժ'], [/sh/g, 'շ'], [/ch/g, 'չ'], [/ts/g, 'ց'], [/dz/g, 'ձ'], [/th/g, 'թ'], [/ou|u/g, 'ու'], [/(?<!\p{L})e/gu, 'է'],
  [/a/g, 'ա'], [/b/g, 'բ'], [/g/g, 'գ'], [/d/g, 'դ'], [/e/g, 'ե'], [/z/g, 'զ'], [/i/g, 'ի'], [/l/g, 'լ'], [/[kc]/g, 'կ'], [/h/g, 'հ'], [/m/g, 'մ'],
  [/y/g, 'յ'], [/n/g, 'ն'], [/o/g, 'ո'], [/p/g, 'պ'], [/j/g, 'ջ'], [/r/g, 'ր'], [/s/g, 'ս'], [/[vw]/g, 'վ'], [/t/g, 'տ'], [/f/g, 'ֆ'], [/q/g, 'ք'], [/x/g, 'քս'],
];
export const toArmenian = (s: string) => capitalise(rewrite(s, ARMENIAN));

/**
 * Russian Cyrillic names as each country's press spells them, from the published transcription
 * rules (German Duden, French usage, Dutch Taalunie, Polish PWN, Czech ÚJČ, Hungarian AkH. 217,
 * Spanish RAE/Fundéu, Italian scientific, Latvian and Lithuanian with their nominative endings,
 * Swedish Språkrådet). `initial` is е/ю/я/ё at the start of a word or after a vowel.
 */
interface Convention {
  letters: Record<string, string>;
  /** е ё ю я at the start of a word or after a vowel, ь, ъ. */
  iotated: Record<string, string>;
  endings?: [RegExp, string][];
  /** Applied to the whole word after the letters (Latvian and Lithuanian endings). */
  after?: (word: string, female: boolean) => string;
}

const BASE: Record<string, string> = { а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', з: 'z', и: 'i', й: 'j', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', ы: 'y', э: 'e', ь: '', ъ: '', е: 'e', ё: 'jo', ю: 'ju', я: 'ja' };
const conv = (letters: Record<string, string>, iotated: Record<string, string>, extra: Partial<Convention> = {}): Convention => ({ letters: { ...BASE, ...letters }, iotated, ...extra });

export const CONVENTIONS: Record<string, Convention> = {
  german: conv({ в: 'w', ж: 'sch', з: 's', й: 'j', х: 'ch', ц: 'z', ч: 'tsch', ш: 'sch', щ: 'schtsch', ы: 'y', ю: 'ju', я: 'ja', ё: 'jo', с: 's' }, { е: 'je', ё: 'jo', ю: 'ju', я: 'ja' }, { endings: [[/ij$/, 'i'], [/yj$/, 'y'], [/s(?=[aeiouy])/g, 'ss']] }),
  french: conv({ ж: 'j', й: 'ï', х: 'kh', ц: 'ts', ч: 'tch', ш: 'ch', щ: 'chtch', у: 'ou', ю: 'iou', я: 'ia', ё: 'io', ы: 'y', г: 'g' }, { е: 'ie', ё: 'io', ю: 'iou', я: 'ia' }, { endings: [[/ge/g, 'gue'], [/gi/g, 'gui'], [/iï$/, 'i'], [/yï$/, 'y'], [/in$/, 'ine'], [/(?<=[aeiou])s(?=[aeiou])/g, 'ss']] }),
  dutch: conv({ ж: 'zj', й: 'j', х: 'ch', ц: 'ts', ч: 'tsj', ш: 'sj', щ: 'sjtsj', у: 'oe', ю: 'joe', я: 'ja', ё: 'jo', ы: 'y' }, { е: 'je', ё: 'jo', ю: 'joe', я: 'ja' }, { endings: [[/ij$/, 'i']] }),
  polish: conv({ в: 'w', ж: 'ż', й: 'j', х: 'ch', ц: 'c', ч: 'cz', ш: 'sz', щ: 'szcz', ы: 'y', ю: 'iu', я: 'ia', ё: 'io', л: 'ł' }, { е: 'je', ё: 'jo', ю: 'ju', я: 'ja' }, { endings: [[/ł(?=[eiь])/g, 'l'], [/(?<=[gk])e/g, 'ie'], [/ij$/, 'ij']] }),
  czech: conv({ ж: 'ž', й: 'j', х: 'ch', ц: 'c', ч: 'č', ш: 'š', щ: 'šč', ы: 'y', ю: 'ju', я: 'ja', ё: 'jo' }, { е: 'je', ё: 'jo', ю: 'ju', я: 'ja' }, { after: (w, female) => (female && /ova$|eva$|ina$/.test(w) ? `${w.slice(0, -1)}ová` : w) }),
  hungarian: conv({ ж: 'zs', з: 'z', й: 'j', х: 'h', ц: 'c', ч: 'cs', ш: 's', щ: 'scs', с: 'sz', ы: 'i', ю: 'ju', я: 'ja', ё: 'jo', в: 'v' }, { е: 'je', ё: 'jo', ю: 'ju', я: 'ja' }, { endings: [[/d(?=[ie])/g, 'gy'], [/t(?=[ie])/g, 'ty'], [/n(?=[ie])/g, 'ny']] }),
  spanish: conv({ ж: 'zh', й: 'i', х: 'j', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sch', ы: 'y', ю: 'iu', я: 'ia', ё: 'io' }, { е: 'ye', ё: 'yo', ю: 'yu', я: 'ya' }, { endings: [[/ge/g, 'gue'], [/gi/g, 'gui'], [/ii$/, 'i'], [/yi$/, 'y']] }),
  italian: conv({ ж: 'ž', й: 'j', х: 'ch', ц: 'c', ч: 'č', ш: 'š', щ: 'šč', ы: 'y', ю: 'ju', я: 'ja', ё: 'ë' }, { е: 'e', ё: 'ë', ю: 'ju', я: 'ja' }),
  latvian: conv({ ж: 'ž', й: 'j', х: 'h', ц: 'c', ч: 'č', ш: 'š', щ: 'šč', ы: 'i', ю: 'ju', я: 'ja', ё: 'jo' }, { е: 'je', ё: 'jo', ю: 'ju', я: 'ja' }, { after: (w, female) => (female ? w : /[aeiou]$/.test(w) ? w : /ij$/.test(w) ? `${w.slice(0, -2)}ijs` : `${w}s`) }),
  lithuanian: conv({ ж: 'ž', й: 'j', х: 'ch', ц: 'c', ч: 'č', ш: 'š', щ: 'šč', ы: 'y', ю: 'ju', я: 'ja', ё: 'jo' }, { е: 'je', ё: 'jo', ю: 'ju', я: 'ja' }, { after: (w, female) => (female ? w : /[aeiou]$/.test(w) ? w : /ij$/.test(w) ? `${w.slice(0, -2)}ijus` : `${w}as`) }),
  swedish: conv({ ж: 'zj', й: 'j', х: 'ch', ц: 'ts', ч: 'tj', ш: 'sj', щ: 'sjtj', ы: 'y', ю: 'ju', я: 'ja', ё: 'jo' }, { е: 'je', ё: 'jo', ю: 'ju', я: 'ja' }, { endings: [[/ij$/, 'ij']] }),
};

/** One Cyrillic name in one national spelling; `female` for the Czech and Baltic feminine endings. */
export function romanise(cyrillic: string, convention: string, female = false): string {
  const c = CONVENTIONS[convention];
  return cyrillic
    .split(/\s+/)
    .map((word) => {
      const lower = word.toLowerCase();
      let out = '';
      for (let i = 0; i < lower.length; i++) {
        const ch = lower[i];
        const prev = lower[i - 1];
        const initial = i === 0 || /[аеёиоуыэюяьъ]/.test(prev ?? '');
        out += initial && c.iotated[ch] !== undefined ? c.iotated[ch] : (c.letters[ch] ?? ch);
      }
      for (const [re, to] of c.endings ?? []) out = out.replace(re, to);
      if (c.after) out = c.after(out, female);
      return out.charAt(0).toUpperCase() + out.slice(1);
    })
    .join(' ');
}
