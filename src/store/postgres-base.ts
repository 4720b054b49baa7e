import { dirname } from 'node:path';
import pg from 'pg';
import { AuditCheckpoint, auditReport, auditRowAfter, HASHED_TABLES, LATER_COVERED, recordHashes, refsSql, rowRefs } from './audit.js';
import { storeFault } from './faults.js';
import { AUDIT_RECORDS_MIGRATION, pendingMigrations } from './migrations.js';
import { assertNoNul, rowAudit, type AuditRow } from './rows.js';
import type { AuditEntry, AuditInput, AuditReport, RecordRef, StoreOptions } from './types.js';

/** The PostgreSQL pool and transactions, migrations, locks, audit chain and checkpoint. */
export abstract class PostgresBase {
  readonly kind = 'postgres' as const;
  protected pool: pg.Pool;
  protected readonly checkpoint?: AuditCheckpoint;
  /** Serialized sections of this process, one after another. */
  private sections: Promise<unknown> = Promise.resolve();

  /** `schema` isolates a store inside one database (the contract tests use a fresh one each run). */
  constructor(readonly url: string, readonly schema?: string, opts: StoreOptions = {}) {
    try {
      this.pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000 });
    } catch (e) {
      throw storeFault(e, 'PostgreSQL');
    }
    // Idle connections that fail (the server restarted) must not crash the process.
    this.pool.on('error', () => undefined);
    if (opts.auditCheckpoint) this.checkpoint = new AuditCheckpoint(opts.auditCheckpoint, opts.auditKey);
    if (schema) {
      if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
      this.pool.on('connect', (c) => {
        c.query(`SET search_path TO ${schema}`).catch(() => undefined);
      });
    }
  }

  protected async tx<T>(fn: (c: pg.PoolClient) => Promise<T>, audited = false): Promise<T> {
    const c = await this.pool.connect();
    let out: T;
    try {
      if (this.schema) await c.query(`SET search_path TO ${this.schema}`);
      await c.query('BEGIN');
      out = await fn(c);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
    if (audited) await this.advanceCheckpoint();
    return out;
  }

  get files(): { dir: string; identity: string } | undefined {
    if (!this.checkpoint) return undefined;
    // The address without the user and password: the identity is written into the files.
    const at = URL.canParse(this.url) ? new URL(this.url) : undefined;
    return { dir: dirname(this.checkpoint.path), identity: `postgres:${at ? `${at.host}${at.pathname}` : ''}|${this.schema ?? 'public'}` };
  }

  /** A write transaction that appends to the audit chain; the checkpoint moves after it commits. */
  protected write<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.tx(fn, true);
  }

  protected async advanceCheckpoint(): Promise<void> {
    if (!this.checkpoint) return;
    const last = await this.q<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    if (!last[0]) return;
    await this.checkpoint.advance({ seq: Number(last[0].seq), hash: last[0].hash }, async (seq) => (await this.q<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [seq]))[0]?.hash);
  }

  /**
   * A session-level advisory lock on the key, held on its own connection while `fn` runs: every
   * process sharing the database waits for it, and a killed process's lock ends with its session.
   */
  async serialize<T>(key: string, fn: () => Promise<T>): Promise<T> {
    // One section at a time in this process: waiters holding pool connections could otherwise starve the holder.
    const run = async () => {
      const c = await this.pool.connect();
      try {
        await c.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
        return await fn();
      } finally {
        await c.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
        c.release();
      }
    };
    const p = this.sections.then(run, run);
    this.sections = p.catch(() => undefined);
    return p;
  }

  protected async refs(c: pg.PoolClient, table: string, ids: (string | number)[]): Promise<RecordRef[]> {
    if (!ids.length) return [];
    return rowRefs(table, (await c.query(refsSql(table, ids.map((_, i) => `$${i + 1}`)), ids)).rows);
  }

  async tableCounts(): Promise<Record<string, number>> {
    const tables = await this.q<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    const out: Record<string, number> = {};
    for (const t of tables) out[t.table_name] = Number((await this.q<{ n: string }>(`SELECT COUNT(*) AS n FROM ${t.table_name}`))[0].n);
    return out;
  }

  async verifyAudit(): Promise<AuditReport> {
    // One snapshot for the chain and the records, so a write in between cannot look like tampering.
    const c = await this.pool.connect();
    try {
      if (this.schema) await c.query(`SET search_path TO ${this.schema}`);
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const entries = (await c.query<AuditRow>('SELECT * FROM audit_log ORDER BY seq')).rows.map(rowAudit);
      const fetched = new Map<string, Record<string, unknown>[]>();
      for (const [t] of HASHED_TABLES) fetched.set(t, (await c.query(`SELECT * FROM ${t}`)).rows);
      await c.query('COMMIT');
      const refs = recordHashes((t) => fetched.get(t) ?? []);
      return auditReport(entries, new Map(refs.map((r) => [`${r.table}:${r.id}`, r.hash])), this.checkpoint);
    } finally {
      c.release();
    }
  }

  protected async q<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.tx(async (c) => (await c.query<R>(sql, params)).rows);
  }

  async migrate(target = Infinity): Promise<number[]> {
    if (this.schema) {
      const c = await this.pool.connect();
      try {
        await c.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      } finally {
        c.release();
      }
    }
    const migrated = await this.tx(async (c) => {
      // One migrator at a time, even with several servers starting together.
      await c.query('SELECT pg_advisory_xact_lock(4242001)');
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      const done = (await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version));
      const applied: number[] = [];
      for (const m of pendingMigrations(done, target)) {
        await c.query(m.postgres);
        await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
        if (m.version === AUDIT_RECORDS_MIGRATION) await this.baseline(c);
        else if (LATER_COVERED[m.version]) await this.baseline(c, LATER_COVERED[m.version]);
        applied.push(m.version);
      }
      return applied;
    });
    const covered = await this.q<{ n: string }>('SELECT COUNT(*) AS n FROM schema_migrations WHERE version = $1', [AUDIT_RECORDS_MIGRATION]);
    if (Number(covered[0].n)) await this.advanceCheckpoint();
    return migrated;
  }

  /** Records written before the audit covered records are taken into the trail as they stand. */
  protected async baseline(c: pg.PoolClient, tables?: string[]): Promise<void> {
    const fetched = new Map<string, Record<string, unknown>[]>();
    for (const [t] of HASHED_TABLES) if (!tables || tables.includes(t)) fetched.set(t, (await c.query(`SELECT * FROM ${t}`)).rows);
    const refs = recordHashes((t) => fetched.get(t) ?? [], tables);
    if (refs.length) await this.audit(c, { actor: 'bulwark', officeId: '-', action: 'store.baseline', subject: 'records written before the audit covered them', detail: { records: refs.length } }, refs);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Drops the isolating schema (tests only). */
  async dropSchema(): Promise<void> {
    if (this.schema) await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }


  /** Appends to the audit chain inside the caller's transaction, so a change and its audit entry commit together. */
  protected async audit(c: pg.PoolClient, e: AuditInput, records: RecordRef[] = []): Promise<AuditEntry> {
    assertNoNul(e);
    // One writer at a time keeps the chain linear.
    await c.query('LOCK TABLE audit_log IN EXCLUSIVE MODE');
    const last = (await c.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')).rows[0];
    const r = auditRowAfter(last && { seq: Number(last.seq), hash: last.hash }, e, records);
    const ins = await c.query<AuditRow>(
      'INSERT INTO audit_log (seq, at, actor, office_id, action, subject, detail, records, chain_version, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *',
      [r.seq, r.at, r.actor, r.officeId, r.action, r.subject, r.detail, r.records, r.chainVersion, r.prevHash, r.hash],
    );
    return rowAudit(ins.rows[0]);
  }

  async appendAudit(e: AuditInput): Promise<AuditEntry> {
    return this.write((c) => this.audit(c, e));
  }

  async listAudit(opts: { officeId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    const rows = opts.officeId
      ? await this.q<AuditRow>('SELECT * FROM audit_log WHERE office_id = $1 ORDER BY seq LIMIT $2', [opts.officeId, opts.limit ?? 1e9])
      : await this.q<AuditRow>('SELECT * FROM audit_log ORDER BY seq LIMIT $1', [opts.limit ?? 1e9]);
    return rows.map(rowAudit);
  }

}
