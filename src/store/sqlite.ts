import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Entity, IdentifierType } from '../domain/entity.js';
import { BulwarkError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';
import {
  assertUniqueIds, auditHash, computeDelta, decisionRow, entityRow, GENESIS_HASH, groupLinks, identifierRows, linkingTypes, normIdentifier,
  rowAudit, rowDecision, rowEntity, rowVersion, schemaCounts, type AuditRow, type DecisionRow, type VersionRow,
} from './rows.js';
import type { AuditEntry, DatasetSummary, DatasetVersion, Decision, ReplaceDatasetInput, Store } from './types.js';

/** The embedded store: one SQLite file through better-sqlite3 (synchronous, wrapped in the async interface). */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
  }

  async migrate(): Promise<number[]> {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const done = new Set((this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sqlite);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      })();
      applied.push(m.version);
    }
    return applied;
  }

  async close(): Promise<void> {
    this.db.close();
  }

  async replaceDataset(input: ReplaceDatasetInput): Promise<DatasetVersion> {
    assertUniqueIds(input);
    const rows = input.entities.map(entityRow);
    const run = this.db.transaction((): DatasetVersion => {
      const current = this.db
        .prepare('SELECT v.file_hash FROM datasets d JOIN dataset_versions v ON v.id = d.current_version WHERE d.name = ?')
        .get(input.dataset) as { file_hash: string } | undefined;
      if (current && current.file_hash === input.fileHash && !input.force) {
        throw new BulwarkError('BWK_ERR_DUPLICATE_IMPORT', `dataset "${input.dataset}" already holds this exact file (sha256 ${input.fileHash.slice(0, 12)}…); use --force to re-import`);
      }
      const previous = new Map(
        (this.db.prepare('SELECT id, content_hash FROM entities WHERE dataset = ?').all(input.dataset) as { id: string; content_hash: string }[]).map((r) => [r.id, r.content_hash]),
      );
      const delta = computeDelta(previous, rows);
      const importedAt = new Date().toISOString();
      const info = this.db
        .prepare(
          `INSERT INTO dataset_versions (dataset, format, source, file_hash, record_count, counts, data_date, imported_at, delta, actor)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(input.dataset, input.format, input.source, input.fileHash, rows.length, JSON.stringify(schemaCounts(input.entities)), input.dataDate ?? null, importedAt, JSON.stringify(delta), input.actor);
      const versionId = Number(info.lastInsertRowid);
      this.db.prepare('DELETE FROM entity_identifiers WHERE dataset = ?').run(input.dataset);
      this.db.prepare('DELETE FROM entities WHERE dataset = ?').run(input.dataset);
      const insE = this.db.prepare(
        'INSERT INTO entities (id, dataset, version_id, schema, caption, content_hash, data, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const insI = this.db.prepare('INSERT INTO entity_identifiers (entity_id, dataset, type, value) VALUES (?, ?, ?, ?)');
      input.entities.forEach((e, i) => {
        const r = rows[i];
        insE.run(r.id, r.dataset, versionId, r.schema, r.caption, r.content_hash, r.data, r.raw);
        for (const id of identifierRows(e)) insI.run(e.id, e.dataset, id.type, id.value);
      });
      this.db
        .prepare(
          `INSERT INTO datasets (name, title, format, current_version) VALUES (?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET title = excluded.title, format = excluded.format, current_version = excluded.current_version`,
        )
        .run(input.dataset, input.title, input.format, versionId);
      return rowVersion(this.db.prepare('SELECT * FROM dataset_versions WHERE id = ?').get(versionId) as VersionRow);
    });
    return run();
  }

  async listDatasets(): Promise<DatasetSummary[]> {
    const rows = this.db
      .prepare(
        `SELECT d.name, d.title, d.format, v.*, (SELECT COUNT(*) FROM entities e WHERE e.dataset = d.name) AS entity_count
         FROM datasets d JOIN dataset_versions v ON v.id = d.current_version ORDER BY d.name`,
      )
      .all() as (VersionRow & { name: string; title: string; entity_count: number })[];
    return rows.map((r) => ({ name: r.name, title: r.title, format: r.format, current: rowVersion(r), entityCount: Number(r.entity_count) }));
  }

  async datasetHistory(dataset: string): Promise<DatasetVersion[]> {
    return (this.db.prepare('SELECT * FROM dataset_versions WHERE dataset = ? ORDER BY id DESC').all(dataset) as VersionRow[]).map(rowVersion);
  }

  async getEntity(id: string): Promise<Entity | null> {
    const r = this.db.prepare('SELECT data, raw FROM entities WHERE id = ?').get(id) as { data: string; raw: string } | undefined;
    return r ? rowEntity(r.data, r.raw) : null;
  }

  async loadEntities(datasets?: string[]): Promise<Entity[]> {
    const rows = (datasets?.length
      ? this.db.prepare(`SELECT data, raw FROM entities WHERE dataset IN (${datasets.map(() => '?').join(',')}) ORDER BY id`).all(...datasets)
      : this.db.prepare('SELECT data, raw FROM entities ORDER BY id').all()) as { data: string; raw: string }[];
    return rows.map((r) => rowEntity(r.data, r.raw));
  }

  async countEntities(dataset?: string): Promise<number> {
    const r = (dataset
      ? this.db.prepare('SELECT COUNT(*) AS n FROM entities WHERE dataset = ?').get(dataset)
      : this.db.prepare('SELECT COUNT(*) AS n FROM entities').get()) as { n: number };
    return Number(r.n);
  }

  async entitiesByIdentifier(type: IdentifierType, value: string): Promise<Entity[]> {
    const rows = this.db
      .prepare('SELECT e.data, e.raw FROM entities e WHERE e.id IN (SELECT entity_id FROM entity_identifiers WHERE type = ? AND value = ?) ORDER BY e.id')
      .all(type, normIdentifier(value)) as { data: string; raw: string }[];
    return rows.map((r) => rowEntity(r.data, r.raw));
  }

  async linkedEntities(id: string) {
    const types = linkingTypes();
    const rows = this.db
      .prepare(
        `SELECT o.entity_id AS other, s.type, s.value FROM entity_identifiers s
         JOIN entity_identifiers o ON o.type = s.type AND o.value = s.value AND o.entity_id <> s.entity_id
         WHERE s.entity_id = ? AND s.type IN (${types.map(() => '?').join(',')}) ORDER BY o.entity_id`,
      )
      .all(id, ...types) as { other: string; type: IdentifierType; value: string }[];
    return groupLinks(rows, (i) => this.getEntity(i));
  }

  async addDecision(d: Decision): Promise<void> {
    const r = decisionRow(d);
    this.db
      .prepare(
        `INSERT INTO screening_decisions (id, office_id, query_key, query_text, entity_id, entity_hash, decision, reason, actor, created_at)
         VALUES (@id, @office_id, @query_key, @query_text, @entity_id, @entity_hash, @decision, @reason, @actor, @created_at)`,
      )
      .run(r);
  }

  async latestDecisions(officeId: string, queryKey: string, entityIds: string[]): Promise<Map<string, Decision>> {
    const out = new Map<string, Decision>();
    if (!entityIds.length) return out;
    const rows = this.db
      .prepare(
        `SELECT * FROM screening_decisions WHERE office_id = ? AND query_key = ? AND entity_id IN (${entityIds.map(() => '?').join(',')})
         ORDER BY created_at, id`,
      )
      .all(officeId, queryKey, ...entityIds) as DecisionRow[];
    for (const r of rows) out.set(r.entity_id, rowDecision(r));
    return out;
  }

  async appendAudit(e: Pick<AuditEntry, 'actor' | 'officeId' | 'action' | 'subject' | 'detail'>): Promise<AuditEntry> {
    return this.db.transaction(() => {
      const last = this.db.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { hash: string } | undefined;
      const prevHash = last?.hash ?? GENESIS_HASH;
      const row = { at: new Date().toISOString(), actor: e.actor, officeId: e.officeId, action: e.action, subject: e.subject, detail: JSON.stringify(e.detail ?? null) };
      const hash = auditHash(prevHash, row);
      const info = this.db
        .prepare('INSERT INTO audit_log (at, actor, office_id, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(row.at, row.actor, row.officeId, row.action, row.subject, row.detail, prevHash, hash);
      return rowAudit(this.db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(info.lastInsertRowid) as AuditRow);
    })();
  }

  async listAudit(opts: { officeId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    const rows = (opts.officeId
      ? this.db.prepare('SELECT * FROM audit_log WHERE office_id = ? ORDER BY seq LIMIT ?').all(opts.officeId, opts.limit ?? 1e9)
      : this.db.prepare('SELECT * FROM audit_log ORDER BY seq LIMIT ?').all(opts.limit ?? 1e9)) as AuditRow[];
    return rows.map(rowAudit);
  }
}
