/**
 * Entity-resolution benchmark: 100,000 contacts across 60 offices, then new reports resolved against
 * them (latency p50/p99), and quality on planted actors. Names come from the bundled real lists: a
 * planted actor is a listed person reported to two or three offices under two of the spellings the
 * list itself records (its own aliases, often other scripts), with one detail in common; background
 * contacts recombine real given names and surnames. Nothing here uses the resolution code to make cases.
 * Writes bench/results/resolution.json.
 */
import { loadavg } from 'node:os';
import type { Entity } from '../src/domain/entity.js';
import { ResolutionIndex } from '../src/risk/resolution/index.js';
import type { PartyInput } from '../src/risk/resolution/match.js';
import { loadBundledEntities } from './cases.js';
import { percentile, peakRssMb, round, writeResult } from './util.js';

const CONTACTS = 100_000;
const OFFICES = 60;
const QUERIES = 2_000;
let seed = 20261130;
/** mulberry32: a small seeded generator with no short cycles in the low digits. */
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
const office = () => `office-${Math.floor(rand() * OFFICES)}`;
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');

const entities: Entity[] = (await loadBundledEntities()).filter((e) => e.schema === 'Person');
const latin = (s: string) => /^[A-Za-z' -]+$/.test(s);
const words = entities.flatMap((e) => e.names.filter((n) => latin(n.full)).map((n) => n.full.split(/\s+/)));
const given = words.map((w) => w[0]).filter((w) => w.length > 2);
const family = words.map((w) => w[w.length - 1]).filter((w) => w.length > 2);
const employers = Array.from({ length: 3_000 }, () => `${pick(family)} ${pick(['Consulting', 'Partners', 'Group', 'Advisory', 'Media', 'Institute', 'Trading', 'Foundation'])}`);

function background(i: number): PartyInput {
  const g = pick(given);
  const f = pick(family);
  return {
    ref: `contact:bg:${i}`, officeId: office(), kind: 'person', name: `${g} ${f}`,
    emails: rand() < 0.6 ? [`${g}.${f}${digits(2)}@example.org`.toLowerCase()] : [],
    phones: rand() < 0.4 ? [`07${digits(3)} ${digits(6)}`] : [],
    employer: rand() < 0.5 ? pick(employers) : undefined,
  };
}

/**
 * A listed person reported to 2–3 offices under the list's own spellings of one name: the name as the
 * list writes it in Latin letters and in its original script (Cyrillic, Arabic, Chinese…), sharing one detail.
 */
const plantable = entities.filter((e) => e.names.some((n) => n.script === 'Latin' && n.kind === 'primary') && e.names.some((n) => n.script !== 'Latin'));
function planted(n: number): PartyInput[] {
  const e = plantable[Math.floor(rand() * plantable.length)];
  const names = [e.names.find((x) => x.script === 'Latin' && x.kind === 'primary')!.full, e.names.find((x) => x.script !== 'Latin')!.full];
  const phone = `+447${digits(9)}`;
  const employer = pick(employers);
  const copies = 2 + Math.floor(rand() * 2);
  return Array.from({ length: copies }, (_, k) => ({
    ref: `contact:planted-${n}-${e.id}:${k}`, officeId: `office-${(n + k * 7) % OFFICES}`, kind: 'person' as const, name: names[k % names.length],
    ...(k % 2 ? { phones: [phone], employer } : { employer, phones: k ? [phone] : [] }),
  }));
}

const index = new ResolutionIndex();
const plantedGroups: PartyInput[][] = Array.from({ length: 1_000 }, (_, n) => planted(n));
const all = [...plantedGroups.flat(), ...Array.from({ length: CONTACTS - plantedGroups.flat().length }, (_, i) => background(i))];
const t0 = performance.now();
for (const p of all) index.add(p);
const buildMs = performance.now() - t0;

// Latency: new reports (fresh background-like contacts and planted spellings) against the full index.
// Wall time, and CPU time: on a shared machine the second shows the work itself, without waiting for a core.
const times: number[] = [];
const cpu: number[] = [];
for (let q = 0; q < QUERIES; q++) {
  const p = q % 4 ? background(CONTACTS + q) : { ...pick(plantedGroups)[0], ref: `contact:new:${q}` };
  const s = performance.now();
  const c = process.cpuUsage();
  index.resolve(p);
  const d = process.cpuUsage(c);
  times.push(performance.now() - s);
  cpu.push((d.user + d.system) / 1000);
}
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);

const entityOf = (ref: string) => ref.match(/^contact:planted-\d+-(.+):\d+$/)?.[1] ?? ref;
// Quality: each planted copy should link to its siblings; links to anything else are false.
let found = 0;
let foundPossible = 0;
let expected = 0;
let falseLinks = 0;
for (const group of plantedGroups.slice(0, 300)) {
  for (const p of group) {
    const candidates = index.resolve(p);
    const links = candidates.filter((c) => c.strength === 'link');
    foundPossible += group.filter((x) => x !== p && candidates.some((c) => c.ref === x.ref)).length;
    const sibs = group.filter((x) => x !== p).map((x) => x.ref);
    expected += sibs.length;
    found += sibs.filter((r) => links.some((l) => l.ref === r)).length;
    // The same listed person planted in another group is the same actor, not a false link.
    falseLinks += links.filter((l) => !sibs.includes(l.ref) && entityOf(l.ref) !== entityOf(p.ref)).length;
  }
}
const figures = {
  contacts: index.size,
  offices: OFFICES,
  indexBuildMs: round(buildMs),
  resolve: { queries: QUERIES, p50Ms: round(percentile(times, 50), 2), p99Ms: round(percentile(times, 99), 2), maxMs: round(times.at(-1)!, 2), cpuP50Ms: round(percentile(cpu, 50), 2), cpuP99Ms: round(percentile(cpu, 99), 2), targetP99Ms: 50, loadAverage: loadavg().map((x) => round(x, 1)) },
  quality: { plantedPairs: expected, recall: round(found / expected, 3), recallLinkOrPossible: round(foundPossible / expected, 3), falseLinks, note: 'planted actors: 300 listed persons reported under the list’s Latin and original-script names, sharing an employer or phone; background: 100,000 recombined real names, 3,000 employers', plantable: plantable.length },
  peakRssMb: peakRssMb(),
};
console.log(JSON.stringify(figures, null, 2));
console.log(`written to ${writeResult('resolution', figures)}`);
