/**
 * The benchmark's yardstick: read every script with a general-purpose transliteration library
 * (any-ascii), then score every listed name by token best-pairs Jaro-Winkler (each word used once,
 * averaged by length, less for the listed name's unmatched share) in a full scan. Written here, not
 * taken from src/screening, so the comparison shares nothing with the matcher.
 */
import type { Entity } from '../src/domain/entity.js';
import { plainWords } from './cases.js';

function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const ma = new Array<boolean>(a.length).fill(false);
  const mb = new Array<boolean>(b.length).fill(false);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - range); j <= Math.min(b.length - 1, i + range); j++) {
      if (!mb[j] && a[i] === b[j]) {
        ma[i] = mb[j] = true;
        m++;
        break;
      }
    }
  }
  if (!m) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!ma[i]) continue;
    while (!mb[k]) k++;
    if (a[i] !== b[k]) t++;
    k++;
  }
  const jaro = (m / a.length + m / b.length + (m - t / 2) / m) / 3;
  let p = 0;
  while (p < 4 && a[p] === b[p]) p++;
  return jaro + p * 0.1 * (1 - jaro);
}

function bestPairs(q: string[], c: string[]): number {
  const cells: { s: number; i: number; j: number }[] = [];
  for (let i = 0; i < q.length; i++) for (let j = 0; j < c.length; j++) cells.push({ s: jaroWinkler(q[i], c[j]), i, j });
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
  return (weighted / (qLen + matchedC || 1)) * (1 - 0.15 * (1 - matchedC / cLen));
}

export class Baseline {
  private readonly names: { id: string; words: string[] }[];

  constructor(entities: Entity[]) {
    this.names = entities.flatMap((e) => e.names.map((n) => ({ id: e.id, words: plainWords(n.full.includes(',') ? n.full.split(',').reverse().join(' ') : n.full) }))).filter((n) => n.words.length);
  }

  /** The ten best entities with their scores. */
  screen(query: string): { id: string; score: number }[] {
    const q = plainWords(query);
    if (!q.length) return [];
    const best = new Map<string, number>();
    for (const n of this.names) {
      const s = bestPairs(q, n.words);
      if (s > (best.get(n.id) ?? 0)) best.set(n.id, s);
    }
    return [...best].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([id, score]) => ({ id, score }));
  }
}
