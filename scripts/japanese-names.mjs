#!/usr/bin/env node
// Writes src/screening/data/japanese-names.json: the person-name entries of mecab-ipadic-2.7.0 (surnames and given
// names written in kanji, with their readings), read from the dictionary the kuromoji package ships. kuromoji is not
// a dependency of Bulwark: install it for this run only (`npm install --no-save kuromoji@0.1.2`), then
// `node scripts/japanese-names.mjs`.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const kuromoji = require('kuromoji');
const dicPath = join(dirname(require.resolve('kuromoji/package.json')), 'dict');
// Readings kept per written name, commonest first: a name read more ways than this is read by its commonest.
const READINGS = 3;

kuromoji.builder({ dicPath }).build((err, tokenizer) => {
  if (err) throw err;
  const dict = tokenizer.token_info_dictionary;
  const found = { surnames: new Map(), given: new Map() };
  // Each entry is 10 bytes (left id, right id, word cost, features offset); features: surface, part of speech and
  // its three subdivisions, conjugation type and form, base form, reading, pronunciation.
  for (let at = 0; at + 10 <= dict.dictionary.buffer.length; at += 10) {
    const f = dict.getFeatures(String(at)).split(',');
    if (f[3] !== '人名' || (f[4] !== '姓' && f[4] !== '名')) continue;
    const [written, reading] = [f[0], f[8]];
    if (!/^\p{Script=Han}+$/u.test(written) || !/^\p{Script=Katakana}+$/u.test(reading ?? '')) continue;
    const kind = f[4] === '姓' ? found.surnames : found.given;
    kind.set(written, [...(kind.get(written) ?? []), { reading, cost: dict.dictionary.getShort(at + 4) }]);
  }
  const table = (m) =>
    Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, [...new Set(v.sort((a, b) => a.cost - b.cost).map((x) => x.reading))].slice(0, READINGS).join('|')]));
  const out = {
    version: '1',
    source: 'mecab-ipadic-2.7.0-20070801, person-name entries (名詞,固有名詞,人名,姓 and 名) written in kanji, as shipped in the kuromoji 0.1.2 npm package; readings in katakana, the commonest (lowest word cost) first; written by scripts/japanese-names.mjs',
    notice: 'Copyright 2000, 2001, 2002, 2003 Nara Institute of Science and Technology. All Rights Reserved. Use, reproduction, and distribution of this software is permitted (mecab-ipadic licence; full text in kuromoji\'s NOTICE.md).',
    surnames: table(found.surnames),
    given: table(found.given),
  };
  const file = new URL('../src/screening/data/japanese-names.json', import.meta.url);
  writeFileSync(file, `${JSON.stringify(out, null, 0)}\n`);
  console.log(`${Object.keys(out.surnames).length} surnames, ${Object.keys(out.given).length} given names → ${file.pathname}`);
});
