/**
 * Import benchmark: every bundled list into a fresh SQLite store and a fresh PostgreSQL schema,
 * each in its own process so peak RSS is per store. Prints a table and writes bench/results/import.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { loadListSources } from '../src/domain/list-sources.js';
import { BUNDLED_LISTS_DIR, importSource } from '../src/ingest/importer.js';
import { PostgresStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/types.js';
import { peakRssMb, round, writeResult } from './util.js';

const ACTOR = { userId: 'bench', officeId: 'bench', role: 'admin' as const };

async function runOne(kind: 'sqlite' | 'postgres') {
  const schema = `bwk_bench_${process.pid}`;
  const store: Store =
    kind === 'sqlite' ? new SqliteStore(join(mkdtempSync(join(tmpdir(), 'bwk-bench-')), 'bench.db')) : new PostgresStore(loadConfig().pgTestUrl, schema);
  await store.migrate();
  const lists = [];
  const t0 = performance.now();
  for (const src of loadListSources().lists) {
    const t = performance.now();
    const r = await importSource(store, ACTOR, src, BUNDLED_LISTS_DIR);
    const ms = performance.now() - t;
    lists.push({ dataset: src.dataset, records: r.version.recordCount, wallMs: round(ms), parseMs: round(r.parseMs), storeMs: round(r.storeMs), recordsPerSecond: Math.round(r.version.recordCount / (ms / 1000)) });
  }
  const totalMs = performance.now() - t0;
  if (store instanceof PostgresStore) await store.dropSchema();
  await store.close();
  const records = lists.reduce((s, l) => s + l.records, 0);
  const ofacMs = lists.filter((l) => l.dataset === 'ofac-sdn').reduce((s, l) => s + l.wallMs, 0);
  return { store: kind, records, totalWallMs: round(totalMs), recordsPerSecond: Math.round(records / (totalMs / 1000)), ofacSdnWallMs: ofacMs, peakRssMb: peakRssMb(), lists };
}

if (process.argv[2] === '--child') {
  const r = await runOne(process.argv[3] as 'sqlite' | 'postgres');
  process.stdout.write(JSON.stringify(r));
} else {
  const results = [];
  for (const kind of ['sqlite', 'postgres'] as const) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', kind], { encoding: 'utf8' });
    if (child.status !== 0) {
      console.error(`${kind}: failed\n${child.stderr}`);
      process.exitCode = 1;
      continue;
    }
    results.push(JSON.parse(child.stdout));
  }
  for (const r of results) {
    console.log(`\n${r.store}: ${r.records} records in ${r.totalWallMs} ms (${r.recordsPerSecond} records/s), OFAC SDN ${r.ofacSdnWallMs} ms, peak RSS ${r.peakRssMb} MB`);
    for (const l of r.lists) console.log(`  ${l.dataset.padEnd(16)} ${String(l.records).padStart(6)} records  ${String(l.wallMs).padStart(8)} ms  ${String(l.recordsPerSecond).padStart(7)}/s`);
  }
  const sqlite = results.find((r) => r.store === 'sqlite');
  const pg = results.find((r) => r.store === 'postgres');
  const targets = {
    ofacSdnUnder3s: sqlite ? sqlite.ofacSdnWallMs < 3000 : null,
    allListsUnder10sSqlite: sqlite ? sqlite.totalWallMs < 10000 : null,
    postgresWithin2xOfSqlite: sqlite && pg ? pg.totalWallMs <= 2 * sqlite.totalWallMs : null,
    peakRssUnder500Mb: results.every((r) => r.peakRssMb < 500),
  };
  console.log('\ntargets:', targets);
  console.log('written:', writeResult('import', { results, targets }));
}
