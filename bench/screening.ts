/**
 * Screening benchmark: quality (recall@1, recall@10, precision, false positives) on the
 * evaluation set built from the real lists, speed (queries/s, p50/p99), index build time and
 * memory, a 100,000-row batch, and the same with a synthetic 1,000,000-entity list.
 * Prints a summary and writes bench/results/screening.json.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Entity } from '../src/domain/entity.js';
import { screenBatch } from '../src/services/batch-screening.js';
import { ScreeningIndex } from '../src/screening/index.js';
import { normaliseName } from '../src/screening/normalize.js';
import { Screener } from '../src/screening/screen.js';
import { loadBundledEntities, type EvalCase } from './eval-set.js';
import { percentile, peakRssMb, round, writeResult } from './util.js';

const heapMb = () => Math.round(process.memoryUsage().heapUsed / 2 ** 20);
const gc = () => (globalThis as { gc?: () => void }).gc?.();

function buildIndex(entities: Entity[]) {
  gc();
  const before = heapMb();
  const index = new ScreeningIndex(entities);
  gc();
  return { index, buildMs: round(index.buildMs), heapMb: heapMb() - before };
}

/** Correct = the expected entity, or another list's record of the same target (linked, or the same name and compatible birth dates). */
function sameTargetFn(index: ScreeningIndex) {
  const key = (e: Entity) => new Set(e.names.map((n) => normaliseName(n.full, e.schema).tokens.map((t) => t.text).sort().join(' ')));
  const cache = new Map<string, Set<string>>();
  return (expected: string, got: string) => {
    if (expected === got) return true;
    let same = cache.get(expected);
    if (!same) {
      const ei = index.entityIndex(expected)!;
      same = new Set(index.linked(ei).map((l) => index.entities[l.entity].id));
      cache.set(expected, same);
    }
    if (same.has(got)) return true;
    const a = index.entities[index.entityIndex(expected)!];
    const b = index.entities[index.entityIndex(got)!];
    if (a.schema !== b.schema) return false;
    const years = (e: Entity) => new Set(e.birthDates.map((d) => d.slice(0, 4)));
    const ya = years(a);
    const yb = years(b);
    if (ya.size && yb.size && ![...ya].some((y) => yb.has(y))) return false;
    const kb = key(b);
    return [...key(a)].some((k) => kb.has(k));
  };
}

function evaluate(screener: Screener, cases: EvalCase[], sameTarget: (a: string, b: string) => boolean) {
  const times: number[] = [];
  const byKind: Record<string, { n: number; at1: number; at10: number; fp: number }> = {};
  let topAbove = 0;
  let topAboveCorrect = 0;
  const misses: { kind: string; query: string; expect?: string; got?: string }[] = [];
  for (const c of cases) {
    const t = performance.now();
    const r = screener.screen({ name: c.query, ...(c.type ? { type: c.type } : {}) }, { limit: 10 });
    times.push(performance.now() - t);
    const k = (byKind[c.kind] ??= { n: 0, at1: 0, at10: 0, fp: 0 });
    k.n++;
    const top = r.hits[0];
    if (c.kind === 'negative') {
      if (top && top.score >= screener.config.threshold) {
        k.fp++;
        topAbove++;
        if (misses.length < 400) misses.push({ kind: c.kind, query: c.query, got: `${top.entityId} ${top.matchedName.full} ${top.score}` });
      }
      continue;
    }
    const rank = r.hits.findIndex((h) => sameTarget(c.expect!, h.entityId));
    // Hits tied with the top score share rank 1.
    const tiedTop = rank >= 0 && r.hits[rank].score === top.score;
    if (rank === 0 || tiedTop) k.at1++;
    if (rank >= 0) k.at10++;
    else if (misses.length < 400) misses.push({ kind: c.kind, query: c.query, expect: c.expect, got: top ? `${top.entityId} ${top.matchedName.full} ${top.score}` : 'nothing' });
    if (top && top.score >= screener.config.threshold) {
      topAbove++;
      if (rank === 0 || tiedTop) topAboveCorrect++;
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  const sum = (f: (k: { n: number; at1: number; at10: number }) => number, kinds: string[]) => kinds.reduce((s, kind) => s + f(byKind[kind] ?? { n: 0, at1: 0, at10: 0 }), 0);
  const pertKinds = Object.keys(byKind).filter((k) => k !== 'alias' && k !== 'negative');
  const quality = {
    aliases: { queries: byKind.alias?.n ?? 0, recallAt1: round(sum((k) => k.at1, ['alias']) / (byKind.alias?.n || 1), 4), recallAt10: round(sum((k) => k.at10, ['alias']) / (byKind.alias?.n || 1), 4) },
    perturbations: { queries: sum((k) => k.n, pertKinds), recallAt1: round(sum((k) => k.at1, pertKinds) / (sum((k) => k.n, pertKinds) || 1), 4), recallAt10: round(sum((k) => k.at10, pertKinds) / (sum((k) => k.n, pertKinds) || 1), 4) },
    byKind: Object.fromEntries(Object.entries(byKind).map(([kind, k]) => [kind, kind === 'negative' ? { queries: k.n, falsePositives: k.fp, falsePositiveRate: round(k.fp / k.n, 4) } : { queries: k.n, recallAt1: round(k.at1 / k.n, 4), recallAt10: round(k.at10 / k.n, 4) }])),
    negatives: { queries: byKind.negative?.n ?? 0, falsePositiveRate: round((byKind.negative?.fp ?? 0) / (byKind.negative?.n || 1), 4) },
    precisionAtThreshold: round(topAboveCorrect / (topAbove || 1), 4),
    threshold: screener.config.threshold,
  };
  const speed = { queries: times.length, queriesPerSecond: Math.round(times.length / (times.reduce((a, b) => a + b, 0) / 1000)), p50Ms: round(percentile(sorted, 50), 3), p99Ms: round(percentile(sorted, 99), 3), maxMs: round(sorted[sorted.length - 1], 2) };
  return { quality, speed, misses };
}

/** A synthetic list of `size` people and organisations made by recombining real listed name words. */
function synthetic(real: Entity[], size: number): Entity[] {
  let seed = 7;
  const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const words = real.filter((e) => e.schema === 'Person').flatMap((e) => e.names[0].full.replace(/,/g, '').split(/\s+/)).filter((w) => /^\p{L}{3,}$/u.test(w));
  const out: Entity[] = [];
  for (let i = 0; i < size; i++) {
    const n = 2 + Math.floor(r() * 2);
    const full = Array.from({ length: n }, () => words[Math.floor(r() * words.length)]).join(' ');
    out.push({ id: `synthetic:${i}`, dataset: 'synthetic', sourceId: String(i), schema: 'Person', caption: full, names: [{ full, kind: 'primary', strength: 'strong', script: 'Latin' }], birthDates: [], birthPlaces: [], countries: [], addresses: [], identifiers: [], programs: [], remarks: [], raw: null });
  }
  return out;
}

const entities = loadBundledEntities();
const cases = (JSON.parse(readFileSync(new URL('./data/screening-eval.json', import.meta.url), 'utf8')) as { cases: EvalCase[] }).cases;
const built = buildIndex(entities);
const screener = new Screener(built.index);
const sameTarget = sameTargetFn(built.index);
for (const c of cases.slice(0, 1000)) screener.screen({ name: c.query }); // warm up
const main = evaluate(screener, cases, sameTarget);

/** Every pairing of common UK given and family names: how often an ordinary constituent's name is a match. */
function commonNames(s: Screener) {
  const names = JSON.parse(readFileSync(new URL('./data/common-names.json', import.meta.url), 'utf8')) as { given: string[]; family: string[] };
  let queries = 0;
  const matched: string[] = [];
  for (const g of names.given) {
    for (const f of names.family) {
      queries++;
      const top = s.screen({ name: `${g} ${f}` }).hits[0];
      if (top && top.level === 'match') matched.push(`${g} ${f} → ${top.matchedName.full} (${top.score})`);
    }
  }
  return { queries, withAMatch: matched.length, rate: round(matched.length / queries, 4), examples: matched.slice(0, 25) };
}
const common = commonNames(screener);

if (process.argv.includes('--quick')) {
  console.log(JSON.stringify({ commonNames: { ...common, examples: undefined } }));
  console.log(JSON.stringify({ index: built.index.size, buildMs: built.buildMs, heapMb: built.heapMb, quality: main.quality, speed: main.speed }, null, 2));
  for (const m of main.misses.slice(0, Number(process.env.MISSES ?? 40))) console.log(JSON.stringify(m));
  process.exit(0);
}

// 100,000-row batch through the CSV batch path.
const dir = mkdtempSync(join(tmpdir(), 'bwk-batch-'));
const inCsv = join(dir, 'in.csv');
const rows = ['name,ref'];
for (let i = 0; i < 100_000; i++) rows.push(`"${cases[i % cases.length].query.replace(/"/g, '""')}",${i}`);
writeFileSync(inCsv, `${rows.join('\n')}\n`);
const batch = await screenBatch(screener, inCsv, join(dir, 'out.jsonl'));

// 1,000,000 entities: the real lists plus synthetic people.
const big = [...entities, ...synthetic(entities, 1_000_000 - entities.length)];
const bigBuilt = buildIndex(big);
const bigScreener = new Screener(bigBuilt.index);
const sample = cases.filter((_, i) => i % 4 === 0);
for (const c of sample.slice(0, 300)) bigScreener.screen({ name: c.query });
const bigRun = evaluate(bigScreener, sample, sameTargetFn(bigBuilt.index));

const figures = {
  lists: built.index.size,
  index: { buildMs: built.buildMs, heapMb: built.heapMb },
  quality: main.quality,
  commonNames: common,
  speed: main.speed,
  batch100k: { rows: batch.rows, seconds: round(batch.ms / 1000, 2), rowsPerSecond: Math.round(batch.rows / (batch.ms / 1000)), rowsWithHits: batch.rowsWithHits, errors: batch.errors },
  synthetic1M: { entities: big.length, buildMs: bigBuilt.buildMs, heapMb: bigBuilt.heapMb, speed: bigRun.speed, quality: { aliases: bigRun.quality.aliases, perturbations: bigRun.quality.perturbations, negatives: bigRun.quality.negatives } },
  peakRssMb: peakRssMb(),
  misses: main.misses.slice(0, 60),
};
const targets = {
  aliasRecallAt10: figures.quality.aliases.recallAt10 >= 0.99,
  perturbationRecallAt10: figures.quality.perturbations.recallAt10 >= 0.95,
  falsePositivesAtMost1pc: figures.quality.negatives.falsePositiveRate <= 0.01,
  p50Under1ms: figures.speed.p50Ms < 1,
  p99Under5ms: figures.speed.p99Ms < 5,
  batch100kUnder60s: figures.batch100k.seconds < 60,
  indexBuildUnder5s: figures.index.buildMs < 5000,
};
console.log(JSON.stringify({ ...figures, misses: undefined }, null, 2));
console.log('targets:', targets);
console.log('written:', writeResult('screening', { ...figures, targets }));
