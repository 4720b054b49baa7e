import type { Script } from './entity.js';

const SCRIPT_TESTS: [Script, RegExp][] = [
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Han', /\p{Script=Han}/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Armenian', /\p{Script=Armenian}/u],
];

/** The dominant non-Latin script of a text, or Latin when it has none (Japanese with kana wins over Han). */
export function detectScript(text: string): Script {
  let found: Script | undefined;
  for (const [script, re] of SCRIPT_TESTS) {
    if (re.test(text)) {
      if (script === 'Kana') return 'Kana';
      found ??= script;
    }
  }
  if (found) return found;
  return /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u.test(text) ? 'Other' : 'Latin';
}
