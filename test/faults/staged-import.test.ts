import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { generateList } from '../../bench/generate-list.js';
import { bulwarkAsync, cliTargets } from '../helpers/cli.js';

/**
 * A list import writes its new version in short transactions while it is not yet current, and makes
 * it current in one short transaction at the end. Before, it held SQLite's write lock for its whole
 * run: a report made during a large import waited, failed with "database is locked" and was lost.
 */
const { targets: TARGETS, cleanup } = cliTargets('staged');
const dir = mkdtempSync(join(tmpdir(), 'bwk-staged-'));
const big = join(dir, 'big.csv');
const small = join(dir, 'small.csv');
// Large enough that its import outlasts a report's whole process several times over.
const BIG_RECORDS = generateList('csl-csv', big, 24 * 2 ** 20);
const SMALL_RECORDS = generateList('csl-csv', small, 2 ** 20);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await cleanup();
});

/** One number from the store, read past Bulwark as someone with database access would. */
async function count(env: Record<string, string>, sql: string): Promise<number> {
  if (env.BULWARK_DB) {
    const db = new Database(env.BULWARK_DB, { readonly: true, fileMustExist: true });
    try {
      return Number(Object.values(db.prepare(sql).get() as object)[0]);
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: env.BULWARK_DATABASE_URL });
  await c.connect();
  try {
    return Number(Object.values((await c.query(sql)).rows[0])[0]);
  } finally {
    await c.end();
  }
}

/** Waits until the import has staged more than `rows` entity rows (a version no reader sees yet). */
async function stagedBeyond(env: Record<string, string>, rows: number, running: () => boolean): Promise<void> {
  for (;;) {
    if (!running()) throw new Error('the import ended before it had staged anything');
    const n = await count(env, 'SELECT COUNT(*) FROM entity_rows').catch(() => 0);
    if (n > rows) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const importArgs = (file: string, ...extra: string[]) => ['import', 'csl-csv', file, '--dataset', 'generated', ...extra];
const report = ['approach', 'add', '--name', 'Helena Varga', '--date', '2026-11-02', '--channel', 'email', '--type', 'meeting_request', '--approached', 'Researcher', '--asked', 'lunch'];

describe.each(TARGETS)('a list import stages its version and makes it current at the end: $name', (t) => {
  const maybe = t.available ? it : it.skip;

  maybe('an approach reported while a large list imports is stored within seconds, and the import completes', async () => {
    const env = await t.env();
    expect((await bulwarkAsync(env, ['office', '--kind', 'commons', '--name', 'Office'])).code).toBe(0);
    const rowsBefore = await count(env, 'SELECT COUNT(*) FROM entity_rows');
    let importDone = false;
    const importing = bulwarkAsync(env, importArgs(big)).finally(() => (importDone = true));
    await stagedBeyond(env, rowsBefore + 2000, () => !importDone);
    const t0 = Date.now();
    const reported = await bulwarkAsync(env, report);
    const took = Date.now() - t0;
    expect(reported.code, reported.err).toBe(0);
    // Stored while the import was still writing, not after it.
    expect(importDone).toBe(false);
    expect(await count(env, 'SELECT COUNT(*) FROM approaches')).toBe(1);
    expect(took).toBeLessThan(30_000);
    const imported = await importing;
    expect(imported.code, imported.err).toBe(0);
    expect(await count(env, "SELECT COUNT(*) FROM entities WHERE dataset = 'generated'")).toBe(BIG_RECORDS);
    expect((await bulwarkAsync(env, ['audit', 'verify'])).code).toBe(0);
  }, 600_000);

  maybe('kill -9 during a staged import leaves the previous version current and nothing half-visible; the next import clears what it left', async () => {
    const env = await t.env();
    expect((await bulwarkAsync(env, importArgs(small))).code).toBe(0);
    const rowsBefore = await count(env, 'SELECT COUNT(*) FROM entity_rows');
    const before = await count(env, "SELECT current_version FROM datasets WHERE name = 'generated'");
    let importDone = false;
    let kill!: () => void;
    const killed = bulwarkAsync(env, importArgs(big), { killWhen: new Promise<void>((r) => (kill = r)) }).finally(() => (importDone = true));
    await stagedBeyond(env, rowsBefore + 5000, () => !importDone);
    kill();
    expect((await killed).signal).toBe('SIGKILL');
    // Readers see the version before the import, whole: its entities and identifiers, its history.
    expect(await count(env, "SELECT current_version FROM datasets WHERE name = 'generated'")).toBe(before);
    expect(await count(env, "SELECT COUNT(*) FROM entities WHERE dataset = 'generated'")).toBe(SMALL_RECORDS);
    expect(await count(env, "SELECT COUNT(*) FROM entity_identifiers WHERE dataset = 'generated'")).toBe(await count(env, `SELECT COUNT(*) FROM entity_identifier_rows WHERE version_id = ${before}`));
    expect(await count(env, 'SELECT COUNT(*) FROM entity_rows')).toBeGreaterThan(rowsBefore + 5000);
    const history = await bulwarkAsync(env, ['lists', 'history', 'generated']);
    expect(history.out.match(/\bv\d+\b/g)).toEqual([`v${before}`]);
    expect((await bulwarkAsync(env, ['audit', 'verify'])).code).toBe(0);
    // The next import removes the dead import's staged rows and version.
    expect((await bulwarkAsync(env, importArgs(small, '--force'))).code).toBe(0);
    expect(await count(env, 'SELECT COUNT(*) FROM entity_rows')).toBe(rowsBefore);
    expect(await count(env, 'SELECT COUNT(*) FROM dataset_versions WHERE staged_by IS NOT NULL')).toBe(0);
    expect((await bulwarkAsync(env, ['audit', 'verify'])).code).toBe(0);
  }, 600_000);
});
