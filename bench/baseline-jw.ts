/**
 * A comparison baseline: token best-pairs Jaro-Winkler over every listed name, the method moov-io/watchman
 * describes for its name search (pairwise Jaro-Winkler of all tokens, each token used once, a length-weighted
 * average, scaled down by the share of the listed name left unmatched). This is Bulwark's own implementation of
 * that described method, with its own assumed penalty, run on the same evaluation sample as Bulwark; it is not
 * watchman itself, which needs a Go 1.25 toolchain this machine does not have.
 * Run: node --import tsx bench/baseline-jw.ts  → bench/results/baseline-jw.json
 */
import { readFileSync } from 'node:fs';
import { ScreeningIndex } from '../src/screening/index.js';
import { Screener } from '../src/screening/screen.js';
import { jaroWinkler } from '../src/screening/similarity.js';
import { loadBundledEntities, type EvalCase } from './eval-set.js';
import { percentile, round, writeResult } from './util.js';

/** Latin letters only, accents folded, "LAST, First" turned round: what a Latin-only matcher sees. */
function tokens(name: string): string[] {
  const turned = name.includes(',') ? name.split(',').reverse().join(' ') : name;
  return turned.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9\s]/g, ' ').split(/\s+/).filter(Boolean);
}

function bestPairs(q: string[], c: string[]): number {
  const cells: { s: number; i: number; j: number }[] = [];
  for (let i = 0; i < q.length; i++) for (let j = 0; j < c.length; j++) if (q[i][0] === c[j][0]) cells.push({ s: jaroWinkler(q[i], c[j]), i, j });
  cells.sort((a, b) => b.s - a.s);
  const qi = new Set<number>();
  const cj = new Set<number>();
  let weighted = 0;
  let matchedC = 0;
  for (const x of cells) {
    if (qi.has(x.i) || cj.has(x.j)) continue;
    qi.add(x.i);
    cj.add(x.j);
    weighted += x.s * (q[x.i].length + c[x.j].length);
    matchedC += c[x.j].length;
  }
  const qLen = q.reduce((s, t) => s + t.length, 0);
  const cLen = c.reduce((s, t) => s + t.length, 0) || 1;
  const avg = weighted / (qLen + matchedC || 1);
  // Assumed penalty: up to 15% off for the unmatched share of the listed name.
  return avg * (1 - 0.15 * (1 - matchedC / cLen));
}

const entities = loadBundledEntities();
const names = entities.flatMap((e) => e.names.map((n) => ({ id: e.id, t: tokens(n.full) }))).filter((n) => n.t.length);
const cases = (JSON.parse(readFileSync(new URL('./data/screening-eval.json', import.meta.url), 'utf8')) as { cases: EvalCase[] }).cases;
// A fixed sample: every 10th case of each kind (the baseline scans every name, so the full set would take hours).
const sample = cases.filter((_, i) => i % 10 === 0);
const index = new ScreeningIndex(entities);
const bulwark = new Screener(index);
const sameTarget = (expected: string, got: string) => got === expected || index.linked(index.entityIndex(expected)!).some((l) => index.entities[l.entity].id === got);

const rows: { kind: string; baseRank: number; baseTop: number; bulwarkRank: number; bulwarkTop: number }[] = [];
const times: number[] = [];
for (const c of sample) {
  const q = tokens(c.query);
  const t0 = performance.now();
  const best = new Map<string, number>();
  for (const n of names) {
    const s = q.length ? bestPairs(q, n.t) : 0;
    if (s > (best.get(n.id) ?? 0)) best.set(n.id, s);
  }
  const ranked = [...best].sort((a, b) => b[1] - a[1]).slice(0, 10);
  times.push(performance.now() - t0);
  const b = bulwark.screen({ name: c.query }, { limit: 10 }).hits;
  rows.push({
    kind: c.kind,
    baseRank: c.expect ? ranked.findIndex(([id]) => sameTarget(c.expect!, id)) : -1,
    baseTop: ranked[0]?.[1] ?? 0,
    bulwarkRank: c.expect ? b.findIndex((h) => sameTarget(c.expect!, h.entityId)) : -1,
    bulwarkTop: b[0]?.score ?? 0,
  });
}
const summarise = (kinds: (k: string) => boolean) => {
  const r = rows.filter((x) => kinds(x.kind));
  const at = (f: (x: (typeof rows)[number]) => boolean) => round(r.filter(f).length / (r.length || 1), 3);
  return { queries: r.length, baselineRecallAt10: at((x) => x.baseRank >= 0), bulwarkRecallAt10: at((x) => x.bulwarkRank >= 0), baselineRecallAt1: at((x) => x.baseRank === 0), bulwarkRecallAt1: at((x) => x.bulwarkRank === 0) };
};
const neg = rows.filter((x) => x.kind === 'negative');
const kinds = [...new Set(rows.map((x) => x.kind))].filter((k) => k !== 'negative');
const sorted = [...times].sort((a, b) => a - b);
const result = {
  sample: sample.length,
  aliases: summarise((k) => k === 'alias'),
  perturbations: summarise((k) => k !== 'alias' && k !== 'negative'),
  byKind: Object.fromEntries(kinds.map((k) => [k, summarise((x) => x === k)])),
  negatives: {
    queries: neg.length,
    baselineFalsePositivesAt085: round(neg.filter((x) => x.baseTop >= 0.85).length / neg.length, 3),
    baselineFalsePositivesAt090: round(neg.filter((x) => x.baseTop >= 0.9).length / neg.length, 3),
    bulwarkFalsePositivesAtThreshold: round(neg.filter((x) => x.bulwarkTop >= bulwark.config.threshold).length / neg.length, 3),
  },
  baselineLatency: { p50Ms: round(percentile(sorted, 50), 1), p99Ms: round(percentile(sorted, 99), 1) },
};
console.log(JSON.stringify(result, null, 2));
console.log('written:', writeResult('baseline-jw', result));
