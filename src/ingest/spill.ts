import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LIMITS } from './read.js';

export interface SpilledRow<T = unknown> {
  kind: string;
  key: string;
  line: number;
  data: T;
}

/**
 * A list's rows held on disk while it is read, for formats whose records are spread over several
 * files or rows (OFAC's companion files, the UK tables, OFSI's rows per group, FollowTheMoney's
 * sanctions and addresses): written as they stream past, then read back grouped by key one record
 * at a time, so memory holds one record, not the file. It also remembers which keys have been seen
 * (duplicate rows). A private temporary SQLite file, removed by `close()` whatever the outcome.
 */
export class Spill {
  private readonly dir = mkdtempSync(join(tmpdir(), 'bulwark-import-'));
  private readonly db = new Database(join(this.dir, 'spill.db'));
  private readonly insert;
  private readonly seen;
  private pending = 0;
  private byKey?: Database.Statement;

  constructor() {
    // Scratch data: no journal, no syncing; a crash loses nothing the store holds.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -16384');
    this.db.exec(`CREATE TABLE rows (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, key TEXT NOT NULL, line INTEGER NOT NULL, data TEXT NOT NULL);
      CREATE TABLE seen (key TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;`);
    this.insert = this.db.prepare('INSERT INTO rows (kind, key, line, data) VALUES (?, ?, ?, ?)');
    this.seen = this.db.prepare('INSERT INTO seen (key, n) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET n = n + 1 RETURNING n');
    this.db.exec('BEGIN');
  }

  /** Keeps one row of a record; rows are committed in batches, since the file is scratch. */
  add(kind: string, key: string, line: number, data: unknown): void {
    this.insert.run(kind, key, line, JSON.stringify(data));
    this.tick();
  }

  /** How many times the key has been offered, this time included (1 the first time). */
  occurrence(key: string): number {
    const n = Number((this.seen.get(key) as { n: number }).n);
    this.tick();
    return n;
  }

  private tick(): void {
    if (++this.pending < LIMITS.spillBatch) return;
    this.pending = 0;
    this.db.exec('COMMIT; BEGIN');
  }

  /** Ends the writing and indexes the rows by key for reading back. */
  seal(): void {
    this.db.exec('COMMIT');
    this.db.exec('CREATE INDEX rows_key ON rows (key, seq); CREATE INDEX rows_kind ON rows (kind, key, seq)');
    this.byKey = this.db.prepare('SELECT kind, key, line, data FROM rows WHERE key = ? ORDER BY seq');
  }

  /** The first row (in file order) of another kind whose key has no row of `main`: a companion naming an unknown record. */
  orphan(main: string): SpilledRow<never> | undefined {
    return this.db
      .prepare('SELECT kind, key, line FROM rows c WHERE kind <> ? AND NOT EXISTS (SELECT 1 FROM rows m WHERE m.kind = ? AND m.key = c.key) ORDER BY seq LIMIT 1')
      .get(main, main) as SpilledRow<never> | undefined;
  }

  /** Keys with a row of `kind` but none of `other`, in file order: how many, and the first. */
  without(kind: string, other: string): { count: number; first?: string } {
    const sql = 'FROM rows r WHERE kind = ? AND NOT EXISTS (SELECT 1 FROM rows o WHERE o.kind = ? AND o.key = r.key)';
    const count = Number((this.db.prepare(`SELECT COUNT(DISTINCT key) AS n ${sql}`).get(kind, other) as { n: number }).n);
    const first = count ? (this.db.prepare(`SELECT key ${sql} ORDER BY seq LIMIT 1`).get(kind, other) as { key: string }).key : undefined;
    return { count, ...(first !== undefined ? { first } : {}) };
  }

  /** How many distinct keys have a row of the kind. */
  count(kind: string): number {
    return Number((this.db.prepare('SELECT COUNT(DISTINCT key) AS n FROM rows WHERE kind = ?').get(kind) as { n: number }).n);
  }

  /** Every row of a key (every kind) in file order. */
  rows<T = unknown>(key: string): SpilledRow<T>[] {
    return (this.byKey!.all(key) as { kind: string; key: string; line: number; data: string }[]).map((r) => ({ ...r, data: JSON.parse(r.data) as T }));
  }

  /** Each distinct key of a kind in the order it first appeared, with all its rows. */
  *groups<T = unknown>(kind: string): Generator<{ key: string; rows: SpilledRow<T>[] }> {
    for (const { key } of this.db.prepare('SELECT key, MIN(seq) AS first FROM rows WHERE kind = ? GROUP BY key ORDER BY first').iterate(kind) as Iterable<{ key: string }>) {
      yield { key, rows: this.rows<T>(key) };
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
