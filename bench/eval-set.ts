/**
 * Builds the screening evaluation set from the bundled lists, reproducibly (fixed seed):
 * aliases (every sampled listed name must find its entity), perturbations (typos, dropped
 * middle names, swapped order, initials, titles, transliteration variants, other scripts) and
 * negatives (recombined real given and family names that no listed name contains together).
 * Run: node --import tsx bench/eval-set.ts  → bench/data/screening-eval.json
 */
import { writeFileSync } from 'node:fs';
import type { Entity } from '../src/domain/entity.js';
import { loadListSources } from '../src/domain/list-sources.js';
import { FORMATS } from '../src/ingest/formats/index.js';
import { BUNDLED_LISTS_DIR } from '../src/ingest/importer.js';
import { normaliseName } from '../src/screening/normalize.js';
import { levenshtein } from '../src/screening/similarity.js';
import { toLatin } from '../src/screening/transliterate.js';

export interface EvalCase {
  kind: string;
  query: string;
  type?: string;
  expect?: string;
  from?: string;
}

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

export function loadBundledEntities(): Entity[] {
  return loadListSources().lists.flatMap((src) => FORMATS[src.format].parse({ path: `${BUNDLED_LISTS_DIR}/${src.main}`, dataset: src.dataset }).entities);
}

/** Russian romanisations disagree: BGN/PCGN (Yevgeniy Prigozhin) against ISO 9 folded to ASCII (Evgenij Prigozin). */
function bgnToIso(s: string): string {
  return s
    .toLowerCase()
    .replace(/shch/gi, 's').replace(/kh/gi, 'h').replace(/zh/gi, 'z').replace(/ch/gi, 'c').replace(/sh/gi, 's').replace(/ts/gi, 'c')
    .replace(/\bye/gi, 'e').replace(/yu/gi, 'ju').replace(/ya/gi, 'ja').replace(/iy\b/gi, 'ij').replace(/yy\b/gi, 'yj')
    .replace(/(^|\s)(\p{L})/gu, (_, sp, ch: string) => sp + ch.toUpperCase());
}

const LAT_TO_CYR: [RegExp, string][] = [
  [/shch/g, 'щ'], [/kh/g, 'х'], [/zh/g, 'ж'], [/ch/g, 'ч'], [/sh/g, 'ш'], [/ts/g, 'ц'], [/yu/g, 'ю'], [/ya/g, 'я'], [/ye/g, 'е'],
  [/iy\b/g, 'ий'], [/yy\b/g, 'ый'], [/a/g, 'а'], [/b/g, 'б'], [/v/g, 'в'], [/g/g, 'г'], [/d/g, 'д'], [/e/g, 'е'], [/z/g, 'з'],
  [/i/g, 'и'], [/y/g, 'й'], [/k/g, 'к'], [/l/g, 'л'], [/m/g, 'м'], [/n/g, 'н'], [/o/g, 'о'], [/p/g, 'п'], [/r/g, 'р'], [/s/g, 'с'],
  [/t/g, 'т'], [/u/g, 'у'], [/f/g, 'ф'], [/w/g, 'в'], [/c/g, 'к'], [/h/g, 'х'], [/j/g, 'й'], [/q/g, 'к'], [/x/g, 'кс'],
];
/** The Cyrillic spelling a Russian speaker would type for a romanised Russian name. */
function toCyrillic(s: string): string {
  let out = s.toLowerCase();
  for (const [re, c] of LAT_TO_CYR) out = out.replace(re, c);
  return out.replace(/(^|\s)(\p{L})/gu, (_, sp, ch: string) => sp + ch.toUpperCase());
}

const TITLES = ['Dr', 'Prof.', 'Col.', 'General', 'Mr', 'Sheikh', 'Mrs'];

function typo(word: string, r: () => number): string {
  const i = 1 + Math.floor(r() * (word.length - 2));
  const op = Math.floor(r() * 4);
  const letters = 'abcdefghiklmnoprstuvz';
  const c = letters[Math.floor(r() * letters.length)];
  if (op === 0) return word.slice(0, i) + c + word.slice(i + 1);
  if (op === 1) return word.slice(0, i) + word.slice(i + 1);
  if (op === 2) return word.slice(0, i) + c + word.slice(i);
  return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
}

/** Given/family words of a person's name in natural order, from parts or "FAMILY, Given" form. */
function personParts(full: string, given?: string, family?: string): { given: string[]; family: string[] } | undefined {
  if (given && family) return { given: given.split(/\s+/), family: family.split(/\s+/) };
  const m = full.match(/^([^,]+),\s*(.+)$/);
  if (m) return { given: m[2].split(/\s+/), family: m[1].split(/\s+/) };
  return undefined;
}

export function buildEvalSet(entities: Entity[], seed = 20261125, size = 3000): EvalCase[] {
  const r = rng(seed);
  const pick = <T>(arr: T[]) => arr[Math.floor(r() * arr.length)];
  const cases: EvalCase[] = [];
  const allNames = entities.flatMap((e) => e.names.map((n) => ({ e, n })));
  // Aliases: listed names as they are.
  for (let k = 0; k < size; k++) {
    const { e, n } = pick(allNames);
    cases.push({ kind: 'alias', query: n.full, expect: e.id });
  }
  const people = allNames.filter(({ e, n }) => e.schema === 'Person' && n.script === 'Latin' && personParts(n.full, n.given, n.family));
  const orgs = allNames.filter(({ e, n }) => e.schema === 'Organization' && n.script === 'Latin' && normaliseName(n.full, 'Organization').tokens.length >= 2);
  const russian = people.filter(({ e }) => e.countries.some((c) => ['RU', 'UA', 'BY'].includes(c.code ?? '')) || e.programs.some((p) => /RUS|UKRAINE|Russia/i.test(p)));
  // Chinese names written in characters: wholly, or in brackets after their romanisation.
  const han = allNames.filter(({ n }) => n.script === 'Han' && (!/[A-Za-z]/.test(n.full) || /\(\p{Script=Han}+\)/u.test(n.full)));
  const natural = (full: string, given?: string, family?: string) => {
    const p = personParts(full, given, family)!;
    return { ...p, text: [...p.given, ...p.family].join(' ') };
  };
  const perturbations: (() => EvalCase | undefined)[] = [
    () => {
      const { e, n } = pick(r() < 0.7 ? people : orgs);
      const words = n.full.split(/\s+/);
      const long = words.map((w, i) => [w, i] as const).filter(([w]) => /^[A-Za-z]{5,}$/.test(w));
      if (!long.length) return undefined;
      const [w, i] = pick(long);
      words[i] = typo(w, r);
      return { kind: 'typo', query: words.join(' '), expect: e.id, from: n.full };
    },
    () => {
      const { e, n } = pick(people);
      const p = natural(n.full, n.given, n.family);
      if (p.given.length < 2) return undefined;
      return { kind: 'drop-middle', query: [p.given[0], ...p.family].join(' '), expect: e.id, from: n.full };
    },
    () => {
      const { e, n } = pick(people);
      const p = natural(n.full, n.given, n.family);
      return { kind: 'swap-order', query: [...p.family, ...p.given].join(' ').replace(/,/g, ''), expect: e.id, from: n.full };
    },
    () => {
      const { e, n } = pick(people);
      const p = natural(n.full, n.given, n.family);
      return { kind: 'initial', query: [`${p.given[0][0]}.`, ...p.given.slice(1), ...p.family].join(' '), expect: e.id, from: n.full };
    },
    () => {
      const { e, n } = pick(people);
      return { kind: 'title', query: `${pick(TITLES)} ${natural(n.full, n.given, n.family).text}`, expect: e.id, from: n.full };
    },
    () => {
      const { e, n } = pick(russian);
      const variant = bgnToIso(natural(n.full, n.given, n.family).text);
      return variant.toLowerCase() === natural(n.full, n.given, n.family).text.toLowerCase() ? undefined : { kind: 'translit-iso9', query: variant, expect: e.id, from: n.full };
    },
    () => {
      const { e, n } = pick(russian);
      return { kind: 'cyrillic', query: toCyrillic(natural(n.full, n.given, n.family).text), expect: e.id, from: n.full };
    },
    () => {
      if (!han.length) return undefined;
      const { e, n } = pick(han);
      const chars = [...n.full].filter((c) => /\p{Script=Han}/u.test(c)).join('');
      const py = toLatin(chars).trim().split(/\s+/);
      // Personal names (up to three syllables) are also written surname + joined given name, or run together.
      const variants = [py.join(' '), chars, ...(py.length <= 3 ? [`${py[0]} ${py.slice(1).join('')}`, py.join('').toUpperCase()] : [])];
      return { kind: 'chinese', query: pick(variants), expect: e.id, from: n.full };
    },
    () => {
      const { e, n } = pick(orgs);
      const variant = n.full.replace(/\b(LIMITED|LTD\.?|LLC|JSC|OJSC|CO\.?|COMPANY|CORPORATION|INC\.?)\b/gi, '').trim();
      const forms = ['Ltd', 'LLC', 'Limited', 'JSC', 'Company'];
      return variant ? { kind: 'legal-form', query: `${variant} ${pick(forms)}`, expect: e.id, from: n.full } : undefined;
    },
  ];
  const seen = new Set<string>();
  for (let k = 0; k < size * 3 && seen.size < size; k++) {
    const c = perturbations[k % perturbations.length]();
    if (!c || seen.has(`${c.kind}|${c.query}`)) continue;
    seen.add(`${c.kind}|${c.query}`);
    cases.push(c);
  }
  // Negatives: a real given name and a real family name that no listed name holds together,
  // in any spelling: words count as the same when one is within two edits of the other or
  // they share their consonants (an independent check, stricter than the matcher itself).
  const tokenSets = allNames.map(({ n }) => normaliseName(n.full).tokens);
  const byWord = new Map<string, number[]>();
  const vocab = new Map<string, string[]>();
  tokenSets.forEach((ts, i) =>
    ts.forEach((t) => {
      for (const key of [t.simp, `#${t.skel}`]) {
        const l = byWord.get(key) ?? [];
        if (l[l.length - 1] !== i) l.push(i);
        byWord.set(key, l);
      }
      const first = t.simp[0];
      const v = vocab.get(first) ?? [];
      if (!v.includes(t.simp)) v.push(t.simp);
      vocab.set(first, v);
    }),
  );
  const variantsOf = (simp: string, skel: string): Set<number> => {
    const ids = new Set<number>([...(byWord.get(simp) ?? []), ...(byWord.get(`#${skel}`) ?? [])]);
    for (const [first, words] of vocab) {
      if (Math.abs(first.charCodeAt(0) - simp.charCodeAt(0)) > 0 && simp.length < 5) continue;
      for (const w of words) if (Math.abs(w.length - simp.length) <= 2 && levenshtein(w, simp, 2) <= 2) for (const i of byWord.get(w) ?? []) ids.add(i);
    }
    return ids;
  };
  const parts = people.map(({ n }) => natural(n.full, n.given, n.family)).filter((p) => p.given[0].length > 2 && p.family[p.family.length - 1].length > 2);
  let made = 0;
  for (let tries = 0; made < size && tries < size * 20; tries++) {
    const g = pick(parts).given[0];
    const f = pick(parts).family.slice(-1)[0];
    const gt = normaliseName(g).tokens[0];
    const ft = normaliseName(f).tokens[0];
    if (!gt || !ft || gt.simp === ft.simp || gt.particle || ft.particle) continue;
    const withG = variantsOf(gt.simp, gt.skel);
    if ([...variantsOf(ft.simp, ft.skel)].some((i) => withG.has(i))) continue;
    cases.push({ kind: 'negative', query: `${g} ${f}` });
    made++;
  }
  return cases;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const entities = loadBundledEntities();
  const cases = buildEvalSet(entities);
  const path = new URL('./data/screening-eval.json', import.meta.url).pathname;
  writeFileSync(path, `${JSON.stringify({ seed: 20261125, built: 'bench/eval-set.ts', cases }, null, 0).replace(/\},\{/g, '},\n{')}\n`);
  const counts = cases.reduce<Record<string, number>>((m, c) => ({ ...m, [c.kind]: (m[c.kind] ?? 0) + 1 }), {});
  console.log(`wrote ${cases.length} cases to ${path}`, counts);
}
