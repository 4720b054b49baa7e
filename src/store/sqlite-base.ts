import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { AuditCheckpoint, auditReport, auditRowAfter, LATER_COVERED, recordHashes, refsSql, rowRefs } from './audit.js';
import { storeFault } from './faults.js';
import { AUDIT_RECORDS_MIGRATION, pendingMigrations } from './migrations.js';
import { assertNoNul, rowAudit, type AuditRow } from './rows.js';
import type { AuditEntry, AuditInput, AuditReport, RecordRef, StoreOptions } from './types.js';

/** How long a writer waits for another process's write transaction (an import's holds one batch) before giving up. */
const BUSY_TIMEOUT_MS = 120_000;
/** Size the write-ahead log is cut back to after a checkpoint. */
const WAL_LIMIT_BYTES = 64 * 2 ** 20;
/** Something to wait on: a process opening the store sleeps between tries without spinning. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** The SQLite connection, its write queue and transactions, migrations, audit chain and checkpoint. */
export abstract class SqliteBase {
  readonly kind = 'sqlite' as const;
  protected db: Database.Database;
  protected readonly checkpoint?: AuditCheckpoint;
  protected readonly busyTimeoutMs: number;
  /** Marks code running inside `serialize`, whose writes join its transaction. */
  protected readonly held = new AsyncLocalStorage<boolean>();
  /** Writes of this process, one after another: a serialized section must not take in unrelated writes. */
  protected queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string, opts: StoreOptions = {}) {
    try {
      if (path !== ':memory:') {
        // The store holds reports about people: readable by its owner only.
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
      }
      this.busyTimeoutMs = opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
      this.db = SqliteBase.connect(path, this.busyTimeoutMs);
      SqliteBase.useWal(this.db, this.busyTimeoutMs);
    } catch (e) {
      throw storeFault(e, `the SQLite store ${path}`);
    }
    if (path !== ':memory:' && opts.auditCheckpoint !== false) this.checkpoint = new AuditCheckpoint(opts.auditCheckpoint ?? `${path}.audit-head`, opts.auditKey);
  }

  get files(): { dir: string; identity: string } | undefined {
    return this.path === ':memory:' ? undefined : { dir: dirname(this.path), identity: `sqlite:${resolve(this.path)}` };
  }

  /**
   * Switches the file to WAL, once, by the first process: asking again while another process writes can answer
   * SQLITE_BUSY at once (a writer started during a list import failed this way). The switch itself takes its lock
   * without the busy timeout, so processes opening a new file together wait their turn here.
   */
  private static useWal(db: Database.Database, busyTimeoutMs: number): void {
    const until = Date.now() + busyTimeoutMs;
    for (;;) {
      try {
        if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
        return;
      } catch (e) {
        if (!String((e as { code?: string }).code).startsWith('SQLITE_BUSY') || Date.now() >= until) throw e;
        Atomics.wait(PAUSE, 0, 0, 10);
      }
    }
  }

  protected static connect(path: string, busyTimeoutMs: number): Database.Database {
    const db = new Database(path, { timeout: busyTimeoutMs });
    db.pragma('foreign_keys = ON');
    // Writes that outrun checkpoints (an import's batches while readers hold old snapshots) grow the log; once checkpointed it shrinks back.
    db.pragma(`journal_size_limit = ${WAL_LIMIT_BYTES}`);
    return db;
  }

  async migrate(target = Infinity): Promise<number[]> {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const done = (this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => Number(r.version));
    const applied: number[] = [];
    for (const m of pendingMigrations(done, target)) {
      const ran = await this.write(() => {
        // Another process may have applied it since the list was read: the write lock makes this check exact.
        if (this.db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) return false;
        this.db.exec(m.sqlite);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
        if (m.version === AUDIT_RECORDS_MIGRATION) this.baseline();
        else if (LATER_COVERED[m.version]) this.baseline(LATER_COVERED[m.version]);
        return true;
      }, m.version >= AUDIT_RECORDS_MIGRATION);
      if (ran) applied.push(m.version);
    }
    return applied;
  }

  /** Records written before the audit covered records are taken into the trail as they stand. */
  protected baseline(tables?: string[]): void {
    const refs = recordHashes((table) => this.db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[], tables);
    if (refs.length) this.audit({ actor: 'bulwark', officeId: '-', action: 'store.baseline', subject: 'records written before the audit covered them', detail: { records: refs.length } }, refs);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** Runs a write transaction (BEGIN IMMEDIATE, so two writers never deadlock on upgrade), then moves the audit checkpoint. */
  protected write<T>(fn: () => T, audited = true): Promise<T> {
    const run = async () => {
      const out = this.db.transaction(fn).immediate();
      if (audited && !this.db.inTransaction) await this.advanceCheckpoint();
      return out;
    };
    return this.held.getStore() ? run() : this.queued(run);
  }

  /** Runs `run` when this process's earlier writes are done: two of its transactions never wait on each other's lock. */
  protected queued<T>(run: () => Promise<T>): Promise<T> {
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  async serialize<T>(_key: string, fn: () => Promise<T>): Promise<T> {
    if (this.held.getStore()) return fn();
    // SQLite has one writer at a time: holding the write lock from the read to the write serialises every key.
    const run = async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const out = await this.held.run(true, fn);
        this.db.exec('COMMIT');
        await this.advanceCheckpoint();
        return out;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      }
    };
    return this.queued(run);
  }

  protected async advanceCheckpoint(): Promise<void> {
    const last = this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    if (!last || !this.checkpoint) return;
    await this.checkpoint.advance({ seq: Number(last.seq), hash: last.hash }, async (seq) => (this.db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(seq) as { hash: string } | undefined)?.hash);
  }

  /** Hashes of the named records as they are stored now, for the audit entry of the change that wrote them. */
  protected refs(table: string, ids: (string | number)[], db = this.db): RecordRef[] {
    if (!ids.length) return [];
    return rowRefs(table, db.prepare(refsSql(table, ids.map(() => '?'))).all(...ids) as Record<string, unknown>[]);
  }

  async tableCounts(): Promise<Record<string, number>> {
    const tables = (this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    return Object.fromEntries(tables.map((t) => [t, Number((this.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n)]));
  }

  /** A consistent copy of the live store through SQLite's online backup API. */
  async backup(file: string): Promise<void> {
    await this.db.backup(file);
  }

  async verifyAudit(): Promise<AuditReport> {
    const entries = await this.listAudit();
    const refs = recordHashes((table) => this.db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]);
    return auditReport(entries, new Map(refs.map((r) => [`${r.table}:${r.id}`, r.hash])), this.checkpoint);
  }

  /** Appends to the audit chain; called inside other transactions so a change and its audit entry commit together. */
  protected audit(e: AuditInput, records: RecordRef[] = [], db = this.db): AuditEntry {
    assertNoNul(e);
    const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const r = auditRowAfter(last && { seq: Number(last.seq), hash: last.hash }, e, records);
    db
      .prepare('INSERT INTO audit_log (seq, at, actor, office_id, action, subject, detail, records, chain_version, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(r.seq, r.at, r.actor, r.officeId, r.action, r.subject, r.detail, r.records, r.chainVersion, r.prevHash, r.hash);
    return rowAudit(db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(r.seq) as AuditRow);
  }

  async appendAudit(e: AuditInput): Promise<AuditEntry> {
    return this.write(() => this.audit(e));
  }

  async listAudit(opts: { officeId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    const rows = (opts.officeId
      ? this.db.prepare('SELECT * FROM audit_log WHERE office_id = ? ORDER BY seq LIMIT ?').all(opts.officeId, opts.limit ?? 1e9)
      : this.db.prepare('SELECT * FROM audit_log ORDER BY seq LIMIT ?').all(opts.limit ?? 1e9)) as AuditRow[];
    return rows.map(rowAudit);
  }

}
