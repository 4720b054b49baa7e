/**
 * Memory benchmark: a large list generated in a real list's layout (bench/generate-list.ts: the
 * bundled records repeated with new ids and varied names, in a temporary folder removed after) is
 * imported in a child process into a fresh store, SQLite and PostgreSQL; reports peak RSS, wall and
 * CPU time and throughput. Then the first screen after a restart, each in a fresh child process:
 * the first one builds the screening index over every entity (and saves it with the store's files),
 * the next one loads the saved index.
 *
 * Environment: BULWARK_BENCH_LIST_MB (default 1024; 100 runs in a few minutes),
 * BULWARK_BENCH_LIST_LAYOUT (csl-csv, the default, or un-xml), BULWARK_BENCH_STORES (sqlite,postgres),
 * BULWARK_BENCH_SCREEN=0 to leave out the screens, BULWARK_BENCH_SCREEN_HEAP_MB (default 8192) the screens' heap.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { importList } from '../src/ingest/importer.js';
import { ScreeningService } from '../src/services/screening.js';
import { PostgresStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/types.js';
import { generateList, type Layout } from './generate-list.js';
import { round, writeResult } from './util.js';

const ACTOR = { userId: 'bench', officeId: 'bench', role: 'admin' as const };
/** A name each layout's generated file holds (every copy adds a word to it). */
const QUERY: Record<Layout, string> = { 'csl-csv': 'ADRIAN MANUEL HERNANDEZ', 'un-xml': 'AKRAM TURKI HISHAN AL-MAZIDIH' };
type Kind = 'sqlite' | 'postgres';

/** Peak resident memory of this process in MB, from the kernel's high-water mark. */
function peakMb(): number {
  const hwm = readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return Math.round((hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024);
}

/** The store, with its files (audit checkpoint, saved index) beside the generated list for PostgreSQL. */
function open(kind: Kind, where: string, file: string): Store {
  return kind === 'sqlite' ? new SqliteStore(join(where, 'big.db')) : new PostgresStore(loadConfig().pgTestUrl, where, { auditCheckpoint: join(dirname(file), `${where}.audit-head`) });
}

const cpuMs = (c: NodeJS.CpuUsage) => round((c.user + c.system) / 1000);

async function child(step: string, kind: Kind, where: string, file: string, layout: Layout) {
  const store = open(kind, where, file);
  await store.migrate();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let out: Record<string, unknown>;
  if (step === 'import') {
    // Its own dataset name: PostgreSQL serialises imports of one name across schemas, and other runs may share the server.
    const r = await importList(store, ACTOR, { format: layout, path: file, dataset: `generated-${process.pid}` });
    out = { entities: r.version.recordCount, parseMs: round(r.parseMs), storeMs: round(r.storeMs) };
  } else {
    const screening = new ScreeningService(store, undefined, { cacheDir: store.files!.dir, storeIdentity: store.files!.identity });
    const r = await screening.screen(ACTOR, { name: QUERY[layout] });
    out = { hits: r.hits.length };
  }
  out = { ...out, wallMs: round(performance.now() - t0), cpuMs: cpuMs(process.cpuUsage(c0)), peakRssMb: peakMb() };
  await store.close();
  process.stdout.write(JSON.stringify(out));
}

type Figures = Record<string, number> & { failed?: number };

function run(step: string, kind: Kind, where: string, file: string, layout: Layout, heapMb?: number): Figures {
  const args = [...(heapMb ? [`--max-old-space-size=${heapMb}`] : []), '--import', 'tsx', new URL(import.meta.url).pathname, '--child', step, kind, where, file, layout];
  const c = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (c.status !== 0) return { failed: 1, status: c.status ?? -1, ...(c.signal ? { signal: 1 } : {}), error: c.stderr.split('\n').find((l) => /Error|heap/i.test(l)) ?? c.stderr.slice(-300) } as unknown as Figures;
  return JSON.parse(c.stdout);
}

if (process.argv[2] === '--child') {
  const [step, kind, where, file, layout] = process.argv.slice(3);
  await child(step, kind as Kind, where, file, layout as Layout);
} else {
  const mb = Number(process.env.BULWARK_BENCH_LIST_MB ?? 1024);
  const layout = (process.env.BULWARK_BENCH_LIST_LAYOUT ?? 'csl-csv') as Layout;
  const kinds = (process.env.BULWARK_BENCH_STORES ?? 'sqlite,postgres').split(',') as Kind[];
  const dir = mkdtempSync(join(tmpdir(), 'bwk-big-'));
  try {
    const file = join(dir, layout === 'un-xml' ? 'consolidated.xml' : 'csl.csv');
    const t = performance.now();
    const records = generateList(layout, file, mb * 2 ** 20);
    const fileMb = round(statSync(file).size / 2 ** 20);
    console.log(`generated ${fileMb} MB in the ${layout} layout (${records} records) in ${round((performance.now() - t) / 1000)} s`);
    const stores = [];
    for (const kind of kinds) {
      const where = kind === 'sqlite' ? mkdtempSync(join(dir, 'store-')) : `bwk_big_${process.pid}`;
      const imported = run('import', kind, where, file, layout);
      console.log(`${kind} import:`, imported);
      const heap = Number(process.env.BULWARK_BENCH_SCREEN_HEAP_MB ?? 8192);
      const screens = process.env.BULWARK_BENCH_SCREEN === '0' || imported.failed
        ? {}
        : { firstScreen: run('screen', kind, where, file, layout, heap), screenAfterSavedIndex: run('screen-again', kind, where, file, layout, heap) };
      if (Object.keys(screens).length) console.log(`${kind} screens:`, screens);
      const rate = (n: number, ms: number) => (ms ? round(n / (ms / 1000), 2) : null);
      stores.push({
        store: kind,
        import: { ...imported, mbPerSecond: rate(fileMb, imported.wallMs), mbPerCpuSecond: rate(fileMb, imported.cpuMs), recordsPerSecond: rate(imported.entities, imported.wallMs), recordsPerCpuSecond: rate(imported.entities, imported.cpuMs) },
        ...screens,
      });
      if (kind === 'sqlite') rmSync(where, { recursive: true, force: true });
      else {
        const pg = new PostgresStore(loadConfig().pgTestUrl, where);
        await pg.dropSchema();
        await pg.close();
      }
    }
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
    const target = { importPeakRssUnder1GbFor1GbFile: fileMb >= 1000 ? stores.every((s) => !s.import.failed && (s.import as Figures).peakRssMb < 1024) : null };
    console.log('written:', writeResult(`large-list${mb >= 1000 ? '' : `-${mb}mb`}${kinds.length === 1 ? `-${kinds[0]}` : ''}`, { layout, fileMb, records, loadAverageAfter: load, stores, target }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
