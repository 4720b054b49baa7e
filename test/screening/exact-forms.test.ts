import { describe, expect, it } from 'vitest';
import { loadListSources } from '../../src/domain/list-sources.js';
import { BUNDLED_LISTS_DIR, parseList } from '../../src/ingest/importer.js';
import { normaliseName } from '../../src/screening/normalize.js';
import { RememberedByKind } from '../../src/screening/memo.js';
import { apply, compile, finish, foldKey, RULE_TABLES } from '../../src/screening/spellings.js';
import { transcriptionReading } from '../../src/screening/transcription.js';

// The ways of working out the same answers faster (D71) give exactly what the plain forms gave.

/** A rule table as one regular expression of all its rules, the first alternative that matches winning ("$1": the rule's first inner group). */
function applyPattern(rules: [string, string][], s: string): string {
  const at: number[] = [];
  let g = 1;
  for (const [from] of rules) {
    at.push(g);
    g += 1 + (from.match(/(?<!\\)\((?!\?)/g)?.length ?? 0);
  }
  return s.replace(new RegExp(rules.map(([from]) => `(${from})`).join('|'), 'g'), (...m: unknown[]) => {
    const r = at.findIndex((k) => m[k] !== undefined);
    return rules[r][1].replace(/\$(\d)/g, (_, n: string) => (m[at[r] + Number(n)] as string | undefined) ?? '');
  });
}

/** finish as the four replaces it stands for. */
const finishByPattern = (s: string) => s.replace(/y(?=e)/g, '').replace(/y/g, 'i').replace(/z/g, 's').replace(/(.)\1+/g, '$1');
const entities = (await Promise.all(loadListSources().lists.map((s) => parseList(s.format, { path: `${BUNDLED_LISTS_DIR}/${s.main}`, dataset: s.dataset })))).flatMap((p) => p.entities);
const words = new Set<string>();
for (const e of entities) for (const n of e.names) for (const t of normaliseName(n.full).tokens) words.add(t.text);

describe('spelling rules applied by scanning', () => {
  it('read every word of the bundled lists as the one expression of all the rules does, in every table, and finish it alike', () => {
    expect(words.size).toBeGreaterThan(20_000);
    const differ: string[] = [];
    for (const rules of RULE_TABLES) {
      const table = compile(rules);
      for (const w of words) {
        // An abjad's own reading writes dh and th as D and T (englishForm).
        for (const x of [w, w.replace(/dh/g, 'D').replace(/th/g, 'T')]) {
          const r = apply(table, x);
          if (r !== applyPattern(rules, x) || finish(r) !== finishByPattern(r)) differ.push(x);
        }
      }
    }
    expect(differ).toEqual([]);
    // Rules with a lookahead, an end, a start and a group: Italian gi before a vowel, French -ine, Czech -ova, Russian ua.
    for (const w of ['giovanni', 'giuseppe', 'sciacca', 'ludmilla', 'karine', 'petrova', 'ivanovova', 'uali', 'dzeyhun', 'aushev', 'kasparavicius']) {
      for (const rules of RULE_TABLES) expect(apply(compile(rules), w)).toBe(applyPattern(rules, w));
    }
  });
});

/** transcriptionReading of real names before its letter costs were put in a table (D71): the same to the last digit. */
const READINGS: [string, string, number][] = [
  ["حمزة", "Hamzah", 0.9666666666666667],
  ["حمزة", "Hamzeh", 0.9],
  ["كاظم", "Kathim", 0.98],
  ["كاظم", "Kazim", 0.98],
  ["جماعة", "Jamaat", 0.94],
  ["جمال", "Gamal", 0.98],
  ["ذياب", "Thiab", 0.9375],
  ["سعيد", "Saeed", 0.9125],
  ["يوسف", "Yusuf", 0.96],
  ["محمد", "Mohammed", 0.9571428571428572],
  ["شريف", "Charif", 0.88],
  ["ウィリアム", "William", 0.9416666666666667],
  ["ウラジーミル", "Vladimir", 0.89375],
  ["파아즈", "Fawaz", 0.76],
  ["아리드", "Walid", 0.81],
  ["무스타파", "Mustafa", 0.95],
  ["リバーズ", "Rivers", 0.775],
  ["பசார்", "Bashar", 0.93],
  ["அசத்", "Asad", 0.9125],
  ["ځدران", "Zadran", 0.9833333333333333],
  ["בוטין", "Putin", 0.73],
  ["كريم", "Karimov", 0.7928571428571429],
  ["ياسين", "Yassin", 0.95],
  ["نايف", "Nayef", 0.98],
];

describe('the transcription measure by its table of letter costs', () => {
  it('reads names across scripts as it did letter by letter: the final ta marbuta, a glide y, the abjad dh and th, Katakana and Hangul vowels, Tamil classes', () => {
    for (const [foreign, latin, was] of READINGS) {
      const n = normaliseName(foreign);
      const f = (n.tokens[0].mode ? n : normaliseName(foreign, undefined, 'transcription')).tokens[0];
      const l = normaliseName(latin).tokens[0];
      expect([foreign, latin, transcriptionReading(f, l, f.mode!, f.origin, 0)]).toEqual([foreign, latin, was]);
    }
  });
});

describe('caches kept by kind and word', () => {
  it('keep a word under each kind apart, make each answer once, and start afresh at the limit', () => {
    const made: string[] = [];
    const memo = new RememberedByKind<string>(3);
    const read = (kind: string, word: string) => memo.get(kind, word) ?? (made.push(`${kind}:${word}`), memo.keep(kind, word, `${kind}/${word}`));
    expect([read('han', 'xiao'), read('', 'xiao'), read('han', 'xiao')]).toEqual(['han/xiao', '/xiao', 'han/xiao']);
    expect(made).toEqual(['han:xiao', ':xiao']);
    read('arabic', 'hsn');
    read('greek', 'nikos');
    read('han', 'xiao');
    expect(made).toEqual(['han:xiao', ':xiao', 'arabic:hsn', 'greek:nikos', 'han:xiao']);
    // A word's fold key by its origin is not the fold key of the word without one (pinyin x is said sh).
    expect(foldKey('xiao', 'syllabic', 'han')).not.toBe(foldKey('xiao', 'syllabic'));
    expect(foldKey('xiao', 'syllabic')).toBe(foldKey('xiao', 'syllabic'));
  });
});
