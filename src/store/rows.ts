import { createHash } from 'node:crypto';
import { ENTITY_COLUMNS, rowHash } from './audit.js';
import { BulwarkError } from '../errors.js';
import { normIdentifier, type Entity, type IdentifierType } from '../domain/entity.js';
import type { DrillCompletion, OfficeRecord, AlertRecord, ApproachRecord, AuditEntry, CatalogueVersion, ContactRecord, DatasetVersion, Decision, Delta, Judgement, Office, ReplaceDatasetInput } from './types.js';

/** Shared by both adapters: how entities become rows and rows become versions. */


export function contentHash(e: Entity): string {
  return createHash('sha1').update(JSON.stringify(e)).digest('hex');
}

export interface EntityRow {
  id: string;
  dataset: string;
  schema: string;
  caption: string;
  content_hash: string;
  data: string;
  raw: string;
}

export function entityRow(e: Entity): EntityRow {
  const { raw, ...data } = e;
  return {
    id: e.id,
    dataset: e.dataset,
    schema: e.schema,
    caption: e.caption,
    content_hash: contentHash(e),
    data: JSON.stringify(data),
    raw: JSON.stringify(raw ?? null),
  };
}

export function rowEntity(data: string, raw: string): Entity {
  return { ...(JSON.parse(data) as Omit<Entity, 'raw'>), raw: JSON.parse(raw) };
}

export function identifierRows(e: Entity): { type: string; value: string }[] {
  const seen = new Set<string>();
  const out = [];
  for (const i of e.identifiers) {
    const value = normIdentifier(i.value);
    const k = `${i.type}|${value}`;
    if (!value || seen.has(k)) continue;
    seen.add(k);
    out.push({ type: i.type, value });
  }
  return out;
}

/** What an import has written so far: entities and their counts by schema. */
export interface ImportTally {
  records: number;
  counts: Record<string, number>;
}

/**
 * An import's entities in batches, each with its row: checked to belong to the dataset and counted
 * by schema as they pass. The entities may be an array or a parser's stream; a batch is all that
 * is held at once.
 */
export async function* entityBatches(input: ReplaceDatasetInput, size: number, tally: ImportTally): AsyncGenerator<{ entity: Entity; row: EntityRow }[]> {
  let batch: { entity: Entity; row: EntityRow }[] = [];
  let chars = 0;
  for await (const e of input.entities) {
    if (e.dataset !== input.dataset) throw new Error(`entity ${e.id} belongs to dataset ${e.dataset}, not ${input.dataset}`);
    tally.records++;
    tally.counts[e.schema] = (tally.counts[e.schema] ?? 0) + 1;
    const row = entityRow(e);
    batch.push({ entity: e, row });
    chars += row.data.length + row.raw.length;
    if (batch.length >= size || chars >= BATCH_CHARS) {
      yield batch;
      batch = [];
      chars = 0;
    }
  }
  if (batch.length) yield batch;
}

/** Text per batch, whatever the count: a batch of large records (whole source records kept raw) stays a few MB. */
const BATCH_CHARS = 4_000_000;

/** Two entities with one id in a single import: the second would silently replace the first. */
export const duplicateEntity = (id: string, cause?: unknown) =>
  new BulwarkError('BWK_ERR_FILE_FORMAT', `entity id ${id} appears twice in one import`, { record: id }, cause ? { cause } : undefined);

/** The version's data date, read once the entities have all been written (a streamed file may give it at its end). */
export const dataDateOf = (input: ReplaceDatasetInput): string | null => (typeof input.dataDate === 'function' ? input.dataDate() : input.dataDate) ?? null;

/**
 * The delta between the version just written and the previous one, from the import's temporary
 * tables: import_prev holds the previous version's (id, content_hash), import_rows the new one's.
 * Counted in the store over ids and hashes only, so neither memory nor the entity rows are read.
 */
const DELTA_FROM: Record<keyof Delta['sample'], string> = {
  added: 'FROM import_rows n WHERE NOT EXISTS (SELECT 1 FROM import_prev p WHERE p.id = n.id)',
  removed: 'FROM import_prev n WHERE NOT EXISTS (SELECT 1 FROM import_rows r WHERE r.id = n.id)',
  changed: 'FROM import_rows n JOIN import_prev p ON p.id = n.id WHERE n.content_hash <> p.content_hash',
};

/** The delta by the queries above, through the adapter's `all` (the rows of a query). */
export async function deltaBySql(all: (sql: string) => Promise<Record<string, unknown>[]>, records: number): Promise<Delta> {
  const d: Delta = { added: 0, removed: 0, changed: 0, unchanged: 0, sample: { added: [], removed: [], changed: [] } };
  for (const kind of ['added', 'removed', 'changed'] as const) {
    d[kind] = Number((await all(`SELECT COUNT(*) AS n ${DELTA_FROM[kind]}`))[0].n);
    d.sample[kind] = (await all(`SELECT n.id ${DELTA_FROM[kind]} ORDER BY n.id LIMIT 50`)).map((r) => String(r.id));
  }
  d.unchanged = records - d.added - d.changed;
  return d;
}

/** The import's temporary tables: the previous version's content hashes, and the new version's with each row's audit hash (for the digest). */
export const IMPORT_TABLES = {
  prev: 'import_prev (id TEXT PRIMARY KEY, content_hash TEXT NOT NULL)',
  rows: 'import_rows (id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, hash TEXT NOT NULL)',
};

/** The audit hash of an entity row as stored in a version (the digest covers version_id too). */
export const importRowHash = (row: EntityRow, versionId: number) => rowHash({ ...row, version_id: versionId }, ENTITY_COLUMNS);

export interface VersionRow {
  id: number | string;
  dataset: string;
  format: string;
  source: string;
  file_hash: string;
  record_count: number;
  counts: string;
  data_date: string | null;
  imported_at: string;
  delta: string;
  actor: string;
}

export function rowVersion(r: VersionRow): DatasetVersion {
  return {
    id: Number(r.id),
    dataset: r.dataset,
    format: r.format,
    source: r.source,
    fileHash: r.file_hash,
    recordCount: Number(r.record_count),
    counts: JSON.parse(r.counts),
    ...(r.data_date ? { dataDate: r.data_date } : {}),
    importedAt: r.imported_at,
    delta: JSON.parse(r.delta),
    actor: r.actor,
  };
}

/** Groups link rows by the other entity and loads each once. */
export async function groupLinks(
  rows: { other: string; type: IdentifierType; value: string }[],
  load: (id: string) => Promise<Entity | null>,
) {
  const by = new Map<string, { type: IdentifierType; value: string }[]>();
  for (const r of rows) {
    const list = by.get(r.other) ?? [];
    if (!list.some((v) => v.type === r.type && v.value === r.value)) list.push({ type: r.type, value: r.value });
    by.set(r.other, list);
  }
  const out = [];
  for (const [other, via] of by) {
    const entity = await load(other);
    if (entity) out.push({ entity, via });
  }
  return out;
}

export interface DecisionRow {
  id: string;
  office_id: string;
  query_key: string;
  query_text: string;
  entity_id: string;
  entity_hash: string;
  decision: string;
  reason: string;
  actor: string;
  created_at: string;
}

export function decisionRow(d: Decision): DecisionRow {
  return { id: d.id, office_id: d.officeId, query_key: d.queryKey, query_text: d.queryText, entity_id: d.entityId, entity_hash: d.entityHash, decision: d.decision, reason: d.reason, actor: d.actor, created_at: d.createdAt };
}

export function rowDecision(r: DecisionRow): Decision {
  return { id: r.id, officeId: r.office_id, queryKey: r.query_key, queryText: r.query_text, entityId: r.entity_id, entityHash: r.entity_hash, decision: r.decision as Judgement, reason: r.reason, actor: r.actor, createdAt: r.created_at };
}

export interface AuditRow {
  seq: number | string;
  at: string;
  actor: string;
  office_id: string;
  action: string;
  subject: string;
  detail: string;
  records?: string;
  chain_version?: number | string;
  prev_hash: string;
  hash: string;
}

export function rowAudit(r: AuditRow): AuditEntry {
  return {
    seq: Number(r.seq), at: r.at, actor: r.actor, officeId: r.office_id, action: r.action, subject: r.subject, detail: JSON.parse(r.detail),
    records: JSON.parse(r.records ?? '[]'), chainVersion: Number(r.chain_version ?? 1), prevHash: r.prev_hash, hash: r.hash,
  };
}

export const rowOffice = (r: { id: string; name: string; kind: string; created_at: string }): Office => ({ id: r.id, name: r.name, kind: r.kind, createdAt: r.created_at });

export interface ContactRow {
  id: string;
  office_id: string;
  name: string;
  data: string;
  created_at: string;
  updated_at: string;
}
export const rowContact = (r: ContactRow): ContactRecord => ({ id: r.id, officeId: r.office_id, name: r.name, data: JSON.parse(r.data), createdAt: r.created_at, updatedAt: r.updated_at });

export interface ApproachRow {
  id: string;
  office_id: string;
  contact_id: string;
  date: string;
  data: string;
  assessment: string;
  catalogue_version: number | string;
  created_by: string;
  created_at: string;
}
export const rowApproach = (r: ApproachRow): ApproachRecord => ({
  id: r.id, officeId: r.office_id, contactId: r.contact_id, date: r.date, data: JSON.parse(r.data), assessment: JSON.parse(r.assessment),
  catalogueVersion: Number(r.catalogue_version), createdBy: r.created_by, createdAt: r.created_at,
});

export interface AlertRow {
  id: string;
  office_id: string;
  contact_id: string;
  approach_id: string;
  kind: string;
  level: string;
  message: string;
  routed_to: string;
  created_at: string;
}
export const rowAlert = (r: AlertRow): AlertRecord => ({
  id: r.id, officeId: r.office_id, contactId: r.contact_id, approachId: r.approach_id, kind: r.kind, level: r.level, message: r.message, routedTo: JSON.parse(r.routed_to), createdAt: r.created_at,
});

export const rowCatalogue = (r: { version: number | string; data: string; actor: string; note: string; created_at: string }): CatalogueVersion => ({
  version: Number(r.version), data: JSON.parse(r.data), actor: r.actor, note: r.note, createdAt: r.created_at,
});

export interface RecordRow {
  id: string;
  office_id: string;
  kind: string;
  record_key: string;
  record_date: string;
  data: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export const rowRecord = (r: RecordRow): OfficeRecord => ({
  id: r.id, officeId: r.office_id, kind: r.kind, key: r.record_key, date: r.record_date, data: JSON.parse(r.data), createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
});
export const recordParams = (r: OfficeRecord) => [r.id, r.officeId, r.kind, r.key, r.date, JSON.stringify(r.data), r.createdBy, r.createdAt, r.updatedAt];

export interface DrillRow { id: string; office_id: string; user_id: string; drill_id: string; drill_version: number; correct: number; total: number; completed_at: string }
export const rowDrill = (r: DrillRow): DrillCompletion => ({
  id: r.id, officeId: r.office_id, userId: r.user_id, drillId: r.drill_id, drillVersion: Number(r.drill_version), correct: Number(r.correct), total: Number(r.total), completedAt: r.completed_at,
});
export const drillParams = (c: DrillCompletion) => [c.id, c.officeId, c.userId, c.drillId, c.drillVersion, c.correct, c.total, c.completedAt];
export const DRILL_INSERT = 'INSERT INTO drill_completions (id, office_id, user_id, drill_id, drill_version, correct, total, completed_at) VALUES ';

/** The audit entry of a dataset import, written inside the import's transaction. */
export function importAudit(input: ReplaceDatasetInput, v: DatasetVersion) {
  return {
    actor: input.actor,
    officeId: input.officeId,
    action: 'lists.import',
    subject: input.dataset,
    detail: {
      version: v.id, source: v.source, fileHash: v.fileHash, records: v.recordCount, added: v.delta.added, removed: v.delta.removed, changed: v.delta.changed,
      ...(input.acceptLoss ? { acceptedLoss: input.acceptLoss } : {}),
    },
  };
}

/**
 * Refuses a new version that loses more than the allowed share of the current one's entries (a
 * truncated file would otherwise become the list without a word), unless a reason accepts the loss.
 */
export function assertAcceptableLoss(input: ReplaceDatasetInput, previous: number, delta: Delta): void {
  if (input.maxLoss === undefined || previous === 0 || delta.removed <= previous * input.maxLoss || input.acceptLoss?.trim()) return;
  const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;
  throw new BulwarkError(
    'BWK_ERR_LIST_SHRANK',
    `the new file would remove ${delta.removed} of the ${previous} entries of "${input.dataset}" (${pct(delta.removed / previous)}; at most ${pct(input.maxLoss)} may go without a reason) and add ${delta.added}: ` +
      'the file may be cut short; the current version is kept. If the list really shrank, import it with --force --reason "…"',
  );
}

/** PostgreSQL cannot store NUL in text; SQLite can. Both refuse it so the two stores accept the same input. */
export function assertNoNul(v: unknown, path = ''): void {
  if (typeof v === 'string') {
    if (v.includes('\u0000')) throw new BulwarkError('BWK_ERR_INPUT', 'the text contains a NUL character, which no field may hold', path ? { field: path } : {});
  } else if (Array.isArray(v)) v.forEach((x, i) => assertNoNul(x, path ? `${path}.${i}` : String(i)));
  else if (v && typeof v === 'object' && !(v instanceof Uint8Array)) for (const [k, x] of Object.entries(v)) assertNoNul(x, path ? `${path}.${k}` : k);
}

/** Rows of (key, office, contact) grouped by key. */
export function groupSharedKeys(rows: { key: string; office_id: string; contact_id: string }[]) {
  const out = new Map<string, { officeId: string; contactId: string }[]>();
  for (const r of rows) out.set(r.key, [...(out.get(r.key) ?? []), { officeId: r.office_id, contactId: r.contact_id }]);
  return [...out].map(([key, contacts]) => ({ key, contacts }));
}

/**
 * Every list with its current version and how many records it holds. Counted on the rows' own key (version, id), not
 * through the `entities` view: the view's dataset test reads every record's row (25 ms for the bundled lists, 0.5 here).
 */
export const LIST_DATASETS_SQL = `SELECT d.name, d.title, d.format, v.*, (SELECT COUNT(*) FROM entity_rows e WHERE e.version_id = d.current_version) AS entity_count
  FROM datasets d JOIN dataset_versions v ON v.id = d.current_version ORDER BY d.name`;
