import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { guardStore } from '../../src/store/faults.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { scratchDatabase } from '../helpers/cli.js';
import { PG_AVAILABLE } from '../helpers/stores.js';

const BIN = new URL('../../bin/bulwark.js', import.meta.url).pathname;

function bulwark(env: Record<string, string>, ...args: string[]) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BULWARK_')));
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...base, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Exit 8 with one sentence saying what to do: no stack trace. */
function expectStoreFault(r: { code: number | null; err: string }, sentence: RegExp) {
  expect(r.code, r.err).toBe(8);
  expect(r.err).toMatch(sentence);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.err).not.toMatch(/\n\s+at /);
}

describe('store faults: exit 8 and one sentence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bwk-faults-'));

  it('a file that is not a database', () => {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, Buffer.alloc(8192, 0x5a));
    expectStoreFault(bulwark({ BULWARK_DB: junk }, 'lists'), /junk\.db: the file is not a Bulwark database .*restore a backup/);
  });

  it('a write kept waiting by another process holding the lock fails with what to do, and writes nothing', async () => {
    const path = join(dir, 'busy.db');
    // The wait is two minutes; shortened here so the test does not sit through it.
    const store = guardStore(new SqliteStore(path, { busyTimeoutMs: 300 }), `the SQLite store ${path}`);
    await store.migrate();
    const office = (id: string) => [{ id, name: 'Office', kind: 'commons', createdAt: new Date().toISOString() }, { actor: 'a', officeId: id, action: 'office.set', subject: id, detail: {} }] as const;
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      await expect(store.saveOffice(...office('o1'))).rejects.toMatchObject({
        code: 'BWK_ERR_STORE',
        message: expect.stringMatching(/busy\.db: another process held the database's write lock .*nothing was written.*try again, and if it happens again, stop the other Bulwark processes/),
      });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await store.getOffice('o1')).toBeNull();
    await store.saveOffice(...office('o2'));
    expect((await store.verifyAudit()).ok).toBe(true);
    await store.close();
  });

  it('a directory where the database file should be', () => {
    const folder = join(dir, 'folder.db');
    mkdirSync(folder);
    expectStoreFault(bulwark({ BULWARK_DB: folder }, 'lists'), /folder\.db: .*(directory|cannot be opened)/);
  });

  it('a store written by a newer Bulwark is refused, and left unwritten', () => {
    const path = join(dir, 'future.db');
    expect(bulwark({ BULWARK_DB: path }, 'lists').code).toBe(0);
    const db = new Database(path);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')").run();
    const audit = db.prepare('SELECT COUNT(*) AS n FROM audit_log').get();
    db.close();
    const r = bulwark({ BULWARK_DB: path }, 'office', '--kind', 'commons', '--name', 'X');
    expectStoreFault(r, /schema version 99.*newer Bulwark/);
    const after = new Database(path);
    expect(after.prepare('SELECT COUNT(*) AS n FROM audit_log').get()).toEqual(audit);
    after.close();
  });

  it.skipIf(!PG_AVAILABLE)('a PostgreSQL store written by a newer Bulwark is refused, and left unwritten', async () => {
    const db = await scratchDatabase(`bwk_future_${process.pid}`);
    try {
      const store = new PostgresStore(db.url);
      await store.migrate();
      await store.close();
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      await c.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')");
      const count = async () => (await c.query('SELECT COUNT(*)::int AS n FROM audit_log')).rows[0].n as number;
      const audit = await count();
      const r = bulwark({ BULWARK_DATABASE_URL: db.url, BULWARK_AUDIT_CHECKPOINT: join(dir, 'future-pg.audit-head') }, 'office', '--kind', 'commons', '--name', 'X');
      expectStoreFault(r, /schema version 99.*newer Bulwark/);
      expect(await count()).toBe(audit);
      await c.end();
    } finally {
      await db.drop();
    }
  });

  it('creates the SQLite file readable by its owner only, in a folder only its owner can enter', () => {
    const path = join(dir, 'fresh', 'nested', 'bulwark.db');
    expect(bulwark({ BULWARK_DB: path }, 'lists').code).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'fresh', 'nested')).mode & 0o777).toBe(0o700);
  });

  it('PostgreSQL not answering', () => {
    expectStoreFault(bulwark({ BULWARK_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/bulwark' }, 'lists'), /PostgreSQL does not answer; check that it is running/);
  });

  it('a bad PostgreSQL address', () => {
    expectStoreFault(bulwark({ BULWARK_DATABASE_URL: 'postgres://user@no host:/x' }, 'lists'), /not a valid PostgreSQL address|cannot be found/);
  });

  it.skipIf(!PG_AVAILABLE)('a PostgreSQL database that does not exist', () => {
    const url = loadConfig().pgTestUrl.replace(/\/[^/]*$/, '/bulwark_no_such_database');
    expectStoreFault(bulwark({ BULWARK_DATABASE_URL: url }, 'lists'), /the PostgreSQL database does not exist; create it/);
  });
});
