import anyAscii from 'any-ascii';
import { SCRIPTS, type Script } from './entity.js';

/** Kana counts as one script; the rest are tested by their Unicode script property. */
const SCRIPT_TESTS: [Script, RegExp][] = SCRIPTS.filter((s) => s !== 'Latin' && s !== 'Other').map((s) => [
  s,
  s === 'Kana' ? /[\p{Script=Hiragana}\p{Script=Katakana}]/u : new RegExp(`\\p{Script=${s}}`, 'u'),
]);

/** The script of one character, or undefined for Latin, digits, punctuation and marks. */
export function scriptOf(ch: string): Script | undefined {
  if (/[\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u.test(ch)) return undefined;
  for (const [script, re] of SCRIPT_TESTS) if (re.test(ch)) return script;
  return 'Other';
}

/** The dominant non-Latin script of a text, or Latin when it has none (Japanese with kana wins over Han). */
export function detectScript(text: string): Script {
  const counts = new Map<Script, number>();
  for (const ch of text) {
    const s = scriptOf(ch);
    if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  if (counts.has('Kana')) return 'Kana';
  let best: Script = 'Latin';
  let n = 0;
  for (const [s, c] of counts) if (c > n) [best, n] = [s, c];
  return best;
}

/**
 * Scripts in a text that no transliteration can read: the script's letters in the text come out of
 * the any-ascii library as no Latin letter or digit at all. Names in them cannot be screened, so
 * importers and queries name the script.
 */
export function unreadableScripts(text: string): Script[] {
  const runs = new Map<Script, string>();
  for (const ch of text) {
    const s = /[\p{L}\p{M}\p{N}]/u.test(ch) ? scriptOf(ch) : undefined;
    if (s) runs.set(s, (runs.get(s) ?? '') + ch);
  }
  return [...runs].filter(([, run]) => !/[a-z0-9]/i.test(anyAscii(run))).map(([s]) => s);
}
