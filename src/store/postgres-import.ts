import type pg from 'pg';
import { digestOfHashes, OrderedEntitiesDigest } from './audit.js';
import { duplicateEntity, identifierRows, importRowHash } from './rows.js';
import { pgSql } from './security.js';
import type { ImportConnection } from './staged-import.js';
import type { AuditInput, RecordRef } from './types.js';

/** Rows per INSERT … SELECT FROM unnest(…): large batches keep round trips few. */
const BATCH = 2000;

/** What the store lends an import: its audit chain on the import's connection. */
export interface PostgresImportDeps {
  audit(c: pg.PoolClient, e: AuditInput, records: RecordRef[]): Promise<unknown>;
  refs(c: pg.PoolClient, table: string, ids: number[]): Promise<RecordRef[]>;
}

/** A server process's start, exact and independent of the session's time zone (with its pid, it names the process). */
const STARTED = '(extract(epoch FROM backend_start) * 1000000)::bigint';

const cols = <T>(rows: T[], ...pick: ((r: T) => unknown)[]) => pick.map((f) => rows.map(f));

/**
 * A staged import on PostgreSQL, on one pooled connection for its whole run (its temporary tables
 * live there). The staged version's owner is that connection's server process: it ends when the
 * process importing dies, however it dies.
 */
export async function postgresImport(c: pg.PoolClient, deps: PostgresImportDeps): Promise<ImportConnection> {
  const me = (await c.query<{ owner: string }>(`SELECT pid || ':' || ${STARTED} AS owner FROM pg_stat_activity WHERE pid = pg_backend_pid()`)).rows[0];
  return {
    owner: `pg:${me.owner}`,
    batch: BATCH,
    async all(sql, params = []) {
      return (await c.query(pgSql(sql), params)).rows;
    },
    async run(sql, params = []) {
      return (await c.query(pgSql(sql), params)).rowCount ?? 0;
    },
    async tx(fn) {
      await c.query('BEGIN');
      try {
        const out = await fn();
        await c.query('COMMIT');
        return out;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    },
    async writeBatch(versionId, batch) {
      const rows = batch.map((b) => b.row);
      try {
        await c.query('INSERT INTO import_rows (id, content_hash, hash) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])', cols(rows, (r) => r.id, (r) => r.content_hash, (r) => importRowHash(r, versionId)));
      } catch (err) {
        const dup = (err as { code?: string; detail?: string }).code === '23505' ? (err as { detail?: string }).detail?.match(/^Key \(id\)=\((.*)\) already exists/s) : null;
        throw dup ? duplicateEntity(dup[1], err) : err;
      }
      await c.query(
        `INSERT INTO entity_rows (id, dataset, version_id, schema, caption, content_hash, data, raw)
         SELECT id, dataset, $1, schema, caption, content_hash, data, raw
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(id, dataset, schema, caption, content_hash, data, raw)`,
        [versionId, ...cols(rows, (r) => r.id, (r) => r.dataset, (r) => r.schema, (r) => r.caption, (r) => r.content_hash, (r) => r.data, (r) => r.raw)],
      );
      const ids = batch.flatMap(({ entity: e }) => identifierRows(e).map((i) => [e.id, e.dataset, i.type, i.value]));
      if (ids.length) {
        await c.query(
          'INSERT INTO entity_identifier_rows (entity_id, dataset, version_id, type, value) SELECT e, d, $1, t, v FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS x(e, d, t, v)',
          [versionId, ...cols(ids, (r) => r[0], (r) => r[1], (r) => r[2], (r) => r[3])],
        );
      }
    },
    async digest() {
      // The row hashes in id order through a cursor, a page at a time.
      const ordered = new OrderedEntitiesDigest();
      await c.query('BEGIN');
      try {
        await c.query('DECLARE import_digest CURSOR FOR SELECT id, hash FROM import_rows ORDER BY id COLLATE "C"');
        for (let page = await c.query<{ id: string; hash: string }>(`FETCH ${BATCH * 5} FROM import_digest`); page.rows.length; page = await c.query(`FETCH ${BATCH * 5} FROM import_digest`)) {
          for (const r of page.rows) ordered.add(r.id, r.hash);
        }
      } finally {
        await c.query('COMMIT');
      }
      return ordered.digest() ?? digestOfHashes((await c.query<{ id: string; hash: string }>('SELECT id, hash FROM import_rows')).rows);
    },
    async alive(owner) {
      const [pid, started] = owner.replace(/^pg:/, '').split(':');
      return (await c.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND ${STARTED}::text = $2`, [Number(pid), started])).rows.length > 0;
    },
    async lockDataset(dataset) {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [dataset]);
    },
    async audit(e, records) {
      await deps.audit(c, e, records);
    },
    async refs(table, ids) {
      return deps.refs(c, table, ids);
    },
  };
}
