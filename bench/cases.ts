/**
 * Builds the screening benchmark's cases from the bundled lists, independently of the matcher:
 * nothing here imports src/screening. Queries are real original-script names from the lists' own
 * fields (held out of the benchmark's index, see heldOut), listed names written in other scripts
 * by bench/writers.ts (published conventions, the wanakana library for Katakana), Russian names in
 * eleven national spellings, the any-ascii library's reading of real original-script names, and
 * hard negatives (real surnames with another real given name, common UK names), each checked for
 * absence with this file's own plain normaliser. Every case is assigned once, by a hash of its
 * text, to the development split (tuning) or the frozen test split (reported, never tuned on).
 * Run: npm run bench:cases → bench/data/screening-cases.json
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import anyAscii from 'any-ascii';
import type { Entity, EntityName } from '../src/domain/entity.js';
import { loadListSources } from '../src/domain/list-sources.js';
import { parseList } from '../src/ingest/importer.js';
import { BUNDLED_LISTS_DIR } from '../src/ingest/importer.js';
import { CONVENTIONS, romanise, toArmenian, toCyrillic, toDevanagari, toGeorgian, toGreek, toHangul, toHebrew, toKatakana } from './writers.js';

export interface Case {
  /** The script family or spelling the query is in (the unit the report is broken down by). */
  family: string;
  kind: 'positive' | 'negative';
  query: string;
  type?: string;
  expect?: string;
  from?: string;
  split: 'dev' | 'test';
}

export async function loadBundledEntities(): Promise<Entity[]> {
  return (await Promise.all(loadListSources().lists.map((src) => parseList(src.format, { path: `${BUNDLED_LISTS_DIR}/${src.main}`, dataset: src.dataset })))).flatMap((p) => p.entities);
}

/** The benchmark's index holds only Latin-script names: the original-script names are what the queries test. */
export function heldOut(entities: Entity[]): Entity[] {
  return entities.map((e) => ({ ...e, names: e.names.filter((n) => n.script === 'Latin') })).filter((e) => e.names.length);
}

/** Seventy per cent of cases, chosen by a hash of their text, form the frozen test split. */
const splitOf = (family: string, query: string): Case['split'] => (createHash('sha1').update(`${family}\u0000${query}`).digest()[0] % 10 < 7 ? 'test' : 'dev');

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A plain normaliser of the benchmark's own: lower-case Latin letters, marks removed, words split. */
export const plainWords = (s: string) =>
  anyAscii(s.normalize('NFKD').replace(/\p{M}/gu, '')).toLowerCase().replace(/[^a-z\s]/g, ' ').split(/\s+/).filter((w) => w.length > 1);

/** A person's name in natural order (given names, then family name), from its parts or "FAMILY, Given". */
function natural(n: EntityName): string[] | undefined {
  if (n.given && n.family) return [...n.given.split(/\s+/), ...n.family.split(/\s+/)];
  const m = n.full.match(/^([^,]+),\s*([^,]+)$/);
  if (m) return [...m[2].split(/\s+/), ...m[1].split(/\s+/)];
  return undefined;
}

const PATRONYMIC = /(ович|евич|ьевич|овна|евна|ична|ич)$/i;
const RUSSIAN = (e: Entity) => e.countries.some((c) => ['RU', 'UA', 'BY'].includes(c.code ?? '')) || e.programs.some((p) => /RUS|UKRAINE|Russia|BELARUS/i.test(p));
const FEMALE = (e: Entity): boolean => Boolean(e.raw) && /"(gender|sex)"\s*:\s*"?(female|f)"?/i.test(JSON.stringify(e.raw));

export function buildCases(all: Entity[], seed = 20261130): Case[] {
  const r = rng(seed);
  const pick = <T>(arr: T[]) => arr[Math.floor(r() * arr.length)];
  const sample = <T>(arr: T[], n: number) => {
    const copy = [...arr];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  };
  const cases: Case[] = [];
  const seen = new Set<string>();
  const add = (c: Omit<Case, 'split'>) => {
    const key = `${c.family}|${c.query}`;
    if (!c.query.trim() || seen.has(key)) return;
    seen.add(key);
    cases.push({ ...c, split: splitOf(c.family, c.query) });
  };
  const index = heldOut(all);
  const inIndex = new Set(index.map((e) => e.id));
  const latinNames = index.flatMap((e) => e.names.map((n) => ({ e, n })));

  // Listed Latin names as they are.
  for (const { e, n } of sample(latinNames, 400)) add({ family: 'latin', kind: 'positive', query: n.full, expect: e.id });

  // Real original-script names from the lists' own fields, against an index that holds only Latin names.
  const original = all.flatMap((e) => (inIndex.has(e.id) ? e.names.filter((n) => n.script !== 'Latin').map((n) => ({ e, n })) : []));
  for (const { e, n } of original) {
    const family = `${n.script.toLowerCase()}-real`;
    add({ family, kind: 'positive', query: n.full, expect: e.id, ...(e.schema !== 'Person' ? { type: e.schema } : {}) });
    // The same name as a general-purpose library reads it into Latin letters.
    add({ family: 'library-reading', kind: 'positive', query: anyAscii(n.full), expect: e.id, from: n.full, ...(e.schema !== 'Person' ? { type: e.schema } : {}) });
  }

  // Listed people's names written in other scripts as their speakers write foreign names.
  const people = latinNames.filter(({ e }) => e.schema === 'Person').map(({ e, n }) => ({ e, n, words: natural(n) })).filter((p) => p.words && p.words.length >= 2 && p.words.every((w) => /^[A-Za-z'-]+$/.test(w)));
  const writers: [string, (s: string) => string, typeof people][] = [
    ['cyrillic-written', toCyrillic, people.filter((p) => RUSSIAN(p.e))],
    ['greek-written', toGreek, people],
    ['hebrew-written', toHebrew, people],
    ['katakana-written', toKatakana, people],
    ['hangul-written', toHangul, people],
    ['devanagari-written', toDevanagari, people],
    ['georgian-written', toGeorgian, people],
    ['armenian-written', toArmenian, people],
  ];
  for (const [family, write, pool] of writers) {
    for (const p of sample(pool, 200)) add({ family, kind: 'positive', query: write(p.words!.join(' ')), expect: p.e.id, from: p.n.full });
  }

  // Russian names in the national spellings, from real Cyrillic names and from listed Russian names written in Cyrillic.
  const cyrillic = [
    ...original.filter(({ e, n }) => n.script === 'Cyrillic' && e.schema === 'Person').map(({ e, n }) => ({ e, cyr: n.full })),
    ...sample(people.filter((p) => RUSSIAN(p.e)), 120).map((p) => ({ e: p.e, cyr: toCyrillic(p.words!.join(' ')) })),
  ];
  for (const { e, cyr } of cyrillic) {
    const female = FEMALE(e) || /(ова|ева|ина|ая)$/i.test(cyr.split(/\s+/).pop() ?? '');
    for (const conv of Object.keys(CONVENTIONS)) add({ family: 'cyrillic-national', kind: 'positive', query: romanise(cyr, conv, female), expect: e.id, from: `${cyr} (${conv})` });
    const words = cyr.split(/\s+/);
    if (words.length === 3 && words.some((w) => PATRONYMIC.test(w))) {
      const short = words.filter((w) => !PATRONYMIC.test(w)).join(' ');
      add({ family: 'no-patronymic', kind: 'positive', query: romanise(short, pick(Object.keys(CONVENTIONS)), female), expect: e.id, from: cyr });
    }
  }

  // Hard negatives: words are the same when equal or one edit apart (this file's own check, not the matcher's).
  const nameWords = latinNames.map(({ n }) => new Set(plainWords(n.full)));
  const byWord = new Map<string, number[]>();
  nameWords.forEach((ws, i) => ws.forEach((w) => byWord.set(w, [...(byWord.get(w) ?? []), i])));
  const vocabulary = [...byWord.keys()];
  const near = (w: string) => {
    const out = new Set<number>(byWord.get(w) ?? []);
    for (const v of vocabulary) if (Math.abs(v.length - w.length) <= 1 && v[0] === w[0] && oneEdit(v, w)) for (const i of byWord.get(v)!) out.add(i);
    return out;
  };
  const absent = (words: string[]) => {
    const sets = words.map(near);
    return ![...sets[0]].some((i) => sets.slice(1).every((s) => s.has(i)));
  };
  const parts = people.map((p) => ({ given: p.words![0], family: p.words![p.words!.length - 1] })).filter((p) => p.given.length > 2 && p.family.length > 2);
  let made = 0;
  for (let tries = 0; made < 500 && tries < 20_000; tries++) {
    const g = pick(parts).given;
    const f = pick(parts).family;
    if (g.toLowerCase() === f.toLowerCase() || !absent([g.toLowerCase(), f.toLowerCase()])) continue;
    add({ family: 'namesake', kind: 'negative', query: `${g} ${f}`, type: 'person' });
    if (made % 4 === 0) add({ family: 'namesake-written', kind: 'negative', query: pick([toCyrillic, toKatakana, toHangul, toGreek, toHebrew])(`${g} ${f}`), type: 'person', from: `${g} ${f}` });
    made++;
  }
  const common = JSON.parse(readFileSync(new URL('./data/common-names.json', import.meta.url), 'utf8')) as { given: string[]; family: string[] };
  for (let k = 0; k < 600; k++) {
    const g = pick(common.given);
    const f = pick(common.family);
    if (absent([g.toLowerCase(), f.toLowerCase()])) add({ family: 'common-names', kind: 'negative', query: `${g} ${f}`, type: 'person' });
  }
  return cases;
}

function oneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length === b.length) {
    let d = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && ++d > 1) return false;
    return true;
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  for (let i = 0; i < l.length; i++) if (l.slice(0, i) + l.slice(i + 1) === s) return true;
  return false;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cases = buildCases(await loadBundledEntities());
  const path = new URL('./data/screening-cases.json', import.meta.url).pathname;
  writeFileSync(path, `${JSON.stringify({ seed: 20261130, built: 'bench/cases.ts', cases }, null, 0).replace(/\},\{/g, '},\n{')}\n`);
  const counts: Record<string, { test: number; dev: number }> = {};
  for (const c of cases) (counts[c.family] ??= { test: 0, dev: 0 })[c.split]++;
  console.log(`wrote ${cases.length} cases to ${path}`, counts);
}
