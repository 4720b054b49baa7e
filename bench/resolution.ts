/**
 * Entity-resolution benchmark over the index as the server keeps it, in the store: 100,000 contacts
 * across 60 offices loaded into a fresh store (SQLite, or PostgreSQL with --postgres), then new reports
 * stored as contacts and resolved as the server does on each report (queue, blocks, shortlisted
 * records, comparison, clusters and alerts, one write), and quality on planted actors. Names come from
 * the bundled real lists: a planted actor is a listed person reported to two or three offices under two
 * of the spellings the list itself records (its own aliases, often other scripts), with one detail in
 * common; background contacts recombine real given names and surnames. Nothing here uses the resolution
 * code to make cases. Wall and CPU time are both given: on a shared machine the second shows the work
 * itself (with PostgreSQL, the database server's share is not in it). Writes bench/results/resolution[-postgres].json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig } from '../src/config.js';
import type { Entity } from '../src/domain/entity.js';
import { RESOLUTION_CONFIG as cfg } from '../src/risk/resolution/config.js';
import { blockKeys, prepare, type PartyInput } from '../src/risk/resolution/match.js';
import { createServices } from '../src/services/container.js';
import { contactRef } from '../src/services/parties.js';
import { Resolver } from '../src/services/resolver.js';
import { PostgresStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/types.js';
import { loadBundledEntities } from './cases.js';
import { percentile, peakRssMb, round, writeResult } from './util.js';

const POSTGRES = process.argv.includes('--postgres');

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


const schema = `bwk_bench_${process.pid}`;
const dbFile = join(mkdtempSync(join(tmpdir(), 'bwk-bench-resolution-')), 'bench.db');
const open = (): Store => (POSTGRES ? new PostgresStore(loadConfig().pgTestUrl, schema, { auditCheckpoint: false }) : new SqliteStore(dbFile, { auditCheckpoint: false }));
const store = open();
await store.migrate();
const clock = () => new Date('2026-11-30T12:00:00.000Z');
const resolver = new Resolver(store, clock, cfg);

// The stored index: every background and planted contact as the resolver writes it, in batches.
const plantedGroups: PartyInput[][] = Array.from({ length: 1_000 }, (_, n) => planted(n));
const all = [...plantedGroups.flat(), ...Array.from({ length: CONTACTS - plantedGroups.flat().length }, (_, i) => background(i))];
const t0 = performance.now();
for (let i = 0; i < all.length; i += 2_000) {
  const put = all.slice(i, i + 2_000).map((p) => {
    const prepared = prepare(p, cfg);
    return { ref: p.ref, source: p.ref, officeId: p.officeId, firstSeen: '2026-01-01T00:00:00.000Z', stamp: resolver.stamp, keys: blockKeys(prepared), data: prepared as unknown as Record<string, unknown> };
  });
  await store.writeSecurity({ resolution: { put }, audit: [] });
}
const loadMs = performance.now() - t0;

const entityOf = (ref: string) => ref.match(/^contact:planted-\d+-(.+):\d+$/)?.[1] ?? ref;
// Quality, before any new report is stored: each planted copy should link to its siblings; links to anything else are false.
let found = 0;
let foundPossible = 0;
let expected = 0;
let falseLinks = 0;
for (const group of plantedGroups.slice(0, 300)) {
  for (const p of group) {
    const { candidates } = await resolver.candidates(prepare(p, cfg));
    const links = candidates.filter((c) => c.strength === 'link');
    foundPossible += group.filter((x) => x !== p && candidates.some((c) => c.ref === x.ref)).length;
    const sibs = group.filter((x) => x !== p).map((x) => x.ref);
    expected += sibs.length;
    found += sibs.filter((r) => links.some((l) => l.ref === r)).length;
    // The same listed person planted in another group is the same actor, not a false link.
    falseLinks += links.filter((l) => !sibs.includes(l.ref) && entityOf(l.ref) !== entityOf(p.ref)).length;
  }
}

/** A new report as the approach service stores it: the contact, its approach and its queue row, in one transaction. */
async function report(p: PartyInput, i: number): Promise<string> {
  const now = clock().toISOString();
  const id = `new-${i}`;
  const data = { kind: p.kind, emails: p.emails ?? [], phones: p.phones ?? [], ...(p.employer ? { employer: p.employer } : {}) };
  const source = contactRef(p.officeId, id);
  await store.recordApproach({
    contact: { id, officeId: p.officeId, name: p.name, data, createdAt: now, updatedAt: now },
    keys: [], approach: { id: `approach-${i}`, officeId: p.officeId, contactId: id, date: '2026-11-02', data: { channel: 'email' }, assessment: {}, catalogueVersion: 1, createdBy: 'bench', createdAt: now },
    attachments: [], alerts: [], audit: { actor: 'bench', officeId: p.officeId, action: 'approach.add', subject: `approach-${i}`, detail: {} }, queue: [source],
  });
  return source;
}

// Start: a new process opens the store and resolves its first report; nothing is built first.
const services = createServices(open(), loadConfig(), clock);
const firstReport = await report(background(CONTACTS), 0);
const s0 = performance.now();
await services.security.resolution.settle([firstReport]);
const startMs = performance.now() - s0;

/** Wall and CPU milliseconds of `fn`, pushed onto `into`. */
async function timed(into: { wall: number[]; cpu: number[] }, fn: () => Promise<unknown>) {
  const s = performance.now();
  const c = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(c);
  into.wall.push(performance.now() - s);
  into.cpu.push((d.user + d.system) / 1000);
}
const summary = (t: { wall: number[]; cpu: number[] }) => {
  const [wall, cpu] = [[...t.wall].sort((a, b) => a - b), [...t.cpu].sort((a, b) => a - b)];
  return { p50Ms: round(percentile(wall, 50), 2), p99Ms: round(percentile(wall, 99), 2), maxMs: round(wall.at(-1)!, 2), cpuP50Ms: round(percentile(cpu, 50), 2), cpuP99Ms: round(percentile(cpu, 99), 2) };
};

// Latency: new reports (fresh background-like contacts, and planted actors' spellings reported again). Each is
// first compared with the index (blocks, shortlisted records, comparisons: nothing written), then stored and
// resolved as the server resolves it after storing it (the same comparison, its cluster and alerts, one write).
const compared = { wall: [] as number[], cpu: [] as number[] };
const settled = { wall: [] as number[], cpu: [] as number[] };
for (let q = 1; q <= QUERIES; q++) {
  const p = q % 4 ? background(CONTACTS + q) : { ...pick(plantedGroups)[q % 2], officeId: office() };
  await timed(compared, () => resolver.candidates(prepare(p, cfg)));
  const source = await report(p, q);
  await timed(settled, () => services.security.resolution.settle([source]));
}
const alerts = (await store.listSecurityRecords('security-alert')).length;

const figures = {
  store: POSTGRES ? 'postgres' : 'sqlite',
  contacts: CONTACTS,
  offices: OFFICES,
  indexLoadMs: round(loadMs),
  startToFirstReportMs: round(startMs, 2),
  queries: QUERIES,
  targetP99Ms: 50,
  loadAverage: loadavg().map((x) => round(x, 1)),
  compare: { ...summary(compared), note: 'a new report against the index: its blocks read, the shortlisted records read and compared; nothing written' },
  resolve: { ...summary(settled), alertsRaised: alerts, note: 'a stored report resolved as the server does: read back, compared, its cluster and alerts worked out, and parties, keys, links, alerts and the queue written in one transaction' },
  quality: { plantedPairs: expected, recall: round(found / expected, 3), recallLinkOrPossible: round(foundPossible / expected, 3), falseLinks, note: 'planted actors: 300 listed persons reported under the list’s Latin and original-script names, sharing an employer or phone; background: 100,000 recombined real names, 3,000 employers', plantable: plantable.length },
  peakRssMb: peakRssMb(),
};
console.log(JSON.stringify(figures, null, 2));
console.log(`written to ${writeResult(POSTGRES ? 'resolution-postgres' : 'resolution', figures)}`);
if (store instanceof PostgresStore) await store.dropSchema();
await store.close();
await services.store.close();
if (!POSTGRES) rmSync(dirname(dbFile), { recursive: true, force: true });
