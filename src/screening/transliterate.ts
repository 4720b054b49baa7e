import { pinyin } from 'pinyin-pro';
import table from './data/translit.json' with { type: 'json' };

/** Converts names in other scripts to Latin letters, script by script, using the tables in translit.json. */

const SINGLE = new Map<string, string>();
for (const t of [table.cyrillic, table.greek, table.arabic, table.hebrew]) for (const [k, v] of Object.entries(t)) SINGLE.set(k, v);
const KANA = new Map<string, string>(Object.entries(table.kana));
const KANA_COMBOS = new Map<string, string>(Object.entries(table.kanaCombos));
// Katakana sit 0x60 above their hiragana.
for (const [k, v] of [...KANA]) KANA.set(String.fromCharCode(k.charCodeAt(0) + 0x60), v);
for (const [k, v] of [...KANA_COMBOS]) KANA_COMBOS.set([...k].map((c) => String.fromCharCode(c.charCodeAt(0) + 0x60)).join(''), v);

const HAN = /\p{Script=Han}/u;
const HANGUL_BASE = 0xac00;

function hangulSyllable(code: number): string {
  const i = code - HANGUL_BASE;
  const { initials, medials, finals } = table.hangul;
  return initials[Math.floor(i / 588)] + medials[Math.floor((i % 588) / 28)] + finals[i % 28];
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
      out += next.charAt(0);
    } else if (c === 'ー') {
      continue;
    } else if (c === '・') out += ' ';
    else out += KANA.get(c) ?? c;
  }
  return out;
}

/**
 * Latin rendering of a name in any supported script. Han characters become toneless pinyin,
 * one syllable per character separated by spaces (so "习近平" → "xi jin ping").
 */
export function toLatin(text: string): string {
  let out = '';
  let kana = '';
  const flushKana = () => {
    if (kana) out += kanaRun(kana);
    kana = '';
  };
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (/[\p{Script=Hiragana}\p{Script=Katakana}ー]/u.test(ch)) {
      kana += ch;
      continue;
    }
    flushKana();
    // Accented Greek and Cyrillic letters (ό, й stays whole in NFC) are looked up without their marks.
    const lower = ch.toLowerCase();
    const bare = lower.normalize('NFD').replace(/\p{M}/gu, '');
    if (ch === '・') out += ' ';
    else if (SINGLE.has(lower)) out += SINGLE.get(lower);
    else if (bare && SINGLE.has(bare)) out += SINGLE.get(bare);
    else if (code >= HANGUL_BASE && code <= 0xd7a3) out += `${hangulSyllable(code)} `;
    else if (HAN.test(ch)) out += ` ${pinyin(ch, { toneType: 'none', type: 'string' })} `;
    else out += ch;
  }
  flushKana();
  return out;
}
