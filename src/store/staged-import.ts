import type { Entity } from '../domain/entity.js';
import { BulwarkError } from '../errors.js';
import { assertAcceptableLoss, dataDateOf, deltaBySql, entityBatches, IMPORT_TABLES, importAudit, rowVersion, type EntityRow, type ImportTally, type VersionRow } from './rows.js';
import type { AuditInput, DatasetVersion, RecordRef, ReplaceDatasetInput } from './types.js';

/**
 * A list import, the same on both stores. The new version's rows are written in short committed
 * transactions while it is not yet current; readers see a dataset through the views `entities`
 * and `entity_identifiers`, which show its current version only, so the staged rows are invisible.
 * One short last transaction checks the version (the loss check, a concurrent import) and makes it
 * current with its audit entry. Other writers wait for one batch at most, never the whole import;
 * a process killed at any point leaves the previous version current, and its staged rows are
 * removed by the next import.
 */

/** What an adapter gives a staged import: its own connection (the temporary tables live there) and the dialect's statements. */
export interface ImportConnection {
  /** The process writing the staged version, as `alive` can test it later. */
  readonly owner: string;
  /** Entities per batch (one short transaction each). */
  readonly batch: number;
  /** Rows of a statement written with `?` placeholders. */
  all(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Rows changed by a statement written with `?` placeholders. */
  run(sql: string, params?: unknown[]): Promise<number>;
  /** A short write transaction, committed when fn returns. */
  tx<T>(fn: () => Promise<T>): Promise<T>;
  /** Writes a batch of the staged version's rows, and their audit hashes into import_rows (inside tx). */
  writeBatch(versionId: number, batch: { entity: Entity; row: EntityRow }[]): Promise<void>;
  /** The entities digest of import_rows, read in id order. */
  digest(): Promise<string>;
  /** Whether the process that staged a version may still be writing it. */
  alive(owner: string): Promise<boolean>;
  /** Inside tx: waits for another import's last transaction of the same dataset. */
  lockDataset(dataset: string): Promise<void>;
  audit(e: AuditInput, records: RecordRef[]): Promise<void>;
  refs(table: string, ids: number[]): Promise<RecordRef[]>;
}

/** Rows removed per transaction when a version that is no longer (or never became) current is cleared. */
const DROP_CHUNK = 5000;

const CURRENT = 'SELECT v.id, v.file_hash FROM datasets d JOIN dataset_versions v ON v.id = d.current_version WHERE d.name = ?';

async function current(c: ImportConnection, dataset: string): Promise<{ id: number; fileHash: string } | undefined> {
  const r = (await c.all(CURRENT, [dataset]))[0];
  return r && { id: Number(r.id), fileHash: String(r.file_hash) };
}

function assertNewFile(input: ReplaceDatasetInput, cur: { fileHash: string } | undefined): void {
  if (cur && cur.fileHash === input.fileHash && !input.force) {
    throw new BulwarkError('BWK_ERR_DUPLICATE_IMPORT', `dataset "${input.dataset}" already holds this exact file (sha256 ${input.fileHash.slice(0, 12)}…); use --force to re-import`);
  }
}

export async function stagedImport(c: ImportConnection, input: ReplaceDatasetInput): Promise<DatasetVersion> {
  await sweepVersions(c);
  assertNewFile(input, await current(c, input.dataset));
  const staged = await c.tx(() =>
    c.all(
      `INSERT INTO dataset_versions (dataset, format, source, file_hash, record_count, counts, data_date, imported_at, delta, actor, staged_by)
       VALUES (?, ?, ?, ?, 0, '{}', NULL, ?, '{}', ?, ?) RETURNING id`,
      [input.dataset, input.format, input.source, input.fileHash, new Date().toISOString(), input.actor, c.owner],
    ),
  );
  const versionId = Number(staged[0].id);
  try {
    await c.run('DROP TABLE IF EXISTS import_prev');
    await c.run('DROP TABLE IF EXISTS import_rows');
    await c.run(`CREATE TEMP TABLE ${IMPORT_TABLES.prev}`);
    await c.run(`CREATE TEMP TABLE ${IMPORT_TABLES.rows}`);
    const tally: ImportTally = { records: 0, counts: {} };
    for await (const batch of entityBatches(input, c.batch, tally)) await c.tx(() => c.writeBatch(versionId, batch));
    const digest = await c.digest();
    for (;;) {
      const version = await makeCurrent(c, input, versionId, tally, digest);
      if (version) return version;
    }
  } catch (e) {
    await dropVersion(c, versionId, true).catch(() => undefined);
    throw e;
  } finally {
    await c.run('DROP TABLE IF EXISTS import_prev').catch(() => undefined);
    await c.run('DROP TABLE IF EXISTS import_rows').catch(() => undefined);
  }
}

/**
 * Counts the delta against the current version outside any write transaction (over a large list it
 * takes a while), then makes the staged version current in a short one, unless another import of
 * the dataset became current in between: then undefined, and the delta is counted again.
 */
async function makeCurrent(c: ImportConnection, input: ReplaceDatasetInput, versionId: number, tally: ImportTally, digest: string): Promise<DatasetVersion | undefined> {
  const before = await current(c, input.dataset);
  await c.run('DELETE FROM import_prev');
  // Read after `before`: a version made current in between shows as a changed current version below.
  await c.run('INSERT INTO import_prev SELECT id, content_hash FROM entities WHERE dataset = ?', [input.dataset]);
  const previous = Number((await c.all('SELECT COUNT(*) AS n FROM import_prev'))[0].n);
  const delta = await deltaBySql((sql) => c.all(sql), tally.records);
  return c.tx(async () => {
    await c.lockDataset(input.dataset);
    const now = await current(c, input.dataset);
    if (now?.id !== before?.id) return undefined;
    assertNewFile(input, now);
    assertAcceptableLoss(input, previous, delta);
    // Imported when it became current: of two imports of a list at once, the later to finish is the newer.
    await c.run('UPDATE dataset_versions SET record_count = ?, counts = ?, data_date = ?, imported_at = ?, delta = ?, staged_by = NULL WHERE id = ?', [
      tally.records, JSON.stringify(tally.counts), dataDateOf(input), new Date().toISOString(), JSON.stringify(delta), versionId,
    ]);
    await c.run(
      `INSERT INTO datasets (name, title, format, current_version) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET title = excluded.title, format = excluded.format, current_version = excluded.current_version`,
      [input.dataset, input.title, input.format, versionId],
    );
    const version = rowVersion((await c.all('SELECT * FROM dataset_versions WHERE id = ?', [versionId]))[0] as unknown as VersionRow);
    await c.audit(importAudit(input, version), [...(await c.refs('dataset_versions', [versionId])), { table: 'entities', id: input.dataset, hash: digest }]);
    return version;
  });
}

/** Versions with rows that no reader sees: replaced ones, and staged ones whose import stopped (its process may be alive: checked after). */
const LEFT_OVER = `SELECT v.id, v.staged_by FROM dataset_versions v LEFT JOIN datasets d ON d.name = v.dataset
  WHERE v.id <> COALESCE(d.current_version, -1) AND (v.staged_by IS NOT NULL OR EXISTS (SELECT 1 FROM entity_rows e WHERE e.version_id = v.id))
  ORDER BY v.id`;

/** Removes the rows of replaced versions, and staged versions whose process is gone, a chunk per transaction. */
export async function sweepVersions(c: ImportConnection): Promise<void> {
  for (const v of await c.all(LEFT_OVER)) {
    const owner = v.staged_by === null || v.staged_by === undefined ? undefined : String(v.staged_by);
    if (owner !== undefined && (await c.alive(owner))) continue;
    await dropVersion(c, Number(v.id), owner !== undefined);
  }
}

async function dropVersion(c: ImportConnection, id: number, staged: boolean): Promise<void> {
  const chunk = `SELECT id FROM entity_rows WHERE version_id = ? ORDER BY id LIMIT ${DROP_CHUNK}`;
  while (
    await c.tx(async () => {
      await c.run(`DELETE FROM entity_identifier_rows WHERE version_id = ? AND entity_id IN (${chunk})`, [id, id]);
      return c.run(`DELETE FROM entity_rows WHERE version_id = ? AND id IN (${chunk})`, [id, id]);
    })
  );
  // A staged version never became current, so nothing in the audit trail names it.
  if (staged) await c.tx(() => c.run('DELETE FROM dataset_versions WHERE id = ? AND staged_by IS NOT NULL', [id]));
}
