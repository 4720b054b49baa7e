/**
 * Memory benchmark: a large list generated in the real US Consolidated Screening List layout
 * (the bundled csl.csv's rows repeated with new ids and name variants) imported into a fresh
 * SQLite store in a child process; reports file size, entities, time and peak RSS.
 * Usage: node --import tsx bench/large-list.ts [megabytes]   (default 100; the importer's limit is 150)
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { SqliteStore } from '../src/store/sqlite.js';
import { importList } from '../src/ingest/importer.js';
import { peakRssMb, round, writeResult } from './util.js';

const CSL = new URL('../data/lists/us/csl.csv', import.meta.url).pathname;
const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Writes `mb` megabytes of CSL rows: every real row again and again, each copy with its own number and a varied name. */
function generate(path: string, mb: number): number {
  const [header, ...rows] = parse(readFileSync(CSL, 'utf8'), { relax_column_count: true }) as string[][];
  const num = header.indexOf('entity_number');
  const name = header.indexOf('name');
  const fd = openSync(path, 'w');
  writeSync(fd, `${header.map(cell).join(',')}\n`);
  let bytes = 0;
  let n = 0;
  while (bytes < mb * 2 ** 20) {
    const r = [...rows[n % rows.length]];
    r[num] = String(900000000 + n);
    r[name] = `${r[name]} ${(n * 2654435761 % 99991).toString(36).toUpperCase()}`;
    const line = `${r.map(cell).join(',')}\n`;
    writeSync(fd, line);
    bytes += Buffer.byteLength(line);
    n++;
  }
  closeSync(fd);
  return n;
}

if (process.argv[2] === '--child') {
  const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'bwk-big-')), 'big.db'));
  await store.migrate();
  const t0 = performance.now();
  const r = await importList(store, { userId: 'bench', officeId: 'bench', role: 'admin' }, { format: 'csl-csv', path: process.argv[3], dataset: 'big' });
  await store.close();
  process.stdout.write(JSON.stringify({ entities: r.version.recordCount, wallMs: round(performance.now() - t0), parseMs: round(r.parseMs), storeMs: round(r.storeMs), peakRssMb: peakRssMb() }));
} else {
  const mb = Number(process.argv[2] ?? 100);
  const file = join(mkdtempSync(join(tmpdir(), 'bwk-big-')), 'csl-large.csv');
  const rows = generate(file, mb);
  const fileMb = round(statSync(file).size / 2 ** 20);
  const child = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) {
    console.error(child.stderr);
    process.exit(1);
  }
  const r = JSON.parse(child.stdout) as { entities: number; wallMs: number; parseMs: number; storeMs: number; peakRssMb: number };
  const figures = { layout: 'us/csl.csv (csl-csv)', fileMb, rows, ...r, rssPerFileMb: round(r.peakRssMb / fileMb, 2) };
  console.log(`${fileMb} MB list in the CSL layout, ${rows} rows → ${r.entities} entities in ${r.wallMs} ms (parse ${r.parseMs}, store ${r.storeMs}); peak RSS ${r.peakRssMb} MB (${figures.rssPerFileMb}× the file)`);
  console.log('written:', writeResult('large-list', figures));
}
