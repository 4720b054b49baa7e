import { createHash } from 'node:crypto';
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

export function computeDelta(previous: Map<string, string>, next: EntityRow[]): Delta {
  const d: Delta = { added: 0, removed: 0, changed: 0, unchanged: 0, sample: { added: [], removed: [], changed: [] } };
  const nextIds = new Set<string>();
  for (const r of next) {
    nextIds.add(r.id);
    const old = previous.get(r.id);
    if (old === undefined) {
      d.added++;
      if (d.sample.added.length < 50) d.sample.added.push(r.id);
    } else if (old !== r.content_hash) {
      d.changed++;
      if (d.sample.changed.length < 50) d.sample.changed.push(r.id);
    } else d.unchanged++;
  }
  for (const id of previous.keys()) {
    if (!nextIds.has(id)) {
      d.removed++;
      if (d.sample.removed.length < 50) d.sample.removed.push(id);
    }
  }
  return d;
}

export function schemaCounts(entities: Entity[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const e of entities) c[e.schema] = (c[e.schema] ?? 0) + 1;
  return c;
}

/** Rejects two entities with one id in a single import: the second would silently replace the first. */
export function assertUniqueIds(input: ReplaceDatasetInput): void {
  const seen = new Set<string>();
  for (const e of input.entities) {
    if (e.dataset !== input.dataset) throw new Error(`entity ${e.id} belongs to dataset ${e.dataset}, not ${input.dataset}`);
    if (seen.has(e.id)) throw new Error(`entity id ${e.id} appears twice in one import`);
    seen.add(e.id);
  }
}

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
