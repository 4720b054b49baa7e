import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateList, type Layout } from '../../bench/generate-list.js';
import { loadConfig } from '../../src/config.js';
import { importList } from '../../src/ingest/importer.js';
import { PostgresStore } from '../../src/store/postgres.js';
import type { Store } from '../../src/store/types.js';
import { ACTOR, PG_AVAILABLE, STORES } from '../helpers/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'bwk-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Peak memory of an import must not follow the file. A 30 MB list took about 650 MB to import when
 * parsers read the whole file (22 times the file, measured at 100 MB). Streamed, what an import
 * holds at any moment is a batch of records: after a full collection the heap is back near 12 MB.
 * Left alone, V8 lets garbage pile up to a few hundred MB before it collects, which would make the
 * figure depend on the garbage collector's mood; so the child runs with a 256 MB heap, in which the
 * whole-file code could not hold a 30 MB list at all, and its peak RSS (Node, the TypeScript loader,
 * the modules and the drivers included) must stay under the bound.
 */
const PEAK_BOUND_MB = 400;
const HEAP_MB = 256;
const FILE_MB = 30;

/** Imports a file in a child process (bench/large-list.ts) and returns its figures, peak RSS among them. */
function importInChild(kind: 'sqlite' | 'postgres', where: string, file: string, layout: Layout): Record<string, number> {
  const script = new URL('../../bench/large-list.ts', import.meta.url).pathname;
  const c = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', script, '--child', 'import', kind, where, file, layout], { encoding: 'utf8' });
  expect(c.status, c.stderr).toBe(0);
  return JSON.parse(c.stdout);
}

describe('a large list imports in memory that does not grow with the file', () => {
  it(`imports ${FILE_MB} MB in the CSL layout into SQLite under ${PEAK_BOUND_MB} MB`, () => {
    const file = join(dir, 'csl.csv');
    const records = generateList('csl-csv', file, FILE_MB * 2 ** 20);
    const r = importInChild('sqlite', mkdtempSync(join(dir, 'store-')), file, 'csl-csv');
    expect(r.entities).toBe(records);
    expect(r.peakRssMb).toBeLessThan(PEAK_BOUND_MB);
  }, 600_000);

  it.runIf(PG_AVAILABLE)(`imports ${FILE_MB} MB in the UN XML layout into PostgreSQL under ${PEAK_BOUND_MB} MB`, async () => {
    const file = join(dir, 'consolidated.xml');
    const records = generateList('un-xml', file, FILE_MB * 2 ** 20);
    const schema = `bwk_stream_${process.pid}`;
    try {
      const r = importInChild('postgres', schema, file, 'un-xml');
      // The generated individuals, and the real file's entities once after them.
      expect(r.entities).toBeGreaterThan(records);
      expect(r.peakRssMb).toBeLessThan(PEAK_BOUND_MB);
    } finally {
      const pg = new PostgresStore(loadConfig().pgTestUrl, schema);
      await pg.dropSchema();
      await pg.close();
    }
  }, 600_000);
});

describe.each(STORES.filter((s) => s.available))('a failure after thousands of records were written keeps the previous version ($name)', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  const file = join(dir, 'ten-thousand.csv');
  beforeAll(async () => {
    ({ store, dispose } = await factory.make());
    generateList('csl-csv', file, 4 * 2 ** 20);
    await importList(store, ACTOR, { format: 'csl-csv', path: file, dataset: 'generated' });
  }, 300_000);
  afterAll(() => dispose());

  async function expectUnchanged(path: string, message: RegExp) {
    const before = await store.listDatasets();
    const sample = await store.getEntity(before[0].current.delta.sample.added[0]);
    await expect(importList(store, ACTOR, { format: 'csl-csv', path, dataset: 'generated' })).rejects.toThrow(message);
    expect(await store.listDatasets()).toEqual(before);
    expect(await store.countEntities('generated')).toBe(before[0].entityCount);
    expect(await store.getEntity(sample!.id)).toEqual(sample);
    expect((await store.verifyAudit()).ok).toBe(true);
  }

  it('a bad row at the end of the file, after every other record went to the store', async () => {
    const bad = join(dir, 'bad-last-row.csv');
    writeFileSync(bad, readFileSync(file));
    appendFileSync(bad, 'Entity List (EL) - Bureau of Industry and Security,1,Entity,EAR,only three columns\n');
    expect(statSync(bad).size).toBeGreaterThan(4 * 2 ** 20);
    await expectUnchanged(bad, /bad-last-row\.csv, line \d+: expected \d+ columns, found 5/);
  });

  it('a file cut in half, refused for the entries it loses once the last record is read', async () => {
    const buf = readFileSync(file);
    const cut = join(dir, 'cut.csv');
    writeFileSync(cut, buf.subarray(0, buf.indexOf(0x0a, buf.length / 2) + 1));
    await expectUnchanged(cut, /would remove \d+ of the \d+ entries of "generated"/);
  });
});
