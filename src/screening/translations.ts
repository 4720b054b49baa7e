import anyAscii from 'any-ascii';
import rules from './data/name-rules.json' with { type: 'json' };
import { toLatin } from './transliterate.js';

/**
 * Words the lists translate in an organisation's name while transcribing its proper names (name-rules.json
 * translatedWords: شبكة حقاني is HAQQANI NETWORK). A word read from an abjad is marked with the groups whose Arabic
 * or Persian spelling it reads as, a Latin word with those whose English word it is.
 */
export const TRANSLATED = rules.translatedWords.groups;

const plain = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/['’`ʻʼ‘]/g, '');
const byReading = new Map<string, number[]>();
const byEnglish = new Map<string, number[]>();
const add = (m: Map<string, number[]>, k: string, g: number) => m.set(k, [...new Set([...(m.get(k) ?? []), g])]);
TRANSLATED.forEach((group, g) => {
  // As Bulwark's table reads the word (ة a: "shbka") and as a library does (ة h: "shbkh"), which also glues the
  // article on without its alef ("lslmy").
  for (const w of group.abjad ?? []) for (const r of [toLatin(w), anyAscii(w), anyAscii(`ال${w}`)]) add(byReading, plain(r), g);
  for (const e of group.english) add(byEnglish, e, g);
});

/** The translatedWords groups a word is in: by its reading for an abjad's word, by its letters for a Latin one. */
export function translationGroups(text: string, abjad: boolean): number[] | undefined {
  return (abjad ? byReading : byEnglish).get(text);
}
