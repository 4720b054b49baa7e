import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { digestOfHashes, OrderedEntitiesDigest } from './audit.js';
import { duplicateEntity, identifierRows, importRowHash } from './rows.js';
import type { ImportConnection } from './staged-import.js';
import type { AuditInput, RecordRef } from './types.js';

/** What the store lends an import: its write queue, and its audit chain on the import's connection. */
export interface SqliteImportDeps {
  queued<T>(run: () => Promise<T>): Promise<T>;
  audit(e: AuditInput, records: RecordRef[]): void;
  refs(table: string, ids: number[]): RecordRef[];
}

/**
 * A staged import on SQLite, on a connection of its own (its temporary tables live there). Its
 * transactions take their turn in the process's write queue, so the process's other writers are
 * never blocked on the lock by it; other processes wait for one batch at most.
 */
export function sqliteImport(db: Database.Database, deps: SqliteImportDeps): ImportConnection {
  // The SQLite file is on this machine: a staged version's process is alive if its pid is (another machine's cannot be told, so it is left).
  const here = hostname();
  let insert: { entity: Database.Statement; identifier: Database.Statement; hash: Database.Statement } | undefined;
  return {
    owner: `${here}:${process.pid}`,
    batch: 1000,
    async all(sql, params = []) {
      return db.prepare(sql).all(...params) as Record<string, unknown>[];
    },
    async run(sql, params = []) {
      return db.prepare(sql).run(...params).changes;
    },
    tx(fn) {
      return deps.queued(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const out = await fn();
          db.exec('COMMIT');
          return out;
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw e;
        }
      });
    },
    async writeBatch(versionId, batch) {
      insert ??= {
        entity: db.prepare('INSERT INTO entity_rows (id, dataset, version_id, schema, caption, content_hash, data, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
        identifier: db.prepare('INSERT INTO entity_identifier_rows (entity_id, dataset, version_id, type, value) VALUES (?, ?, ?, ?, ?)'),
        hash: db.prepare('INSERT INTO import_rows (id, content_hash, hash) VALUES (?, ?, ?)'),
      };
      for (const { entity: e, row: r } of batch) {
        try {
          insert.hash.run(r.id, r.content_hash, importRowHash(r, versionId));
        } catch (err) {
          throw (err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') ? duplicateEntity(r.id, err) : err;
        }
        insert.entity.run(r.id, r.dataset, versionId, r.schema, r.caption, r.content_hash, r.data, r.raw);
        for (const i of identifierRows(e)) insert.identifier.run(e.id, e.dataset, versionId, i.type, i.value);
      }
    },
    async digest() {
      const ordered = new OrderedEntitiesDigest();
      for (const r of db.prepare('SELECT id, hash FROM import_rows ORDER BY id').iterate() as Iterable<{ id: string; hash: string }>) ordered.add(r.id, r.hash);
      return ordered.digest() ?? digestOfHashes(db.prepare('SELECT id, hash FROM import_rows').all() as { id: string; hash: string }[]);
    },
    async alive(owner) {
      const at = owner.lastIndexOf(':');
      if (owner.slice(0, at) !== here) return true;
      try {
        process.kill(Number(owner.slice(at + 1)), 0);
        return true;
      } catch (e) {
        return (e as { code?: string }).code === 'EPERM';
      }
    },
    // BEGIN IMMEDIATE already admits one writer at a time.
    async lockDataset() {},
    async audit(e, records) {
      deps.audit(e, records);
    },
    async refs(table, ids) {
      return deps.refs(table, ids);
    },
  };
}
